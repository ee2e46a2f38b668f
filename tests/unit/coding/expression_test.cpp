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

TEST_CASE("an expression nested too deep is refused, never parsed until the stack ends (issue 10)",
          "[expression][issue10]") {
    const std::string too_deep = "the expression nests more than 200 levels deep";
    SECTION("10,000 brackets") {
        auto e = Expression::parse(std::string(10000, '(') + "H_A" + std::string(10000, ')'));
        REQUIRE_FALSE(e.ok());
        CHECK_THAT(e.error().message, Catch::StartsWith(too_deep));
    }
    SECTION("100,000 '!'") {
        auto e = Expression::parse(std::string(100000, '!') + "H_A");
        REQUIRE_FALSE(e.ok());
        CHECK_THAT(e.error().message, Catch::StartsWith(too_deep));
    }
    SECTION("a chain of 100,000 '&&' (each one a level of the tree)") {
        std::string chain = "H_A";
        for (int i = 0; i < 100000; ++i) chain += " && H_A";
        auto e = Expression::parse(chain);
        REQUIRE_FALSE(e.ok());
        CHECK_THAT(e.error().message, Catch::StartsWith(too_deep));
    }
    SECTION("nesting up to the limit still parses and evaluates") {
        auto ok =
            eval(std::string(150, '(') + "!!H_A" + std::string(150, ')'), {}, {{"H_A", true}});
        CHECK(ok == true);
    }
}
