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
inline std::string allowed(const std::string& what, double low, double high, bool bounded) {
    auto text = [](double v) {
        std::string s = std::to_string(v);
        if (s.find('.') != std::string::npos) {
            while (s.back() == '0') s.pop_back();
            if (s.back() == '.') s.pop_back();
        }
        return s;
    };
    if (!bounded) return what + ", " + text(low) + " or more";
    return what + " from " + text(low) + " to " + text(high);
}
}  // namespace detail

// A whole number from `low` to `high` (no upper limit when `high` is left out).
inline CLI::Validator whole_number(int64_t low,
                                   int64_t high = std::numeric_limits<int64_t>::max()) {
    const bool bounded = high != std::numeric_limits<int64_t>::max();
    const std::string rule = detail::allowed("a whole number", static_cast<double>(low),
                                             static_cast<double>(high), bounded);
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
        bounded ? std::to_string(low) + "-" + std::to_string(high) : ">= " + std::to_string(low),
        "whole number");
}

// A number (a fraction allowed) from `low` to `high`; never nan or infinite.
inline CLI::Validator number_between(double low, double high) {
    const std::string rule = detail::allowed("a number", low, high, true);
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
        std::to_string(low) + "-" + std::to_string(high), "number");
}

}  // namespace attune::options
