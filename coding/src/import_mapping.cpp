// The mapping step of every import (see the header).
#include "attune/coding/interop/import_mapping.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

namespace attune::interop {

namespace {

using json = nlohmann::ordered_json;

const char* const mapping_format = "attune-mapping/1";

bool names(const std::string& file_name, const std::string& id, const std::string& label) {
    return file_name == id || file_name == label || as_scheme_id(file_name) == id;
}

// The scheme's behaviour for a file's subject x behaviour, when exactly one fits.
std::string proposed_behaviour(const Scheme& scheme, const std::string& subject,
                               const std::string& behaviour) {
    std::vector<const BehaviourDef*> fits;
    for (const auto& b : scheme.behaviours)
        if (names(behaviour, b.id, b.label)) fits.push_back(&b);
    if (fits.size() <= 1) return fits.empty() ? "" : fits.front()->id;
    std::vector<const BehaviourDef*> on_subject;
    for (const BehaviourDef* b : fits)
        for (const auto& r : scheme.roles)
            if (r.id == b->subject && names(subject, r.id, r.label)) on_subject.push_back(b);
    return on_subject.size() == 1 ? on_subject.front()->id : "";
}

std::string proposed_modifier(const BehaviourDef& b, const std::string& set) {
    for (const auto& m : b.modifiers)
        if (names(set, m.id, m.id)) return m.id;
    return "";
}

// The modifier sets of a code that its events fill in: (behaviour, set index).
std::set<std::pair<std::string, size_t>> used_sets(
    const std::vector<const ForeignObservation*>& observations) {
    std::set<std::pair<std::string, size_t>> used;
    for (const auto* o : observations)
        for (const auto& e : o->events)
            for (size_t i = 0; i < e.modifiers.size(); ++i)
                if (!e.modifiers[i].empty()) used.insert({e.behaviour, i});
    return used;
}

std::string set_name(const ForeignProject& project, const std::string& behaviour, size_t i) {
    const ForeignBehaviour* b = project.behaviour(behaviour);
    if (b && i < b->modifiers.size() && !b->modifiers[i].name.empty()) return b->modifiers[i].name;
    return "modifier #" + std::to_string(i + 1);
}

// The scheme's behaviours a file's code is mapped to (one per subject it is coded on).
std::vector<const BehaviourDef*> mapped_targets(const ImportMapping& m, const Scheme& scheme,
                                                const std::string& code) {
    std::vector<const BehaviourDef*> out;
    for (const auto& c : m.codes)
        if (c.behaviour == code && c.choice == MapChoice::Mapped)
            if (const BehaviourDef* b = scheme.behaviour(c.to)) out.push_back(b);
    return out;
}

bool has_modifier(const BehaviourDef& b, const std::string& id) {
    return std::any_of(b.modifiers.begin(), b.modifiers.end(),
                       [&](const ModifierDef& d) { return d.id == id; });
}

void propose_modifiers(ImportMapping& m, const ForeignProject& project,
                       const std::vector<const ForeignObservation*>& observations,
                       const Scheme& scheme) {
    for (const auto& [code, i] : used_sets(observations)) {
        ModifierMapping mm;
        mm.behaviour = code, mm.set = set_name(project, code, i);
        if (const ForeignBehaviour* fb = project.behaviour(code); fb && i < fb->modifiers.size())
            for (const auto& v : fb->modifiers[i].values) mm.values[v] = v;
        for (const BehaviourDef* b : mapped_targets(m, scheme, code))
            if (mm.to.empty()) mm.to = proposed_modifier(*b, mm.set);
        if (!mm.to.empty()) mm.choice = MapChoice::Mapped;
        m.modifiers.push_back(std::move(mm));
    }
}

json choice_json(MapChoice c, const std::string& to) {
    if (c == MapChoice::Dropped) return nullptr;
    return c == MapChoice::Mapped ? to : "";
}

Result<std::pair<MapChoice, std::string>> choice_of(const json& entry, const std::string& what) {
    auto to = entry.find("to");
    if (to == entry.end() || (to->is_string() && to->get<std::string>().empty()))
        return std::pair{MapChoice::Undecided, std::string()};
    if (to->is_null()) return std::pair{MapChoice::Dropped, std::string()};
    if (!to->is_string()) return Error{what + ": \"to\" must be an id, \"\" or null"};
    return std::pair{MapChoice::Mapped, to->get<std::string>()};
}

std::string text_of(const json& entry, const char* key) {
    auto it = entry.find(key);
    return it != entry.end() && it->is_string() ? it->get<std::string>() : "";
}

Result<CodeMapping> code_from_json(const json& e, size_t i) {
    const std::string what = "behaviours entry " + std::to_string(i + 1);
    if (!e.is_object() || !e.contains("behaviour"))
        return Error{what + " needs \"subject\", \"behaviour\" and \"to\""};
    CodeMapping c;
    c.subject = text_of(e, "subject"), c.behaviour = text_of(e, "behaviour");
    auto choice = choice_of(e, what);
    if (!choice) return choice.error();
    std::tie(c.choice, c.to) = *choice;
    return c;
}

Result<ModifierMapping> modifier_from_json(const json& e, size_t i) {
    const std::string what = "modifiers entry " + std::to_string(i + 1);
    if (!e.is_object() || !e.contains("behaviour") || !e.contains("set"))
        return Error{what + " needs \"behaviour\", \"set\" and \"to\""};
    ModifierMapping m;
    m.behaviour = text_of(e, "behaviour"), m.set = text_of(e, "set");
    auto choice = choice_of(e, what);
    if (!choice) return choice.error();
    std::tie(m.choice, m.to) = *choice;
    if (auto v = e.find("values"); v != e.end()) {
        if (!v->is_object())
            return Error{what + ": \"values\" must map the file's to the scheme's"};
        for (auto it = v->begin(); it != v->end(); ++it) {
            if (!it->is_string())
                return Error{what + ": value '" + it.key() + "' must map to text"};
            m.values[it.key()] = it->get<std::string>();
        }
    }
    return m;
}

Status check_code_choice(const CodeMapping& c, const ForeignProject& project,
                         const Scheme& scheme) {
    const std::string what = "mapping " + c.subject + " / " + c.behaviour;
    if (c.choice != MapChoice::Mapped) return ok_status();
    if (!c.in_ethogram)
        return Error{what + ": the file never defines " + c.behaviour +
                     ", so a state cannot be told from a point; drop it (\"to\": null)"};
    const BehaviourDef* b = scheme.behaviour(c.to);
    if (!b) return Error{what + ": scheme " + scheme.id + " has no behaviour '" + c.to + "'"};
    const ForeignBehaviour* fb = project.behaviour(c.behaviour);
    if (fb && fb->state != b->is_state())
        return Error{what + ": the file's " + c.behaviour + " is a " +
                     (fb->state ? "state" : "point") + " event and " + b->id + " is a " +
                     (b->is_state() ? "state" : "point") + " event; map it to a " +
                     (fb->state ? "state" : "point") + " behaviour or drop it"};
    return ok_status();
}

// A mapped set must name a modifier at least one of the code's targets has; on the others
// its values are left out (and counted, MappedRows::modifiers_left_out).
Status check_modifier_choice(const ModifierMapping& m, const ImportMapping& mapping,
                             const Scheme& scheme) {
    if (m.choice != MapChoice::Mapped) return ok_status();
    const auto targets = mapped_targets(mapping, scheme, m.behaviour);
    if (targets.empty() || std::any_of(targets.begin(), targets.end(),
                                       [&](const auto* b) { return has_modifier(*b, m.to); }))
        return ok_status();
    std::string ids;
    for (const auto* b : targets) ids += (ids.empty() ? "" : ", ") + b->id;
    return Error{"mapping " + m.behaviour + ": modifier set '" + m.set + "' maps to '" + m.to +
                 "', which none of its targets (" + ids +
                 ") has; map it to one of their modifiers or drop it (\"to\": null)"};
}

// What the file codes, over all its observations: a mapping may name codes of
// observations not imported now, never codes the file does not have.
struct FileCodes {
    std::set<std::pair<std::string, std::string>> codes;  // subject x behaviour
    std::set<std::pair<std::string, std::string>> sets;   // behaviour x modifier set

