#include "attune/result.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "attune/coding/version.hpp"

using attune::Error;
using attune::Result;

namespace {
Result<int> parse_age_months(const std::string& text) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
        return Error{"child age '" + text + "' is not a whole number of months"};
    return std::stoi(text);
}
}  // namespace

TEST_CASE("Result carries either a value or a message a user can act on", "[result]") {
    SECTION("value") {
        auto r = parse_age_months("14");
        REQUIRE(r.ok());
        REQUIRE(*r == 14);
    }
    SECTION("error") {
        auto r = parse_age_months("fourteen");
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.error().message == "child age 'fourteen' is not a whole number of months");
    }
}

TEST_CASE("the version is the project's", "[version]") {
    REQUIRE(attune::version() == ATTUNE_EXPECTED_VERSION);
}
