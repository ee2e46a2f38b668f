// Reads and checks a feedback protocol file (attune-protocol/1; schemas/feedback-*.json and
// schemas/attune-protocol.schema.json): every problem at once, with its JSON path and line,
// as the scheme loader does.
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "attune/coding/feedback.hpp"
#include "json_lines.hpp"

namespace attune {
namespace {

using nlohmann::json;
using Issues = std::vector<SchemeIssue>;

constexpr const char* kProtocolFormat = "attune-protocol/1";

// The fields each object may have: anything else is a misspelling or a field this build
// would ignore, and is named.
void only_known(const json& obj, const std::string& path, const std::set<std::string>& known,
                Issues& issues) {
    for (const auto& [key, value] : obj.items())
        if (!known.count(key))
            issues.push_back(
                {path + "/" + key, 0, "unknown field '" + key + "' (this build would ignore it)"});
}

std::string text_field(const json& obj, const std::string& path, const char* key, bool required,
                       Issues& issues) {
    const auto it = obj.find(key);
    if (it == obj.end()) {
        if (required) issues.push_back({path, 0, std::string("needs \"") + key + "\" (text)"});
        return "";
    }
    if (!it->is_string() || (required && it->get<std::string>().empty())) {
        issues.push_back({path + "/" + key, 0, std::string(key) + " must be a non-empty text"});
        return "";
    }
    return it->get<std::string>();
}

void read_guide(const json& g, FeedbackProtocol& p, Issues& issues) {
    const std::string path = "/protocol/momentGuide";
    if (!g.is_object()) return issues.push_back({path, 0, "momentGuide is an object {...}"});
    only_known(g, path, {"maxSeconds", "maxPerVisit", "note"}, issues);
    if (auto it = g.find("maxSeconds"); it != g.end()) {
        if (!it->is_number() || it->get<double>() <= 0)
            issues.push_back({path + "/maxSeconds", 0, "maxSeconds is a number of seconds > 0"});
        else
            p.max_moment_seconds = it->get<double>();
    }
    if (auto it = g.find("maxPerVisit"); it != g.end()) {
        if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 1000)
            issues.push_back({path + "/maxPerVisit", 0, "maxPerVisit is a whole number >= 1"});
        else
            p.max_moments_per_visit = it->get<int>();
    }
    text_field(g, path, "note", false, issues);
}

ProtocolVisit read_visit(const json& v, const std::string& path, Issues& issues) {
    ProtocolVisit out;
    if (!v.is_object()) {
        issues.push_back({path, 0, "a visit is an object {...}"});
        return out;
    }
    only_known(v, path, {"visit", "theme", "title", "focus", "evidence"}, issues);
    const auto n = v.find("visit");
    if (n == v.end() || !n->is_number_integer() || n->get<int64_t>() < 1 ||
        n->get<int64_t>() > 1000)
        issues.push_back({path + "/visit", 0, "visit is its number, a whole number from 1"});
    else
        out.visit = n->get<int>();
    out.theme = text_field(v, path, "theme", true, issues);
    out.title = text_field(v, path, "title", true, issues);
    out.focus = text_field(v, path, "focus", false, issues);
    out.evidence = text_field(v, path, "evidence", false, issues);
    if (!out.evidence.empty() && out.evidence.find_first_not_of("VSKI") != std::string::npos)
        issues.push_back({path + "/evidence", 0, "evidence is V, S, K or I (the legend)"});
    return out;
}

void read_visits(const json& visits, FeedbackProtocol& p, Issues& issues) {
    if (!visits.is_array() || visits.empty())
        return issues.push_back({"/protocol/visits", 0, "visits is a list of at least one visit"});
    std::set<int> seen;
    for (size_t i = 0; i < visits.size(); ++i) {
        const std::string path = "/protocol/visits/" + std::to_string(i);
        ProtocolVisit v = read_visit(visits[i], path, issues);
        if (v.visit > 0 && !seen.insert(v.visit).second)
            issues.push_back({path + "/visit", 0, "visit " + std::to_string(v.visit) + " twice"});
        p.visits.push_back(std::move(v));
    }
    // Visits are numbered 1..n without a gap: a gap is a typing mistake more often than not.
    int expected = 1;
    for (int n : seen)
        if (n != expected++)
            return issues.push_back({"/protocol/visits", 0,
                                     "visits are numbered 1, 2, 3... without a gap; " +
                                         std::to_string(expected - 1) + " is missing"});
}

void read_references(const json& root, FeedbackProtocol& p, Issues& issues) {
    const auto refs = root.find("references");
    if (refs == root.end()) return;
    if (!refs->is_array())
        return issues.push_back({"/references", 0, "references is a list of {id, citation}"});
    for (size_t i = 0; i < refs->size(); ++i) {
        const std::string path = "/references/" + std::to_string(i);
        const json& r = (*refs)[i];
        if (!r.is_object()) {
            issues.push_back({path, 0, "a reference is an object {id, citation}"});
            continue;
        }
        only_known(r, path, {"id", "citation", "accessedVia"}, issues);
        text_field(r, path, "id", true, issues);
        p.references.push_back(text_field(r, path, "citation", true, issues));
    }
}

FeedbackProtocol read_protocol(const json& root, Issues& issues) {
    FeedbackProtocol p;
    only_known(root, "", {"formatVersion", "protocol", "references"}, issues);
    const auto format = root.find("formatVersion");
    if (format == root.end() || !format->is_string() || *format != kProtocolFormat)
        issues.push_back({"/formatVersion", 0,
                          std::string("a feedback protocol starts with \"formatVersion\": \"") +
                              kProtocolFormat + "\""});
    const auto body = root.find("protocol");
    if (body == root.end() || !body->is_object()) {
        issues.push_back({"/protocol", 0, "needs \"protocol\": {id, name, version, visits}"});
        return p;
    }
    only_known(*body, "/protocol", {"id", "name", "version", "status", "momentGuide", "visits"},
               issues);
    p.id = text_field(*body, "/protocol", "id", true, issues);
    p.name = text_field(*body, "/protocol", "name", true, issues);
    p.version = text_field(*body, "/protocol", "version", true, issues);
    p.status = text_field(*body, "/protocol", "status", false, issues);
    if (auto g = body->find("momentGuide"); g != body->end()) read_guide(*g, p, issues);
    if (auto v = body->find("visits"); v != body->end())
        read_visits(*v, p, issues);
    else
        issues.push_back({"/protocol", 0, "needs \"visits\": the themes, visit by visit"});
    read_references(root, p, issues);
    return p;
}

}  // namespace

