#pragma once
// Small shared pieces of the agreement statistics' results: counts in words ("3 coders")
// and an undefined result with its reason.
#include <string>

#include "attune/coding/stats/agreement.hpp"

namespace attune::stats::detail {

inline std::string count_of(size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

inline AgreementResult undefined(AgreementResult r, std::string reason) {
    r.undefined_reason = std::move(reason);
    return r;
}

}  // namespace attune::stats::detail