    explicit FileCodes(const ForeignProject& project) {
        for (const auto& o : project.observations) {
            for (const auto& e : o.events) {
                codes.insert({e.subject, e.behaviour});
                for (size_t i = 0; i < e.modifiers.size(); ++i)
                    sets.insert({e.behaviour, set_name(project, e.behaviour, i)});
            }
            for (const auto& code : o.unknown_codes) codes.insert({"", code});
        }
        for (const auto& b : project.ethogram)
            for (size_t i = 0; i < b.modifiers.size(); ++i)
                sets.insert({b.code, set_name(project, b.code, i)});
    }
};

const char* const check_spelling =
    "; check the spelling against the file (write a starting mapping with --write-mapping)";

Status check_in_file(const ImportMapping& chosen, const FileCodes& file) {
    for (const auto& c : chosen.codes)
        if (!file.codes.count({c.subject, c.behaviour}))
            return Error{"mapping " + c.subject + " / " + c.behaviour + ": the file has no code '" +
                         c.behaviour + "' for subject '" + c.subject + "'" + check_spelling};
    for (const auto& m : chosen.modifiers)
        if (!file.sets.count({m.behaviour, m.set}))
            return Error{"mapping " + m.behaviour + ": the file has no modifier set '" + m.set +
                         "' for it" + check_spelling};
    return ok_status();
}

}  // namespace

std::vector<std::string> ImportMapping::undecided() const {
    std::vector<std::string> out;
    for (const auto& c : codes)
        if (c.choice == MapChoice::Undecided)
            out.push_back(c.subject + " / " + c.behaviour + " (" + std::to_string(c.events) +
                          " event" + (c.events == 1 ? "" : "s") + ")");
    for (const auto& m : modifiers)
        if (m.choice == MapChoice::Undecided)
            out.push_back(m.behaviour + ": modifier set '" + m.set + "'");
    return out;
}

const CodeMapping* ImportMapping::code(const std::string& subject,
                                       const std::string& behaviour) const {
    for (const auto& c : codes)
        if (c.subject == subject && c.behaviour == behaviour) return &c;
    return nullptr;
}

const ModifierMapping* ImportMapping::modifier(const std::string& behaviour,
                                               const std::string& set) const {
    for (const auto& m : modifiers)
        if (m.behaviour == behaviour && m.set == set) return &m;
    return nullptr;
}

ImportMapping propose_mapping(const ForeignProject& project,
                              const std::vector<const ForeignObservation*>& observations,
                              const Scheme& scheme, const std::string& source) {
    ImportMapping m;
    m.source = source, m.scheme = scheme.id + " " + scheme.version;
    std::map<std::pair<std::string, std::string>, size_t> counts;
    for (const auto* o : observations)
        for (const auto& e : o->events) ++counts[{e.subject, e.behaviour}];
    for (const auto& [key, n] : counts) {
        CodeMapping c;
        c.subject = key.first, c.behaviour = key.second, c.events = n;
        c.to = proposed_behaviour(scheme, key.first, key.second);
        if (!c.to.empty()) c.choice = MapChoice::Mapped;
        m.codes.push_back(std::move(c));
    }
    std::set<std::string> unknown;
    for (const auto* o : observations)
        unknown.insert(o->unknown_codes.begin(), o->unknown_codes.end());
    for (const auto& code : unknown) {
        CodeMapping c;
        c.behaviour = code, c.in_ethogram = false;
        m.codes.push_back(std::move(c));
    }
    propose_modifiers(m, project, observations, scheme);
    return m;
}

std::string mapping_json(const ImportMapping& m, const Scheme* scheme) {
    json root{{"format", mapping_format}, {"source", m.source}, {"scheme", m.scheme}};
    if (scheme) {
        json choices = json::object();
        for (const auto& b : scheme->behaviours)
            choices[b.id] = b.label + " (" + b.subject + ", " + to_string(b.kind) + ")";
        root["schemeBehaviours"] = std::move(choices);
    }
    json codes = json::array(), modifiers = json::array();
    for (const auto& c : m.codes) {
        json e{{"subject", c.subject}, {"behaviour", c.behaviour}, {"events", c.events}};
        if (!c.in_ethogram) e["note"] = "not in the file's ethogram: drop it";
        e["to"] = choice_json(c.choice, c.to);
        codes.push_back(std::move(e));
    }
    for (const auto& mm : m.modifiers)
        modifiers.push_back({{"behaviour", mm.behaviour},
                             {"set", mm.set},
                             {"to", choice_json(mm.choice, mm.to)},
                             {"values", mm.values}});
    root["behaviours"] = std::move(codes);
    root["modifiers"] = std::move(modifiers);
    return root.dump(2) + "\n";
}

Result<ImportMapping> parse_mapping(const std::string& text) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        return Error{"the mapping is not JSON (near byte " + std::to_string(e.byte) +
                     "); write a starting one with --write-mapping"};
    } catch (const json::exception& e) {
        return Error{std::string("the mapping is not JSON (") + e.what() +
                     "); write a starting one with --write-mapping"};
    }
    if (!root.is_object() || text_of(root, "format") != mapping_format)
        return Error{std::string("not an Attune mapping: \"format\" must be \"") + mapping_format +
                     "\"; write a starting one with --write-mapping"};
    ImportMapping m;
    m.source = text_of(root, "source"), m.scheme = text_of(root, "scheme");
    const json empty = json::array();
    const json& codes = root.contains("behaviours") ? root["behaviours"] : empty;
    const json& mods = root.contains("modifiers") ? root["modifiers"] : empty;
    if (!codes.is_array() || !mods.is_array())
        return Error{"the mapping's \"behaviours\" and \"modifiers\" must be lists"};
    for (size_t i = 0; i < codes.size(); ++i) {
        auto c = code_from_json(codes[i], i);
        if (!c) return c.error();
        m.codes.push_back(std::move(*c));
    }
    for (size_t i = 0; i < mods.size(); ++i) {
        auto mm = modifier_from_json(mods[i], i);
        if (!mm) return mm.error();
        m.modifiers.push_back(std::move(*mm));
    }
    return m;
}

