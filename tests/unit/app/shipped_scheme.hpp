#pragma once
// The infant Strange Situation scheme Attune ships, loaded once for the app's unit tests.
#include <catch2/catch.hpp>
#include <string>

#include "attune/coding/scheme.hpp"

namespace attune::testing {

inline const Scheme& ssp() {
    static const Scheme s = [] {
        auto loaded = load_scheme_file(std::string(ATTUNE_SCHEMA_DIR) + "/ssp-infant.json");
        REQUIRE(loaded.ok());
        return *loaded;
    }();
    return s;
}

}  // namespace attune::testing
