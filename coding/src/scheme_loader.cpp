// Loads a coding scheme: parses the JSON, reads it (scheme_reader.cpp), checks its
// meaning (scheme_checks.cpp), and reports every problem at once with its JSON path and
// line, so a lab editing its own scheme fixes everything in one round. A scheme with no
// problem gets its behaviour index, canonical text and content hash.
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "attune/coding/scheme.hpp"
#include "attune/coding/sha256.hpp"
#include "json_lines.hpp"
#include "scheme_loading.hpp"

namespace attune {
namespace {

using nlohmann::json;

// Each issue gets the line of the nearest enclosing path that has one.
void locate(std::vector<SchemeIssue>& issues, const std::string& text) {
    const auto lines = detail::json_value_lines(text);
    for (auto& i : issues) {
        for (std::string p = i.path; !p.empty(); p = p.substr(0, p.rfind('/'))) {
            if (auto it = lines.find(p.empty() ? "/" : p); it != lines.end()) {
                i.line = it->second;
                break;
            }
            if (p == "/") break;
        }
    }
}

}  // namespace

std::vector<SchemeIssue> check_scheme_text(const std::string& text, Scheme* out) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        int line = 1;
        for (size_t i = 0; i < std::min(e.byte, text.size()); ++i) line += text[i] == '\n';
        std::string what = e.what();
        if (auto pos = what.find("syntax error"); pos != std::string::npos) what = what.substr(pos);
        return {{"/", line, "not valid JSON: " + what}};
    } catch (const json::exception& e) {
        // A number too large for a double (1e400) is out_of_range, not a parse_error.
        std::string what = e.what();
        if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
        return {{"/", 0, "not valid JSON: " + what}};
    }
    if (!root.is_object()) return {{"/", 1, "a scheme is a JSON object {...}"}};
    detail::SchemeProblems problems;
    Scheme s = detail::read_scheme(root, problems);
    detail::check_scheme_meaning(s, problems);
    locate(problems.issues, text);
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
    std::string message = origin + ": " + std::to_string(issues.size()) + " problem" +
                          (issues.size() == 1 ? "" : "s") + ":";
    for (const auto& i : issues)
        message += "\n" + origin + ":" + std::to_string(i.line) + ": " + i.path + ": " + i.message;
    return Error{message};
}

Result<Scheme> load_scheme_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot read scheme " + path + ": check the path"};
    std::stringstream ss;
    ss << in.rdbuf();
    return load_scheme_text(ss.str(), path);
}

}  // namespace attune
