#include <catch2/catch.hpp>
#include <cmath>

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

TEST_CASE("4-way tally with exact intervals and a chi-square against a norm", "[stats][tally]") {
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
    REQUIRE(t.test.has_value());
    const double x = 0.25 / 1.5 + 1.44 / 6.2 + 0.01 / 0.9 + 0.36 / 1.4;
    CHECK(t.test->chi_square == Approx(x).epsilon(1e-12));
    CHECK(t.test->df == 3);
    CHECK(t.test->p == Approx(chi2_df3(x)).epsilon(1e-9));
    CHECK(t.test->low_expected);
}

TEST_CASE("3-way counts D by its forced secondary, 2-way counts D as insecure", "[stats][tally]") {
    const Scheme s = testing::tiny_scheme();
    auto three = tally(s, sample(), Ways::Three, std::nullopt, std::nullopt);
    REQUIRE(three.ok());
    const TallyTable& t3 = three->front();
    CHECK(t3.n == 9);
    CHECK(t3.unclassified_d == 1);
    CHECK(row(t3, "B").count == 6);
    CHECK_FALSE(t3.test.has_value());

    auto two = tally(s, sample(), Ways::Two, std::nullopt, std::string("three"));
    REQUIRE(two.ok());
    const TallyTable& t2 = two->front();
    CHECK(row(t2, "secure").count == 5);
    CHECK(row(t2, "insecure").count == 5);
    const double x = 4.0 / 7.0 + 4.0 / 3.0;
    CHECK(t2.test->chi_square == Approx(x));
    CHECK(t2.test->df == 1);
    CHECK(t2.test->p == Approx(chi2_df1(x)).epsilon(1e-9));
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
}

TEST_CASE("a norm without the needed categories is refused with advice", "[stats][tally]") {
    const Scheme s = testing::tiny_scheme();
    auto r = tally(s, sample(), Ways::Four, std::nullopt, std::string("three"));
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("gives no share for D"));
    auto u = tally(s, sample(), Ways::Four, std::nullopt, std::string("nope"));
    REQUIRE_FALSE(u.ok());
    CHECK_THAT(u.error().message, Catch::Contains("norms: four, three"));
}
