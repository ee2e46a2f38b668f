#pragma once
// A test that cannot run on this machine says why, in the line CTest reads as a skip
// (SKIP_REGULAR_EXPRESSION "SKIPPED: " in tests/CMakeLists.txt): reported as skipped,
// never as passed.
#include <catch2/catch.hpp>
#include <string>

namespace attune::testing {

inline void skip_reason(const std::string& why) {
    WARN("SKIPPED: " << why);
}

}  // namespace attune::testing