Result<ImportMapping> merge_mapping(ImportMapping proposal, const ImportMapping& chosen,
                                    const ForeignProject& project, const Scheme& scheme) {
    if (auto ok = check_in_file(chosen, FileCodes(project)); !ok) return ok.error();
    for (const auto& c : chosen.codes) {
        auto it = std::find_if(proposal.codes.begin(), proposal.codes.end(), [&](const auto& p) {
            return p.subject == c.subject && p.behaviour == c.behaviour;
        });
        if (it == proposal.codes.end()) continue;  // a code of observations not imported now
        it->choice = c.choice, it->to = c.to;
    }
    for (const auto& m : chosen.modifiers)
        for (auto& p : proposal.modifiers)
            if (p.behaviour == m.behaviour && p.set == m.set) {
                p.choice = m.choice, p.to = m.to;
                for (const auto& [from, to] : m.values) p.values[from] = to;
            }
    for (const auto& c : proposal.codes)
        if (auto ok = check_code_choice(c, project, scheme); !ok) return ok.error();
    for (const auto& m : proposal.modifiers)
        if (auto ok = check_modifier_choice(m, proposal, scheme); !ok) return ok.error();
    return proposal;
}

Status require_decided(const ImportMapping& mapping) {
    const auto open = mapping.undecided();
    if (open.empty()) return ok_status();
    std::string list;
    for (const auto& u : open) list += "\n  " + u;
    return Error{std::to_string(open.size()) + " of the file's codes are not mapped to scheme " +
                 mapping.scheme + "; nothing was imported. Map each (\"to\": an id) or drop it " +
                 "(\"to\": null) in the mapping (write one with --write-mapping FILE):" + list};
}

