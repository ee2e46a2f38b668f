#include <catch2/catch.hpp>
#include <cmath>

#include "attune/coding/stats/exact_tests.hpp"
#include "attune/coding/stats/tally.hpp"
#include "scheme_fixture.hpp"

using namespace attune;
using namespace attune::stats;

namespace {
std::vector<TallyInput> sample() {
    std::vector<TallyInput> in;
    auto add = [&](const char* code, std::optional<std::string> secondary, const char* site) {
        in.push_back({"S" + std::to_string(in.size()), code, secondary, {{"site", site}}});
    };
    for (int i = 0; i < 5; ++i) add("B3", {}, i < 3 ? "north" : "south");
    add("A1", {}, "north");
    add("A1", {}, "south");
    add("C1", {}, "south");
    add("D", std::string("B3"), "north");
    add("D", {}, "south");
    add("CC", {}, "north");
    return in;
}
const TallyRow& row(const TallyTable& t, const std::string& cat) {
    for (const auto& r : t.rows)
        if (r.category == cat) return r;
    FAIL("no category " << cat);
    return t.rows.front();
}
// Independent closed forms of the chi-square upper tail for 1 and 3 degrees of freedom.
double chi2_df1(double x) {
    return std::erfc(std::sqrt(x / 2));
}
double chi2_df3(double x) {
    return std::erfc(std::sqrt(x / 2)) + std::sqrt(2 * x / M_PI) * std::exp(-x / 2);
}
}  // namespace

TEST_CASE("4-way tally with exact intervals and an exact test against a large norm",
          "[stats][tally]") {
    const Scheme s = testing::tiny_scheme();
    auto tables = tally(s, sample(), Ways::Four, std::nullopt, std::string("four"));
    REQUIRE(tables.ok());
    REQUIRE(tables->size() == 1);
    const TallyTable& t = tables->front();
    CHECK(t.n == 10);
    CHECK(t.cannot_classify == 1);
    CHECK(row(t, "A").count == 2);
    CHECK(row(t, "B").count == 5);
    CHECK(row(t, "C").count == 1);
    CHECK(row(t, "D").count == 2);
    CHECK(row(t, "B").percent == Approx(50.0));
    CHECK(row(t, "B").ci.low == Approx(0.1870860).margin(1e-6));  // binom.test(5, 10)
    CHECK(row(t, "B").ci.high == Approx(0.8129140).margin(1e-6));
    CHECK(*row(t, "A").expected == Approx(1.5));
    REQUIRE(t.comparison.has_value());
    const NormComparison& c = *t.comparison;
    const double x = 0.25 / 1.5 + 1.44 / 6.2 + 0.01 / 0.9 + 0.36 / 1.4;
    CHECK(c.chi_square == Approx(x).epsilon(1e-12));
    CHECK(c.df == 3);
    CHECK(c.chi_square_p == Approx(chi2_df3(x)).epsilon(1e-9));
    CHECK(c.low_expected);
    // Expected counts below 5 with a norm of n = 1000: the exact multinomial test. Its p,
    // summed by enumerating all 286 outcomes of 10 in exact rational arithmetic (Python's
    // fractions), is 0.7235889.
    CHECK(c.test == NormTest::ExactMultinomial);
    CHECK(c.p == Approx(0.7235889).margin(1e-6));
    CHECK(c.effective_n == 10);
    CHECK(c.detectable_w == Approx(detectable_effect(10, 3)));
    CHECK(c.detectable_w > 1.0);  // ten sessions detect only enormous differences
    bool warned = false;
    for (const auto& note : t.notes)
        warned =
            warned || note.find("not evidence that the distributions agree") != std::string::npos;
    CHECK(warned);
}

TEST_CASE("a small norm is compared as a second sample", "[stats][tally]") {
    const Scheme s = testing::tiny_scheme();
    auto tables = tally(s, sample(), Ways::Four, std::nullopt, std::string("four_small"));
    REQUIRE(tables.ok());
    const NormComparison& c = *tables->front().comparison;
    // The 2 x 4 table (2, 5, 1, 2) against the norm's 100 as (15, 62, 9, 14). By exact
    // enumeration in Python: chi-square 0.5969842 (df 3); Fisher-Freeman-Halton p 0.7091108.
    CHECK(c.test == NormTest::FisherFreemanHalton);
    CHECK(c.chi_square == Approx(0.5969842).margin(1e-6));
    CHECK(c.df == 3);
    CHECK(c.p == Approx(0.7091108).margin(1e-6));
    CHECK(c.effective_n == Approx(10.0 * 100 / 110));  // n1 n2 / (n1 + n2)
    CHECK(c.detectable_w > detectable_effect(10, 3));  // a small norm adds its own error
    CHECK(*c.norm_n == 100);
}

