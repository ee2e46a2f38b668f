// Loads a coding scheme: parses the JSON, reads it (scheme_reader.cpp), checks its
// meaning (scheme_checks.cpp), and reports every problem at once with its JSON path and
// line, so a lab editing its own scheme fixes everything in one round. A scheme with no
// problem gets its behaviour index, canonical text and content hash.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "attune/coding/scheme.hpp"
#include "attune/coding/sha256.hpp"
#include "json_lines.hpp"
#include "scheme_loading.hpp"

namespace attune {
std::vector<SchemeIssue> check_scheme_text(const std::string& text, Scheme* out) {
    nlohmann::json root;
    if (auto problem = detail::parse_json_document(text, root)) return {*problem};
    if (!root.is_object()) return {{"/", 1, "a scheme is a JSON object {...}"}};
    detail::SchemeProblems problems;
    Scheme s = detail::read_scheme(root, problems);
    detail::check_scheme_meaning(s, problems);
    detail::locate_issues(problems.issues, text);
    if (problems.issues.empty() && out) {
        for (size_t i = 0; i < s.behaviours.size(); ++i)
            s.behaviour_index.emplace(s.behaviours[i].id, i);
        s.json = root.dump();
        s.hash = sha256_hex(s.json);
        *out = std::move(s);
    }
    return problems.issues;
}

Result<Scheme> load_scheme_text(const std::string& text, const std::string& origin) {
    Scheme s;
    auto issues = check_scheme_text(text, &s);
    if (issues.empty()) return s;
    return Error{detail::issues_message(origin, issues)};
}

Result<Scheme> load_scheme_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot read scheme " + path + ": check the path"};
    std::stringstream ss;
    ss << in.rdbuf();
    return load_scheme_text(ss.str(), path);
}

}  // namespace attune