FrameAt frames_at_rate(double fps) {
    return [fps](int64_t t_us) {
        return static_cast<int64_t>(std::floor((static_cast<double>(t_us) + 500.0) * fps / 1e6));
    };
}

namespace {

// The modifier columns of the rows: every mapped target, in scheme order.
std::vector<std::string> modifier_columns(const ImportMapping& mapping, const Scheme& scheme) {
    std::set<std::string> used;
    for (const auto& m : mapping.modifiers)
        if (m.choice == MapChoice::Mapped) used.insert(m.to);
    std::vector<std::string> out;
    for (const auto& b : scheme.behaviours)
        for (const auto& d : b.modifiers)
            if (used.count(d.id) && std::find(out.begin(), out.end(), d.id) == out.end())
                out.push_back(d.id);
    return out;
}

struct RowBuilder {
    // A time before the recording starts stays negative, for the checks to refuse.
    void time_cells(int64_t t_us, std::string& frame, std::string& us) const {
        const int64_t f = t_us < 0 ? -1 : clock.frame_at(t_us);
        frame = std::to_string(f);
        us = std::to_string(t_us >= 0 && clock.frame_us ? clock.frame_us(f) : t_us);
    }

    const ForeignProject* project;
    const ImportMapping& mapping;
    const RecordingClock& clock;
    int64_t offset_us;
    std::map<std::string, size_t> column;  // modifier id -> position