TEST_CASE("3-way counts D by its forced secondary, 2-way counts D as insecure", "[stats][tally]") {
    const Scheme s = testing::tiny_scheme();
    auto three = tally(s, sample(), Ways::Three, std::nullopt, std::string("three"));
    REQUIRE(three.ok());
    const TallyTable& t3 = three->front();
    CHECK(t3.n == 9);
    CHECK(t3.unclassified_d == 1);
    CHECK(row(t3, "B").count == 6);
    REQUIRE(t3.comparison.has_value());
    CHECK(t3.comparison->df == 2);

    auto two = tally(s, sample(), Ways::Two, std::nullopt, std::string("four"));
    REQUIRE(two.ok());
    const TallyTable& t2 = two->front();
    CHECK(row(t2, "secure").count == 5);
    CHECK(row(t2, "insecure").count == 5);
    const double x = 1.44 / 6.2 + 1.44 / 3.8;
    CHECK(t2.comparison->chi_square == Approx(x));
    CHECK(t2.comparison->df == 1);
    CHECK(t2.comparison->chi_square_p == Approx(chi2_df1(x)).epsilon(1e-9));
    // Expected 3.8 insecure: the exact binomial test, binom.test(5, 10, p = 0.62): 0.5193983
    // (by enumeration in exact rational arithmetic).
    CHECK(t2.comparison->test == NormTest::ExactBinomial);
    CHECK(t2.comparison->p == Approx(0.5193983).margin(1e-6));
}

TEST_CASE("category-mismatched comparisons are refused with a reason", "[stats][tally]") {
    const Scheme s = testing::tiny_scheme();
    auto pre_d = tally(s, sample(), Ways::Two, std::nullopt, std::string("three"));
    REQUIRE_FALSE(pre_d.ok());
    CHECK_THAT(pre_d.error().message, Catch::Contains("from before the D category"));
    auto dropped = tally(s, sample(), Ways::Three, std::nullopt, std::string("four"));
    REQUIRE_FALSE(dropped.ok());
    CHECK_THAT(dropped.error().message, Catch::Contains("is 4-way"));
    auto missing = tally(s, sample(), Ways::Four, std::nullopt, std::string("three"));
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("gives shares for A/B/C, not the A/B/C/D"));
    auto u = tally(s, sample(), Ways::Four, std::nullopt, std::string("nope"));
    REQUIRE_FALSE(u.ok());
    CHECK_THAT(u.error().message, Catch::Contains("norms: four, four_small, three, unsized"));
}

TEST_CASE("a D whose secondary is no organized group is left out of the 3-way tally",
          "[stats][tally]") {
    const Scheme s = testing::tiny_scheme();
    std::vector<TallyInput> in = {{"S1", "D", std::string("D"), {}},
                                  {"S2", "D", std::string("CC"), {}},
                                  {"S3", "B3", {}, {}}};
    auto t = tally(s, in, Ways::Three, std::nullopt, std::nullopt);
    REQUIRE(t.ok());
    CHECK(t->front().n == 1);
    CHECK(t->front().unclassified_d == 2);
}

TEST_CASE("one category with counts in both samples: no test, and no endless search",
          "[stats][tally]") {
    const Scheme s = testing::tiny_scheme();
    const std::vector<TallyInput> all_b = {{"S1", "B3", {}, {}}, {"S2", "B1", {}, {}}};
    auto t = tally(s, all_b, Ways::Four, std::nullopt, std::string("four_small"));
    REQUIRE(t.ok());
    REQUIRE(t->front().comparison.has_value());
    CHECK(t->front().comparison->df >= 0);
    CHECK(chi_square_power(0.3, 10, 0) == 0);
    CHECK(chi_square_critical(0, 0.05) == 0);
}

TEST_CASE("a norm without a sample size is taken as exact and says so", "[stats][tally]") {
    const Scheme s = testing::tiny_scheme();
    auto t = tally(s, sample(), Ways::Three, std::nullopt, std::string("unsized"));
    REQUIRE(t.ok());
    CHECK_FALSE(t->front().comparison->norm_n.has_value());
    bool said = false;
    for (const auto& note : t->front().notes)
        said = said || note.find("gives no sample size") != std::string::npos;
    CHECK(said);
}

TEST_CASE("subgroup tallies and splits by an independent variable", "[stats][tally]") {
    const Scheme s = testing::tiny_scheme();
    auto sub = tally(s, sample(), Ways::Sub, std::nullopt, std::nullopt);
    REQUIRE(sub.ok());
    CHECK(row(sub->front(), "B3").count == 5);
    CHECK(row(sub->front(), "A1").count == 2);
    CHECK(row(sub->front(), "D").count == 2);

    auto by = tally(s, sample(), Ways::Four, std::string("site"), std::nullopt);
    REQUIRE(by.ok());
    REQUIRE(by->size() == 2);
    CHECK((*by)[0].group == "north");
    CHECK((*by)[0].n == 5);  // 3 B3, A1, D (the CC is left out)
    CHECK((*by)[1].group == "south");
    CHECK((*by)[1].n == 5);
    CHECK_FALSE((*by)[0].comparison.has_value());
}
