// Agreement statistics against the published vectors of
// ../shared/interop/agreement/VECTORS.md (copied here as numbers, to the printed precision).
#include "attune/coding/stats/agreement.hpp"

#include <catch2/catch.hpp>

using namespace attune::stats;

namespace {

std::vector<std::string> repeated(std::vector<std::pair<int, std::string>> runs) {
    std::vector<std::string> codes;
    for (const auto& [count, code] : runs) codes.insert(codes.end(), count, code);
    return codes;
}

double kappa_of(std::vector<std::vector<double>> counts) {
    return *cohen_kappa(AgreementMatrix{std::move(counts)}).value;
}

}  // namespace

TEST_CASE("Cohen's kappa on textbook tables", "[stats][agreement]") {
    AgreementMatrix m{{{20, 5}, {10, 15}}};
    CHECK(*percent_agreement(m).value == Approx(70).margin(1e-7));
    CHECK(*cohen_kappa(m).value == Approx(0.4).margin(1e-7));
    CHECK(cohen_kappa(m).n == 50);
    REQUIRE(cohen_kappa(m).ci.has_value());
    // Cohen 1960's approximate SE: sqrt(po (1 - po) / (N (1 - pe)^2)) with po .7, pe .5, N 50
    // is sqrt(.0168) = 0.1296148, so the 95% interval is 0.4 -+ 1.959964 x that.
    CHECK(cohen_kappa(m).ci->low == Approx(0.4 - 1.959964 * 0.1296148).margin(1e-6));
    CHECK(cohen_kappa(m).ci->high == Approx(0.4 + 1.959964 * 0.1296148).margin(1e-6));
    // Five units, four agreeing (po .8, pe 3/5 x 4/5 + 2/5 x 1/5 = .56): kappa 0.5454545, se
    // sqrt(.16 / (5 x .44^2)) = 0.4065578; the normal interval would end at 1.342, beyond what
    // kappa can be, so it ends at 1 (its lower end, -0.2514, stands).
    const AgreementMatrix few{{{3, 0}, {1, 1}}};
    REQUIRE(cohen_kappa(few).ci);
    CHECK(*cohen_kappa(few).value == Approx(0.5454545).margin(1e-6));
    CHECK(cohen_kappa(few).ci->low == Approx(0.5454545 - 1.959964 * 0.4065578).margin(1e-6));
    CHECK(cohen_kappa(few).ci->high == 1.0);
    CHECK(kappa_of({{45, 15}, {25, 15}}) == Approx(0.1304348).margin(1e-7));
    CHECK(kappa_of({{25, 35}, {5, 35}}) == Approx(0.2592593).margin(1e-7));
}

TEST_CASE("Cohen's kappa from paired labels (Artstein & Poesio 2008)", "[stats][agreement]") {
    auto y1 = repeated({{40, "0"}, {60, "1"}});
    auto y2 = repeated({{20, "0"}, {20, "1"}, {10, "0"}, {50, "1"}});
    CHECK(*cohen_kappa(agreement_matrix(y1, y2, {"0", "1"})).value ==
          Approx(0.3478261).margin(1e-7));
    y1.insert(y1.end(), 4, "2");
    y2.insert(y2.end(), 4, "2");
    CHECK(*cohen_kappa(agreement_matrix(y1, y2, {"0", "1"})).value ==
          Approx(0.3478261).margin(1e-7));

    auto a = repeated({{46, "0"}, {44, "1"}, {10, "2"}});
    auto b = repeated({{52, "0"}, {32, "1"}, {16, "2"}});
    CHECK(*cohen_kappa(agreement_matrix(a, b, {"0", "1", "2"})).value ==
          Approx(0.8013245).margin(1e-7));
}

TEST_CASE("weighted kappa, linear and quadratic", "[stats][agreement]") {
    auto a = repeated({{46, "0"}, {44, "1"}, {10, "2"}});
    auto b = repeated({{50, "0"}, {40, "1"}, {10, "2"}});
    auto m = agreement_matrix(a, b, {"0", "1", "2"});
    CHECK(*cohen_kappa(m).value == Approx(0.9315068).margin(1e-7));
    CHECK(*weighted_kappa(m, Weighting::Unweighted).value == Approx(0.9315068).margin(1e-7));
    CHECK(*weighted_kappa(m, Weighting::Linear).value == Approx(0.9411765).margin(1e-7));
    CHECK(*weighted_kappa(m, Weighting::Quadratic).value == Approx(0.9541284).margin(1e-7));
}

TEST_CASE("weighted kappa with custom weights (Cohen 1968, Table 1)", "[stats][agreement]") {
    AgreementMatrix m{{{.44, .07, .09}, {.05, .20, .05}, {.01, .03, .06}}};
    for (auto& row : m.counts)
        for (double& cell : row) cell *= 200;
    CHECK(*cohen_kappa(m).value == Approx(0.4915254).margin(1e-7));
    CHECK(*weighted_kappa(m, {{0, 1, 3}, {1, 0, 6}, {3, 6, 0}}).value ==
          Approx(0.3478261).margin(1e-7));
}

TEST_CASE("PABAK is 2 po - 1 for two categories", "[stats][agreement]") {
    CHECK(*pabak(AgreementMatrix{{{20, 5}, {10, 15}}}).value == Approx(0.4).margin(1e-7));
    CHECK(*pabak(AgreementMatrix{{{45, 15}, {25, 15}}}).value == Approx(0.2).margin(1e-7));
}

TEST_CASE("undefined agreement gives a reason, never NaN", "[stats][agreement]") {
    AgreementMatrix empty{{{0, 0}, {0, 0}}};
    for (const auto& r : {cohen_kappa(empty), percent_agreement(empty), pabak(empty),
                          weighted_kappa(empty, Weighting::Linear)}) {
        CHECK_FALSE(r.value.has_value());
        CHECK_FALSE(r.undefined_reason.empty());
        CHECK(r.n == 0);
    }
    AgreementMatrix one_category{{{30, 0}, {0, 0}}};
    auto kappa = cohen_kappa(one_category);
    CHECK_FALSE(kappa.value.has_value());
    CHECK(kappa.undefined_reason.find("no variation") != std::string::npos);
    CHECK(kappa.n == 30);
    CHECK_FALSE(weighted_kappa(one_category, Weighting::Quadratic).value.has_value());
}