    std::vector<std::string> row(const ForeignEvent& e, const BehaviourDef& b, size_t width,
                                 std::map<std::string, size_t>& left_out) const {
        std::vector<std::string> cells(width);
        cells[0] = b.subject, cells[1] = b.id;
        time_cells(e.start_us - offset_us, cells[2], cells[3]);
        if (e.stop_us) time_cells(*e.stop_us - offset_us, cells[4], cells[5]);
        cells[6] = e.comment;
        for (size_t i = 0; i < e.modifiers.size(); ++i) {
            if (e.modifiers[i].empty()) continue;
            const ModifierMapping* m =
                mapping.modifier(e.behaviour, set_name(*project, e.behaviour, i));
            if (!m || m->choice != MapChoice::Mapped) continue;
            auto at = column.find(m->to);
            if (at == column.end() || !has_modifier(b, m->to)) {
                ++left_out[e.behaviour + ": modifier set '" + m->set + "' on " + b.id +
                           ", which has no modifier " + m->to];
                continue;
            }
            auto v = m->values.find(e.modifiers[i]);
            cells[at->second] = v == m->values.end() ? e.modifiers[i] : v->second;
        }
        return cells;
    }
};

}  // namespace

MappedRows mapped_rows(const ForeignObservation& observation, const ImportMapping& mapping,
                       const Scheme& scheme, const RecordingClock& clock,
                       const ForeignProject& project) {
    MappedRows out;
    out.header = {"subject",    "behaviour", "start_frame", "start_us",
                  "stop_frame", "stop_us",   "comment"};
    RowBuilder build{&project, mapping, clock, observation.media_offset_us, {}};
    for (const auto& id : modifier_columns(mapping, scheme)) {
        build.column[id] = out.header.size();
        out.header.push_back("modifier_" + id);
    }
    out.rows.reserve(observation.events.size());
    out.where.reserve(observation.events.size());
    for (const auto& e : observation.events) {
        const CodeMapping* c = mapping.code(e.subject, e.behaviour);
        const BehaviourDef* b =
            c && c->choice == MapChoice::Mapped ? scheme.behaviour(c->to) : nullptr;
        if (!b) {
            ++out.dropped;
            continue;
        }
        out.rows.push_back(build.row(e, *b, out.header.size(), out.modifiers_left_out));
        out.where.push_back("observation '" + observation.id + "', " + e.where);
        ++out.counts[b->id];
    }
    return out;
}

}  // namespace attune::interop
