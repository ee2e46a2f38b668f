// A peer's project: lookups, and its ethogram as an Attune scheme (see foreign.hpp).
#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "attune/coding/interop/foreign.hpp"

#include "attune/coding/utf8.hpp"

namespace attune::interop {

namespace {

using json = nlohmann::ordered_json;

bool plain_key(const std::string& key) {
    return key.size() == 1 && std::isalnum(static_cast<unsigned char>(key[0]));
}

json modifiers_json(const ForeignBehaviour& b) {
    json out = json::array();
    std::set<std::string> ids;
    for (size_t i = 0; i < b.modifiers.size(); ++i) {
        const auto& set = b.modifiers[i];
        std::string id =
            as_scheme_id(set.name.empty() ? "modifier_" + std::to_string(i + 1) : set.name);
        while (!ids.insert(id).second) id += "_";
        const bool choice = set.kind == ModifierKind::Single || set.kind == ModifierKind::Multiple;
        // A choice the file offers no values for keeps what is typed as text.
        const ModifierKind kind = choice && set.values.empty() ? ModifierKind::Text : set.kind;
        json m{{"id", id}, {"kind", to_string(kind)}};
        if (kind == ModifierKind::Single || kind == ModifierKind::Multiple)
            m["values"] = set.values;
        out.push_back(std::move(m));
    }
    return out;
}

json behaviour_json(const ForeignBehaviour& b, const std::string& id, const std::string& subject) {
    json out{
        {"id", id}, {"label", b.code}, {"type", b.state ? "state" : "point"}, {"subject", subject}};
    if (!b.category.empty()) out["category"] = b.category;
    if (!b.description.empty()) out["definition"] = b.description;
    if (!b.modifiers.empty()) out["modifiers"] = modifiers_json(b);
    return out;
}

// Keys only where one behaviour has a plain letter or digit to itself.
void add_keys(json& behaviours, const ForeignProject& p, std::vector<std::string>& notes) {
    std::map<std::string, int> uses;
    for (const auto& b : p.ethogram)
        if (plain_key(b.key)) ++uses[b.key];
    std::vector<std::string> left_out;
    for (auto& entry : behaviours) {
        const ForeignBehaviour* b = p.behaviour(entry["label"].get<std::string>());
        if (b && plain_key(b->key) && uses[b->key] == 1 && p.subjects.size() <= 1)
            entry["key"] = b->key;
        else if (b && !b->key.empty() &&
                 std::find(left_out.begin(), left_out.end(), b->code) == left_out.end())
            left_out.push_back(b->code);
    }
    if (!left_out.empty()) {
        std::string list;
        for (const auto& c : left_out) list += (list.empty() ? "" : ", ") + c;
        notes.push_back(
            "keys left out (shared, not a plain letter or digit, or one code on "
            "several subjects): " +
            list + "; give them keys in the scheme");
    }
}

bool codes_without_subject(const ForeignProject& p) {
    for (const auto& o : p.observations)
        for (const auto& e : o.events)
            if (e.subject == no_focal_subject) return true;
    return false;
}

// The `scheme from-...` command for a reader's format name.
std::string from_command(const std::string& format) {
    if (format == "Observer XT") return "otx";
    std::string f = format;
    std::transform(f.begin(), f.end(), f.begin(), [](unsigned char c) { return std::tolower(c); });
    return f;
}

}  // namespace

namespace {

Status utf8(const std::string& text, const std::string& where) {
    if (!invalid_utf8_at(text)) return ok_status();
    return Error{where +
                 " is not UTF-8 text (the file encodes a character no text may hold); "
                 "correct it in the program that wrote the file"};
}

Status check_event_text(const ForeignObservation& o) {
    for (const auto& e : o.events) {
        for (const auto* t : {&e.subject, &e.behaviour, &e.comment})
            if (auto ok = utf8(*t, e.where); !ok) return ok;
        for (const auto& m : e.modifiers)
            if (auto ok = utf8(m, e.where); !ok) return ok;
    }
    return ok_status();
}

}  // namespace

Status check_text(const ForeignProject& p) {
    for (const auto& s : p.subjects)
        if (auto ok = utf8(s, "a subject's name"); !ok) return ok;
    for (const auto& b : p.ethogram) {
        for (const auto* t : {&b.code, &b.description, &b.category, &b.key})
            if (auto ok = utf8(*t, "behaviour " + std::to_string(&b - p.ethogram.data() + 1)); !ok)
                return ok;
        for (const auto& set : b.modifiers) {
            if (auto ok = utf8(set.name, "a modifier set's name"); !ok) return ok;
            for (const auto& v : set.values)
                if (auto ok = utf8(v, "a modifier value"); !ok) return ok;
        }
    }
    for (const auto& o : p.observations) {
        for (const auto* t : {&o.id, &o.date, &o.description})
            if (auto ok = utf8(*t, "observation " + std::to_string(&o - p.observations.data() + 1));
                !ok)
                return ok;
        for (const auto& m : o.media)
            if (auto ok = utf8(m, "a medium's path"); !ok) return ok;
        if (auto ok = check_event_text(o); !ok) return ok;
    }
    for (const auto& v : p.variables)
        if (auto ok = utf8(v, "an independent variable's name"); !ok) return ok;
    return ok_status();
}

std::string as_scheme_id(const std::string& name) {
    std::string id;
    for (const char c : name) {
        const bool ok =
            std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
        if (ok)
            id += c;
        else if (id.empty() || id.back() != '_')
            id += '_';
    }
    while (!id.empty() && id.back() == '_' && name.back() != '_') id.pop_back();
    return id.empty() ? "unnamed" : id;
}

std::string scheme_json_from(const ForeignProject& p, const std::string& id,
                             std::vector<std::string>& notes) {
    json roles = json::array(), behaviours = json::array();
    std::set<std::string> role_ids;
    for (const auto& s : p.subjects) {
        std::string rid = as_scheme_id(s);
        while (!role_ids.insert(rid).second) rid += "_";
        roles.push_back({{"id", rid}, {"label", s}});
    }
    if (roles.empty() || codes_without_subject(p))
        roles.push_back(
            {{"id", roles.empty() ? "subject" : "no_focal_subject"}, {"label", no_focal_subject}});
    std::set<std::string> ids;
    for (const auto& b : p.ethogram)
        for (size_t r = 0; r < roles.size(); ++r) {
            const std::string subject = roles[r]["id"].get<std::string>();
            if (!p.coded.empty() && r < p.subjects.size() &&
                std::find(p.coded.begin(), p.coded.end(), std::pair{p.subjects[r], b.code}) ==
                    p.coded.end())
                continue;
            std::string bid = as_scheme_id(b.code);
            if (roles.size() > 1) bid = subject + "." + bid;
            while (!ids.insert(bid).second) bid += "_";
            behaviours.push_back(behaviour_json(b, bid, subject));
        }
    add_keys(behaviours, p, notes);
    if (p.subjects.size() > 1 && !p.coded.empty())
        notes.push_back("one behaviour per " + p.format +
                        " subject and the codes it uses, id SUBJECT.CODE");
    else if (p.subjects.size() > 1)
        notes.push_back("the file's " + std::to_string(p.subjects.size()) +
                        " subjects may each do every behaviour: the scheme has one behaviour per "
                        "subject and code, id SUBJECT.CODE");
    json root{{"formatVersion", "attune-scheme/1"},
              {"scheme",
               {{"id", id},
                {"name", p.name.empty() ? id : p.name},
                {"version", "1"},
                {"status", "derived from the " + p.format + " file by attune-cli scheme from-" +
                               from_command(p.format)}}},
              {"roles", roles},
              {"behaviors", behaviours}};
    return root.dump(2) + "\n";
}

const ForeignBehaviour* ForeignProject::behaviour(const std::string& code) const {
    for (const auto& b : ethogram)
        if (b.code == code) return &b;
    return nullptr;
}

const ForeignObservation* ForeignProject::observation(const std::string& id) const {
    for (const auto& o : observations)
        if (o.id == id) return &o;
    return nullptr;
}

}  // namespace attune::interop
