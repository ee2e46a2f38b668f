#pragma once
// Maps JSON paths (/behaviors/3/key) to the line where that value starts, so
// scheme errors can say where to look. A tolerant scanner: it assumes the text
// already parsed as JSON.
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/scheme.hpp"

namespace attune::detail {
std::map<std::string, int> json_value_lines(const std::string& text);

// What the checked JSON files (schemes, feedback protocols) share. Parses `text` into
// `root`, or says why it is not JSON (with the line).
std::optional<SchemeIssue> parse_json_document(const std::string& text, nlohmann::json& root);
// Gives each issue the line of the nearest enclosing JSON path that has one.
void locate_issues(std::vector<SchemeIssue>& issues, const std::string& text);
// "FILE: 2 problems:" and then "FILE:LINE: PATH: message", one per line.
std::string issues_message(const std::string& origin, const std::vector<SchemeIssue>& issues);
}  // namespace attune::detail