const ProtocolVisit* FeedbackProtocol::visit(int number) const {
    for (const auto& v : visits)
        if (v.visit == number) return &v;
    return nullptr;
}

std::vector<SchemeIssue> check_protocol_text(const std::string& text, FeedbackProtocol* out) {
    json root;
    if (auto problem = detail::parse_json_document(text, root)) return {*problem};
    if (!root.is_object()) return {{"/", 1, "a feedback protocol is a JSON object {...}"}};
    Issues issues;
    FeedbackProtocol p = read_protocol(root, issues);
    detail::locate_issues(issues, text);
    if (issues.empty() && out) {
        std::sort(p.visits.begin(), p.visits.end(),
                  [](const auto& a, const auto& b) { return a.visit < b.visit; });
        p.json = root.dump();
        *out = std::move(p);
    }
    return issues;
}

Result<FeedbackProtocol> load_protocol_text(const std::string& text, const std::string& origin) {
    FeedbackProtocol p;
    auto issues = check_protocol_text(text, &p);
    if (issues.empty()) return p;
    return Error{detail::issues_message(origin, issues)};
}

Result<FeedbackProtocol> load_protocol_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot read the feedback protocol " + path + ": check the path"};
    std::stringstream ss;
    ss << in.rdbuf();
    return load_protocol_text(ss.str(), path);
}

}  // namespace attune
