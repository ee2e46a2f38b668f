// Agreement among two or more coders and ICC, against published worked examples.
// Each value is asserted to its printed precision and, where recomputed with R
// (irr's kappam.fleiss / kripp.alpha, psych's cohen.kappa / ICC), to 1e-7.
#include <catch2/catch.hpp>
#include <cmath>

#include "attune/coding/stats/icc.hpp"
#include "attune/coding/stats/multi_rater.hpp"

using namespace attune::stats;

namespace {

const std::vector<std::string> kFive = {"1", "2", "3", "4", "5"};

// Fleiss (1971)'s 30 patients x 6 psychiatrists (1 depression, 2 personality disorder,
// 3 schizophrenia, 4 neurosis, 5 other), as R irr's `diagnoses` data set (statsmodels'
// test_inter_rater.py prints it as numbers).
std::vector<std::vector<std::string>> diagnoses() {
    const int rows[30][6] = {
        {4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5},
        {2, 2, 2, 4, 4, 4}, {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4},
        {1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5}, {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4},
        {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5}, {3, 3, 3, 3, 3, 5},
        {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
        {5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4},
        {1, 4, 4, 4, 4, 5}, {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4},
        {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5}};
    std::vector<std::vector<std::string>> units;
    for (const auto& row : rows) {
        auto& unit = units.emplace_back();
        for (int code : row) unit.push_back(std::to_string(code));
    }
    return units;
}

std::vector<std::vector<std::string>> first_coders(std::vector<std::vector<std::string>> units,
                                                   size_t coders) {
    for (auto& unit : units) unit.resize(coders);
    return units;
}

using Values = std::vector<std::vector<std::optional<double>>>;
constexpr auto _ = std::nullopt;

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
// 4 observers x 12 units, values 1-5, with missing values (irr's kripp.alpha example).
Values krippendorff_2011_c() {
    return {{1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _},
            {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3},
            {_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _},
            {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _}};
}

// Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges.
Values shrout_fleiss_table_2() {
    return {{9, 2, 5, 8}, {6, 1, 3, 2}, {8, 4, 6, 8}, {7, 1, 2, 6}, {10, 5, 6, 9}, {6, 2, 4, 7}};
}

}  // namespace

TEST_CASE("Fleiss' kappa from per-subject counts (Wikipedia, 'Fleiss' kappa')", "[agreement]") {
    // 10 subjects, 14 raters, 5 categories; Wikipedia prints P-bar 0.378, P-bar_e 0.213,
    // kappa 0.210. To 7 digits recomputed in R from Fleiss (1971)'s formulas: 0.2099307.
    const std::vector<std::vector<int>> counts = {
        {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
        {7, 7, 0, 0, 0},  {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};
    auto r = fleiss_kappa(counts);
    REQUIRE(r.value.has_value());
    CHECK(*r.value == Approx(0.210).margin(5e-4));
    CHECK(*r.value == Approx(0.2099307).margin(1e-7));
    CHECK(r.n == 10);
    CHECK(r.name == "Fleiss' kappa");
    CHECK(r.inputs == "14 ratings per unit, 10 units");
    CHECK_FALSE(r.ci.has_value());  // no interval: see docs/statistics.md
}

TEST_CASE("Fleiss' kappa from codes: Fleiss (1971) diagnoses, as R irr", "[agreement]") {
    // irr's help prints kappam.fleiss(diagnoses) as 0.43; its value 0.4302445 as recorded
    // from irr in statsmodels' test_inter_rater.py.
    auto r = fleiss_kappa(diagnoses(), kFive);
    REQUIRE(r.value.has_value());
    CHECK(*r.value == Approx(0.43).margin(5e-3));
    CHECK(*r.value == Approx(0.4302445).margin(1e-7));
    CHECK(r.n == 30);
    CHECK(r.inputs == "6 coders, 30 complete units");

    SECTION("an incomplete unit is dropped and counted") {
        auto units = diagnoses();
        units.push_back({"1", "2", "", "4", "5", "1"});  // one coder gave no code
        units.push_back({"1", "2"});                     // four coders gave none
        auto dropped = fleiss_kappa(units, kFive);
        CHECK(*dropped.value == Approx(0.4302445).margin(1e-7));
        CHECK(dropped.n == 30);
        CHECK(dropped.inputs == "6 coders, 30 complete units (2 incomplete units dropped)");
    }
}

TEST_CASE("Light's kappa: Fleiss (1971) diagnoses, as R irr kappam.light", "[agreement]") {
    // irr's help prints kappam.light(diagnoses) as 0.459; psych's cohen.kappa gives the
    // mean of the 15 pairwise kappas as 0.4594121.
    auto r = light_kappa(diagnoses(), kFive);
    REQUIRE(r.value.has_value());
    CHECK(*r.value == Approx(0.459).margin(5e-4));
    CHECK(*r.value == Approx(0.4594121).margin(1e-7));
    CHECK(r.name == "Light's kappa");
    CHECK(r.inputs == "6 coders, 30 complete units");
    // Raters 1-3: irr's kappa2 prints the pairs as 0.651, 0.384 and 0.631 (L. Curini's
    // lab script); psych's cohen.kappa gives their mean as 0.5553786.
    auto three = light_kappa(first_coders(diagnoses(), 3), kFive);
    CHECK(*three.value == Approx((0.651 + 0.384 + 0.631) / 3).margin(1e-3));
    CHECK(*three.value == Approx(0.5553786).margin(1e-7));
}

TEST_CASE("Krippendorff's alpha with missing values (Krippendorff 2011, C)", "[agreement]") {
    // Krippendorff (2011) prints alpha nominal .743, ordinal .815, interval .849, ratio .797;
    // the 7-digit values are R irr's kripp.alpha on the same matrix.
    const auto values = krippendorff_2011_c();
    const std::pair<Level, std::pair<double, double>> expected[] = {
        {Level::Nominal, {0.743, 0.7434211}},
        {Level::Ordinal, {0.815, 0.8153875}},
        {Level::Interval, {0.849, 0.8491071}},
        {Level::Ratio, {0.797, 0.7974028}}};
    for (const auto& [level, value] : expected) {
        auto r = krippendorff_alpha(values, level);
        REQUIRE(r.value.has_value());
        CHECK(*r.value == Approx(value.first).margin(5e-4));
        CHECK(*r.value == Approx(value.second).margin(1e-7));
        CHECK(r.n == 11);  // unit 12 has one value and drops out
        CHECK(r.inputs ==
              "4 coders, 11 pairable units (1 unit with fewer than 2 values dropped), "
              "40 pairable values");
    }
    CHECK(krippendorff_alpha(values, Level::Ordinal).name == "Krippendorff's alpha (ordinal)");
}

TEST_CASE("Krippendorff's alpha, two coders, nominal (Krippendorff 2011, A and B)", "[agreement]") {
    // A: binary data, 2 observers, 10 units: alpha .095 (= 1 - 19 x 4 / (14 x 6) = 0.0952381,
    // R irr's kripp.alpha agrees).
    const Values binary = {{0, 1, 0, 0, 0, 0, 0, 0, 1, 0}, {1, 1, 1, 0, 0, 1, 0, 0, 0, 0}};
    auto r = krippendorff_alpha(binary, Level::Nominal);
    REQUIRE(r.value.has_value());
    CHECK(*r.value == Approx(0.095).margin(5e-4));
    CHECK(*r.value == Approx(0.0952381).margin(1e-7));
    CHECK(r.inputs == "2 coders, 10 pairable units, 20 pairable values");

    // B: nominal codes a-e, 2 observers, 12 units: alpha .692 (irr: 0.6919643).
    const std::vector<std::vector<std::string>> letters = {
        {"a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"},
        {"b", "a", "b", "b", "b", "c", "c", "c", "e", "d", "d", "d"}};
    auto b = krippendorff_alpha(letters, {"a", "b", "c", "d", "e"}, Level::Nominal);
    REQUIRE(b.value.has_value());
    CHECK(*b.value == Approx(0.692).margin(5e-4));
    CHECK(*b.value == Approx(0.6919643).margin(1e-7));
}

TEST_CASE("Krippendorff's alpha from ordered codes equals it from their ranks", "[agreement]") {
    // The 2011 C matrix with values 1-5 written as codes "one".."five".
    const std::vector<std::string> order = {"one", "two", "three", "four", "five"};
    std::vector<std::vector<std::string>> codes;
    for (const auto& coder : krippendorff_2011_c()) {
        auto& row = codes.emplace_back();
        for (const auto& v : coder) row.push_back(v ? order[size_t(*v) - 1] : "");
    }
    CHECK(*krippendorff_alpha(codes, order, Level::Nominal).value ==
          Approx(0.7434211).margin(1e-7));
    CHECK(*krippendorff_alpha(codes, order, Level::Ordinal).value ==
          Approx(0.8153875).margin(1e-7));
    auto interval = krippendorff_alpha(codes, order, Level::Interval);
    CHECK_FALSE(interval.value.has_value());
    CHECK(interval.undefined_reason.find("need numbers") != std::string::npos);
}

TEST_CASE("ICC(2,1) and ICC(3,1): Shrout & Fleiss (1979) Table 2", "[agreement]") {
    // Shrout & Fleiss (1979) print ICC(2,1) .29 and ICC(3,1) .71. R psych's ICC gives
    // 0.2897638 [0.01878651, 0.7610844] and 0.7148407 [0.3424648, 0.9458583].
    const auto ratings = shrout_fleiss_table_2();
    auto two = icc(ratings, IccForm::TwoWayRandomAbsoluteSingle);
    REQUIRE(two.value.has_value());
    CHECK(two.name == "ICC(2,1) two-way random, absolute agreement, single rater");
    CHECK(*two.value == Approx(0.29).margin(5e-3));
    CHECK(*two.value == Approx(0.2897638).margin(1e-7));
    REQUIRE(two.ci.has_value());
    CHECK(two.ci->low == Approx(0.01878651).margin(1e-7));
    CHECK(two.ci->high == Approx(0.7610844).margin(1e-7));

    auto three = icc(ratings, IccForm::TwoWayMixedConsistencySingle);
    REQUIRE(three.value.has_value());
    CHECK(three.name == "ICC(3,1) two-way mixed, consistency, single rater");
    CHECK(*three.value == Approx(0.71).margin(5e-3));
    CHECK(*three.value == Approx(0.7148407).margin(1e-7));
    REQUIRE(three.ci.has_value());
    CHECK(three.ci->low == Approx(0.3424648).margin(1e-7));
    CHECK(three.ci->high == Approx(0.9458583).margin(1e-7));
    CHECK(three.n == 6);
    CHECK(three.inputs == "4 judges, 6 complete targets");

    SECTION("a target missing a rating is dropped and counted") {
        auto more = ratings;
        more.push_back({3, std::nullopt, 4, 5});
        auto r = icc(more, IccForm::TwoWayMixedConsistencySingle);
        CHECK(*r.value == Approx(0.7148407).margin(1e-7));
        CHECK(r.inputs == "4 judges, 6 complete targets (1 incomplete target dropped)");
    }
}

TEST_CASE("ICC with the targets' means all equal: a value, and no interval rather than NaN",
          "[agreement]") {
    // Targets (1, 3) and (2, 2): both mean 2, so the targets' mean square is 0 and
    // Satterthwaite's df for ICC(2,1)'s interval is 0. ICC(2,1) = (0 - 1) / (0 + 1 + 2(1 - 1)/2).
    const Values ratings = {{1, 3}, {2, 2}};
    for (auto form : {IccForm::TwoWayRandomAbsoluteSingle, IccForm::TwoWayMixedConsistencySingle}) {
        const auto r = icc(ratings, form);
        REQUIRE(r.value.has_value());
        CHECK(std::isfinite(*r.value));
        CHECK_FALSE(r.ci.has_value());
    }
    CHECK(*icc(ratings, IccForm::TwoWayMixedConsistencySingle).value == Approx(-1.0));
}

TEST_CASE("multi-coder agreement undefined: a reason, never NaN", "[agreement]") {
    const std::vector<std::vector<std::string>> one_coder = {{"1"}, {"2"}, {"1"}};
    const std::vector<std::vector<std::string>> no_units;
    const std::vector<std::vector<std::string>> one_category = {{"1", "1"}, {"1", "1"}};
    auto reason_has = [](const AgreementResult& r, const std::string& words) {
        return !r.value.has_value() && r.undefined_reason.find(words) != std::string::npos;
    };

    CHECK(reason_has(fleiss_kappa(one_coder, kFive), "fewer than 2 coders"));
    CHECK(reason_has(fleiss_kappa(no_units, kFive), "fewer than 2 coders"));
    CHECK(reason_has(fleiss_kappa(std::vector<std::vector<int>>{}), "no units"));
    CHECK(reason_has(fleiss_kappa({{"1", ""}, {"", "2"}}, kFive), "no complete units"));
    CHECK(reason_has(fleiss_kappa(one_category, kFive), "no variation"));
    CHECK(reason_has(fleiss_kappa(std::vector<std::vector<int>>{{3, 3}, {2, 3}}),
                     "different numbers of ratings"));

    CHECK(reason_has(light_kappa(one_coder, kFive), "fewer than 2 coders"));
    CHECK(reason_has(light_kappa({{"1", ""}}, kFive), "no complete units"));
    CHECK(reason_has(light_kappa(one_category, kFive), "no variation"));

    CHECK(reason_has(krippendorff_alpha(Values{{1, 2, 3}}, Level::Nominal), "fewer than 2 coders"));
    CHECK(reason_has(krippendorff_alpha(Values{{}, {}}, Level::Interval), "no unit"));
    CHECK(reason_has(krippendorff_alpha(Values{{1, _}, {_, 2}}, Level::Nominal), "no unit"));
    CHECK(reason_has(krippendorff_alpha(Values{{3, 3}, {3, 3}}, Level::Ordinal), "no variation"));
    CHECK(reason_has(krippendorff_alpha(Values{{-1, 2}, {1, 2}}, Level::Ratio), "negative"));

    CHECK(reason_has(icc(Values{{1}, {2}, {3}}, IccForm::TwoWayMixedConsistencySingle),
                     "fewer than 2 judges"));
    CHECK(reason_has(icc(Values{}, IccForm::TwoWayRandomAbsoluteSingle), "fewer than 2 judges"));
    CHECK(reason_has(icc(Values{{1, 2}}, IccForm::TwoWayRandomAbsoluteSingle),
                     "fewer than 2 complete targets"));
    CHECK(reason_has(icc(Values{{4, 4}, {4, 4}}, IccForm::TwoWayRandomAbsoluteSingle),
                     "no variation"));
    CHECK(reason_has(icc(Values{{4, 5}, {4, 5}}, IccForm::TwoWayMixedConsistencySingle),
                     "no variation"));
}

TEST_CASE("two-coder results say what they were computed from", "[agreement]") {
    CHECK(cohen_kappa(AgreementMatrix{{{20, 5}, {10, 15}}}).inputs == "2 coders, 50 units");
    CHECK(pabak(AgreementMatrix{{{0, 0}, {0, 0}}}).inputs == "2 coders, 0 units");
}
