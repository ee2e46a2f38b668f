#pragma once
// Command-line value checks shared by both programs, each failing with one short line that
// names the option, the value given and what is allowed ("--exit-after: 0 is not allowed;
// give a whole number, 1 or more"). CLI11's own range checks print the limits of a double
// ("not in range 0.000000 to 179769313486231570814527...") — never use them for a user.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace attune::options {

namespace detail {
inline std::string number_text(double v) {
    std::string s = std::to_string(v);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return s;
}
}  // namespace detail

// A whole number from `low` to `high`; either bound may be left open ("a whole number, 1 or
// more"; "a whole number"). A range that depends on the scheme (a rating's scale) is the
// command's to check: this one only makes sure the value is a whole number at all.
inline CLI::Validator whole_number(int64_t low = std::numeric_limits<int64_t>::min(),
                                   int64_t high = std::numeric_limits<int64_t>::max()) {
    const bool has_low = low != std::numeric_limits<int64_t>::min();
    const bool has_high = high != std::numeric_limits<int64_t>::max();
    std::string rule = "a whole number";
    if (has_low && has_high)
        rule += " from " + std::to_string(low) + " to " + std::to_string(high);
    else if (has_low)
        rule += ", " + std::to_string(low) + " or more";
    return CLI::Validator(
        [low, high, rule](std::string& v) -> std::string {
            size_t used = 0;
            long long n = 0;
            try {
                n = std::stoll(v, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != 0 && used == v.size() && n >= low && n <= high) return "";
            return v + " is not allowed; give " + rule;
        },
        "", "whole number");
}

// A number (a fraction allowed) from `low` to `high`; never nan or infinite.
inline CLI::Validator number_between(double low, double high) {
    const std::string rule =
        "a number from " + detail::number_text(low) + " to " + detail::number_text(high);
    return CLI::Validator(
        [low, high, rule](std::string& v) -> std::string {
            size_t used = 0;
            double d = NAN;
            try {
                d = std::stod(v, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != 0 && used == v.size() && std::isfinite(d) && d >= low && d <= high)
                return "";
            return v + " is not allowed; give " + rule;
        },
        "", "number");
}

}  // namespace attune::options
