#pragma once
// Inside the scheme loader (scheme_loader.cpp), what its two steps share. The reader
// (scheme_reader.cpp) turns the JSON into a Scheme and notes every problem of shape and
// every value it can judge alone; the checks (scheme_checks.cpp) then look across the
// Scheme for problems of meaning (names that point at nothing, keys used twice, hints
// that never end). Both add to one list, so a lab sees everything in one round.
#include <nlohmann/json_fwd.hpp>
#include <set>
#include <string>
#include <vector>

#include "attune/coding/scheme.hpp"

namespace attune::detail {

struct SchemeProblems {
    std::vector<SchemeIssue> issues;
    // JSON paths of kinds the reader could not take (misspelt, or not given): the checks
    // that depend on that kind leave them alone rather than guess.
    std::set<std::string> unread_kinds;

    void add(const std::string& path, const std::string& message) {
        issues.push_back({path, 0, message});
    }
};

// "/section/i", the JSON path of a list item.
std::string item_path(const std::string& section, size_t i);

Scheme read_scheme(const nlohmann::json& root, SchemeProblems& problems);
void check_scheme_meaning(const Scheme& scheme, SchemeProblems& problems);

}  // namespace attune::detail
