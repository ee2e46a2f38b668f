#include "attune/coding/expression.hpp"

#include <catch2/catch.hpp>
#include <map>

using namespace attune;

namespace {
std::optional<bool> eval(const std::string& text, const std::map<std::string, double>& cells,
                         const std::map<std::string, bool>& names = {}) {
    auto e = Expression::parse(text);
    REQUIRE(e.ok());
    return e->holds(
        [&](const CellRef& c) -> std::optional<double> {
            auto it = cells.find(c.text());
            return it == cells.end() ? std::nullopt : std::optional<double>(it->second);
        },
        [&](const std::string& n) -> std::optional<bool> {
            auto it = names.find(n);
            return it == names.end() ? std::nullopt : std::optional<bool>(it->second);
        });
}
}  // namespace

TEST_CASE("rule-hint expressions evaluate on rating cells", "[expression]") {
    const std::map<std::string, double> r = {{"AV.parent.E5", 6}, {"AV.parent.E8", 4},
                                             {"RS.parent.E5", 2}, {"RS.parent.E8", 3},
                                             {"PS.parent.E5", 2}, {"PS.parent.E8", 3}};
    CHECK(eval("max(AV.parent.E5, AV.parent.E8) >= 5", r) == true);
    CHECK(eval("min(AV.parent.E5, AV.parent.E8) >= 5", r) == false);
    CHECK(eval("mean(PS.parent.E5, PS.parent.E8) <= 2.5", r) == true);
    CHECK(eval("max(RS.parent.E5, RS.parent.E8) in [3,4]", r) == true);
    CHECK(eval("!(AV.parent.E5 == 6) || RS.parent.E5 < 2", r) == false);
    CHECK(eval("H_A && PS.parent.E5 <= 2", r, {{"H_A", true}}) == true);
    CHECK(eval("H_A && PS.parent.E5 <= 2", r, {{"H_A", false}}) == false);
}

TEST_CASE("a missing cell means insufficient data, never a silent false", "[expression]") {
    CHECK_FALSE(eval("max(AV.parent.E5, AV.parent.E8) >= 5", {{"AV.parent.E5", 7}}).has_value());
}

TEST_CASE("malformed expressions say where", "[expression]") {
    auto e = Expression::parse("max(AV.parent.E5 >= 5");
    REQUIRE_FALSE(e.ok());
    CHECK_THAT(e.error().message, Catch::Contains("expected ')'"));
    auto f = Expression::parse("median(AV.parent.E5)");
    REQUIRE_FALSE(f.ok());
    CHECK_THAT(f.error().message, Catch::Contains("unknown function 'median'"));
    auto g = Expression::parse("AV.parent >= 5");
    REQUIRE_FALSE(g.ok());
    CHECK_THAT(g.error().message, Catch::Contains("three parts"));
}
