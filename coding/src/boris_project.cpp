// Reading a BORIS project's ethogram, subjects and events (see the header).
#include "attune/coding/interop/boris_project.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include <zlib.h>
#include <nlohmann/json.hpp>

namespace attune::interop {

namespace {

using json = nlohmann::ordered_json;
using stats::Bout;

// Python's json writes NaN, Infinity and -Infinity as bare tokens; outside
// strings they become null, which the reader treats as "no time".
std::string without_python_tokens(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    bool in_string = false, escaped = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
            out += c;
            continue;
        }
        in_string = c == '"';
        bool replaced = false;
        for (const char* token : {"-Infinity", "Infinity", "NaN"}) {
            const std::string t = token;
            if (text.compare(i, t.size(), t) == 0) {
                out += "null";
                i += t.size() - 1;
                replaced = true;
                break;
            }
        }
        if (!replaced) out += c;
    }
    return out;
}

// Decimal(float).quantize(0.001): half to even on the exact binary value. The
// product of a double and 1000 is exact in x87 long double (53 + 10 bits < 64).
int64_t rounded_us(double seconds) {
    const long double ms = std::nearbyintl(static_cast<long double>(seconds) * 1000.0L);
    return static_cast<int64_t>(ms) * 1000;
}

// Object keys "0", "1", ..., "10" in numeric order.
std::vector<const json*> numbered_entries(const json& object) {
    std::vector<std::pair<long, const json*>> entries;
    for (auto it = object.begin(); it != object.end(); ++it)
        entries.push_back({std::strtol(it.key().c_str(), nullptr, 10), &it.value()});
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<const json*> out;
    for (const auto& e : entries) out.push_back(e.second);
    return out;
}

std::string text_field(const json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// " (k)", the shortcut suffix BORIS strips from a modifier value when it is recorded.
std::string without_shortcut(const std::string& value) {
    const size_t n = value.size();
    if (n >= 4 && value.compare(n - 4, 2, " (") == 0 && value[n - 1] == ')')
        return value.substr(0, n - 4);
    return value;
}

ModifierKind modifier_kind(const json& set) {
    auto type = set.find("type");
    const int t = type != set.end() && type->is_number_integer() ? type->get<int>() : 0;
    switch (t) {
        case 1:
            return ModifierKind::Multiple;
        case 2:
            return ModifierKind::Numeric;
        case 3:
            return ModifierKind::Text;  // a value from an external data file
        default:
            return ModifierKind::Single;
    }
}

std::vector<ForeignModifierSet> read_modifier_sets(const json& behaviour) {
    std::vector<ForeignModifierSet> sets;
    auto conf = behaviour.find("modifiers");
    if (conf == behaviour.end() || !conf->is_object()) return sets;
    for (const json* entry : numbered_entries(*conf)) {
        if (!entry->is_object()) continue;
        ForeignModifierSet set{text_field(*entry, "name"), modifier_kind(*entry), {}};
        if (auto values = entry->find("values"); values != entry->end() && values->is_array())
            for (const json& v : *values)
                if (v.is_string()) set.values.push_back(without_shortcut(v.get<std::string>()));
        sets.push_back(std::move(set));
    }
    return sets;
}

Result<std::vector<ForeignBehaviour>> read_ethogram(const json& root) {
    std::vector<ForeignBehaviour> ethogram;
    auto conf = root.find("behaviors_conf");
    if (conf == root.end() || !conf->is_object())
        return Error{"not a BORIS project: no \"behaviors_conf\" object (the ethogram)"};
    for (const json* entry : numbered_entries(*conf)) {
        const std::string code = entry->is_object() ? text_field(*entry, "code") : "";
        if (code.empty()) return Error{"the ethogram has a behaviour without a code"};
        std::string type = text_field(*entry, "type");
        std::transform(type.begin(), type.end(), type.begin(),
                       [](unsigned char c) { return char(std::toupper(c)); });
        ethogram.push_back({code, text_field(*entry, "description"), text_field(*entry, "category"),
                            text_field(*entry, "key"), type.find("STATE") != std::string::npos,
                            read_modifier_sets(*entry)});
    }
    return ethogram;
}

std::vector<std::string> read_names(const json& root, const char* conf_key, const char* name_key) {
    std::vector<std::string> names;
    auto conf = root.find(conf_key);
    if (conf == root.end() || !conf->is_object()) return names;
    for (const json* entry : numbered_entries(*conf))
        if (entry->is_object()) names.push_back(text_field(*entry, name_key));
    return names;
}

struct RawEvent {
    int64_t t_us;
    std::string subject, code, modifiers, comment;
    size_t index;  // 1-based position in the observation's event list
};

Result<RawEvent> read_event(const json& e, size_t index, const std::string& where) {
    if (!e.is_array() || e.size() < 3)
        return Error{where + " is not a list [time, subject, code, ...]"};
    if (!e[1].is_string() || !e[2].is_string())
        return Error{where + ": the subject and the behaviour code must be text"};
    if (e.size() > 3 && !e[3].is_string() && !e[3].is_null())
        return Error{where + ": the modifiers must be text"};
    if (!e[0].is_number()) return Error{where + ": the time is not a number"};
    const double t = e[0].get<double>();
    if (!std::isfinite(t) || std::fabs(t) > 1e12)
        return Error{where + ": the time " + e[0].dump() + " s is out of range"};
    auto text_at = [&](size_t i) {
        return e.size() > i && e[i].is_string() ? e[i].get<std::string>() : std::string();
    };
    RawEvent r{
        rounded_us(t), e[1].get<std::string>(), e[2].get<std::string>(), text_at(3), text_at(4),
        index};
    if (r.subject.empty()) r.subject = boris_no_focal_subject;
    return r;
}

void add_unique(std::vector<std::string>& list, const std::string& s) {
    if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
}

// "a|None|b,c": one value per modifier set, "None" (left unselected) as "".
std::vector<std::string> split_modifiers(const std::string& joined) {
    std::vector<std::string> values;
    if (joined.empty()) return values;
    size_t from = 0;
    while (true) {
        const size_t bar = joined.find('|', from);
        std::string v = joined.substr(from, bar == std::string::npos ? bar : bar - from);
        values.push_back(v == "None" ? "" : v);
        if (bar == std::string::npos) return values;
        from = bar + 1;
    }
}

std::string seconds_text(int64_t us) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(us) / 1e6);
    return buf;
}

ForeignEvent foreign_event(const RawEvent& e, bool point) {
    ForeignEvent f{e.subject, e.code,    split_modifiers(e.modifiers),      e.t_us, std::nullopt,
                   point,     e.comment, "event " + std::to_string(e.index)};
    if (point) f.stop_us = e.t_us;
    return f;
}

// States paired by parity per (subject, code, modifiers), in time order; a state left
// without its stop stays an event with no stop and is named in `unpaired`.
void pair_events(std::vector<RawEvent> events, const std::vector<ForeignBehaviour>& ethogram,
                 ForeignObservation& obs) {
    std::stable_sort(events.begin(), events.end(),
                     [](const RawEvent& x, const RawEvent& y) { return x.t_us < y.t_us; });
    std::map<std::string, bool> is_state;
    for (const auto& b : ethogram) is_state[b.code] = b.state;
    std::map<std::tuple<std::string, std::string, std::string>, size_t> open;  // -> event
    for (const auto& e : events) {
        auto kind = is_state.find(e.code);
        if (kind == is_state.end()) {
            add_unique(obs.unknown_codes, e.code);
            continue;
        }
        if (!kind->second) {
            obs.events.push_back(foreign_event(e, true));
            continue;
        }
        auto key = std::make_tuple(e.subject, e.code, e.modifiers);
        auto running = open.find(key);
        if (running == open.end()) {
            open[key] = obs.events.size();
            obs.events.push_back(foreign_event(e, false));
            continue;
        }
        obs.events[running->second].stop_us = e.t_us;
        open.erase(running);
    }
    for (const auto& [key, at] : open) {
        const ForeignEvent& e = obs.events[at];
        obs.unpaired.push_back("state " + e.behaviour + " of " + e.subject +
                               (std::get<2>(key).empty() ? "" : " (" + std::get<2>(key) + ")") +
                               " starts at " + seconds_text(e.start_us) + " (" + e.where +
                               ") and never stops");
    }
}

// {"1": [paths], "2": [...]} (older files: a list of paths): the files of player #1.
std::vector<std::string> player_one_media(const json& o) {
    std::vector<std::string> media;
    auto file = o.find("file");
    if (file == o.end()) return media;
    const json* list = file->is_array() ? &*file : nullptr;
    if (file->is_object())
        if (auto one = file->find("1"); one != file->end() && one->is_array()) list = &*one;
    if (list)
        for (const json& p : *list)
            if (p.is_string()) media.push_back(p.get<std::string>());
    return media;
}

std::optional<double> media_fps(const json& o, const std::vector<std::string>& media) {
    auto info = o.find("media_info");
    if (media.empty() || info == o.end() || !info->is_object()) return std::nullopt;
    auto fps = info->find("fps");
    if (fps == info->end() || !fps->is_object()) return std::nullopt;
    auto f = fps->find(media.front());
    if (f == fps->end() || !f->is_number()) return std::nullopt;
    const double v = f->get<double>();
    if (!(v > 0 && v < 10000)) return std::nullopt;
    return v;
}

// media_info's per-file number (length, fps) for each medium, 0 where it has none.
std::vector<double> per_medium(const json& o, const char* key,
                               const std::vector<std::string>& media) {
    std::vector<double> out(media.size(), 0.0);
    auto info = o.find("media_info");
    if (info == o.end() || !info->is_object()) return out;
    auto values = info->find(key);
    if (values == info->end() || !values->is_object()) return out;
    for (size_t i = 0; i < media.size(); ++i)
        if (auto v = values->find(media[i]); v != values->end() && v->is_number()) {
            const double d = v->get<double>();
            if (std::isfinite(d) && d >= 0 && d < 1e9) out[i] = d;
        }
    return out;
}

void read_observation_header(const json& o, ForeignObservation& obs) {
    obs.date = text_field(o, "date");
    obs.description = text_field(o, "description");
    obs.media = player_one_media(o);
    obs.fps = media_fps(o, obs.media);
    obs.media_seconds = per_medium(o, "length", obs.media);
    obs.media_fps = per_medium(o, "fps", obs.media);
    if (auto off = o.find("time offset"); off != o.end() && off->is_number()) {
        const double s = off->get<double>();
        if (std::isfinite(s) && std::fabs(s) < 1e9) obs.media_offset_us = std::llround(s * 1e6);
    }
    if (auto vars = o.find("independent_variables"); vars != o.end() && vars->is_object())
        for (auto it = vars->begin(); it != vars->end(); ++it)
            obs.variables[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
}

Result<ForeignObservation> read_observation(const std::string& id, const json& o,
                                            const std::vector<ForeignBehaviour>& ethogram) {
    ForeignObservation obs;
    obs.id = id;
    if (!o.is_object()) return Error{"observation \"" + id + "\" is not an object"};
    read_observation_header(o, obs);
    auto list = o.find("events");
    if (list == o.end()) return obs;
    if (!list->is_array()) return Error{"observation \"" + id + "\": \"events\" is not a list"};
    std::vector<RawEvent> events;
    for (size_t n = 0; n < list->size(); ++n) {
        const json& e = (*list)[n];
        if (e.is_array() && !e.empty() && e[0].is_null()) {
            ++obs.events_without_time;
            continue;
        }
        auto event =
            read_event(e, n + 1, "observation \"" + id + "\", event " + std::to_string(n + 1));
        if (!event) return event.error();
        events.push_back(event.value());
    }
    pair_events(std::move(events), ethogram, obs);
    return obs;
}

// Deeper nesting than any BORIS project has would exhaust the parser's stack.
bool nested_too_deep(const std::string& text, int limit) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (const char c : text) {
        if (in_string) {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
            continue;
        }
        if (c == '"') in_string = true;
        if (c == '[' || c == '{') ++depth;
        if (c == ']' || c == '}') --depth;
        if (depth > limit) return true;
    }
    return false;
}

Result<std::string> file_text(const std::string& path) {
    const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
    if (!gz) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return Error{"cannot open the BORIS project " + path};
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) return Error{"cannot open the BORIS project " + path};
    std::string text;
    char buf[1 << 16];
    int n = 0;
    constexpr size_t limit = size_t(1) << 30;
    while ((n = gzread(f, buf, sizeof buf)) > 0 && text.size() <= limit) text.append(buf, n);
    const bool broken = n < 0;
    gzclose(f);
    if (broken) return Error{path + ": the gzip data is damaged; nothing was read"};
    if (text.size() > limit)
        return Error{path +
                     ": inflates to more than 1 GiB, larger than any BORIS project; "
                     "nothing was read"};
    return text;
}

}  // namespace

const BorisObservation* BorisProject::observation(const std::string& id) const {
    for (const auto& o : observations)
        if (o.id == id) return &o;
    return nullptr;
}

Result<ForeignProject> parse_boris(const std::string& json_text) {
    if (nested_too_deep(json_text, 64))
        return Error{"not a BORIS project: the JSON nests deeper than 64 levels"};
    json root;
    try {
        root = json::parse(without_python_tokens(json_text));
    } catch (const json::parse_error& e) {
        return Error{"not a BORIS project: the JSON is malformed near byte " +
                     std::to_string(e.byte)};
    } catch (const json::exception& e) {  // a number out of range
        return Error{std::string("not a BORIS project: the JSON is malformed (") + e.what() + ")"};
    }
    if (!root.is_object()) return Error{"not a BORIS project: the file is not a JSON object"};
    auto ethogram = read_ethogram(root);
    if (!ethogram) return ethogram.error();
    ForeignProject project;
    project.format = "BORIS";
    project.name = text_field(root, "project_name");
    project.ethogram = std::move(*ethogram);
    project.subjects = read_names(root, "subjects_conf", "name");
    project.variables = read_names(root, "independent_variables", "label");
    auto observations = root.find("observations");
    if (observations == root.end() || !observations->is_object())
        return Error{"not a BORIS project: no \"observations\" object"};
    for (auto it = observations->begin(); it != observations->end(); ++it) {
        auto obs = read_observation(it.key(), it.value(), project.ethogram);
        if (!obs) return obs.error();
        project.observations.push_back(std::move(obs.value()));
    }
    return project;
}

Result<ForeignProject> read_boris(const std::string& path) {
    auto text = file_text(path);
    if (!text) return text.error();
    auto project = parse_boris(*text);
    if (!project) return Error{path + ": " + project.error().message};
    return project;
}

BorisProject boris_bouts(const ForeignProject& project) {
    BorisProject out;
    for (const auto& b : project.ethogram) out.behaviour_is_state.emplace(b.code, b.state);
    out.subjects = project.subjects;
    for (const auto& o : project.observations) {
        BorisObservation obs{o.id, {}, {}, o.events_without_time, o.unknown_codes};
        std::vector<Bout> points;
        for (const auto& e : o.events) {
            std::string modifiers;
            for (size_t i = 0; i < e.modifiers.size(); ++i)
                modifiers += (i ? "|" : "") + (e.modifiers[i].empty() ? "None" : e.modifiers[i]);
            if (e.point)
                points.push_back({e.subject, e.behaviour, modifiers, e.start_us, e.start_us, true});
            else if (e.stop_us)
                obs.bouts.push_back({e.subject, e.behaviour, modifiers, e.start_us, *e.stop_us});
        }
        for (const auto& u : o.unpaired) obs.unpaired.push_back(u);
        obs.bouts.insert(obs.bouts.end(), points.begin(), points.end());
        out.observations.push_back(std::move(obs));
    }
    return out;
}

Result<BorisProject> parse_boris_project(const std::string& json_text) {
    auto project = parse_boris(json_text);
    if (!project) return project.error();
    return boris_bouts(*project);
}

Result<BorisProject> read_boris_project(const std::string& path) {
    auto project = read_boris(path);
    if (!project) return project.error();
    return boris_bouts(*project);
}

namespace {

json numbered(const std::vector<json>& items) {
    json out = json::object();
    for (size_t i = 0; i < items.size(); ++i) out[std::to_string(i)] = items[i];
    return out;
}

json ethogram_json(const std::vector<ForeignBehaviour>& ethogram) {
    std::vector<json> behaviours;
    for (const auto& b : ethogram) {
        std::vector<json> sets;
        for (const auto& m : b.modifiers) {
            const int type = m.kind == ModifierKind::Multiple  ? 1
                             : m.kind == ModifierKind::Numeric ? 2
                             : m.kind == ModifierKind::Text    ? 3
                                                               : 0;
            sets.push_back({{"name", m.name}, {"type", type}, {"values", m.values}});
        }
        behaviours.push_back({{"type", b.state ? "State event" : "Point event"},
                              {"key", b.key},
                              {"code", b.code},
                              {"description", b.description},
                              {"category", b.category},
                              {"modifiers", numbered(sets)},
                              {"excluded", ""},
                              {"coding map", ""}});
    }
    return numbered(behaviours);
}

std::string modifiers_text(const ForeignEvent& e) {
    std::string out;
    for (size_t i = 0; i < e.modifiers.size(); ++i)
        out += (i ? "|" : "") + (e.modifiers[i].empty() ? std::string("None") : e.modifiers[i]);
    return out;
}

double seconds_of(int64_t us) {
    return std::nearbyint(static_cast<double>(us) / 1000.0) / 1000.0;
}

json observation_json(const ForeignObservation& o) {
    json events = json::array();
    for (const auto& r : boris_event_rows(o)) {
        const std::string subject =
            r.event->subject == boris_no_focal_subject ? "" : r.event->subject;
        events.push_back({seconds_of(r.t_us), subject, r.event->behaviour, modifiers_text(*r.event),
                          r.event->comment});
    }
    const bool media = !o.media.empty();
    json out{{"type", media ? "MEDIA" : "LIVE"},
             {"date", o.date.size() == 10 ? o.date + "T00:00:00" : o.date},
             {"description", o.description},
             {"time offset", static_cast<double>(o.media_offset_us) / 1e6},
             {"events", events},
             {"observation time interval", {0, 0}},
             {"independent_variables", o.variables},
             {"visualize_spectrogram", false},
             {"visualize_waveform", false},
             {"close_behaviors_between_videos", false}};
    if (media) {
        out["file"] = {{"1", o.media},       {"2", json::array()}, {"3", json::array()},
                       {"4", json::array()}, {"5", json::array()}, {"6", json::array()},
                       {"7", json::array()}, {"8", json::array()}};
        json fps = json::object(), length = json::object();
        if (o.fps) fps[o.media.front()] = *o.fps;
        out["media_info"] = {{"length", length}, {"fps", fps}, {"offset", {{"1", 0.0}}}};
    } else {
        out["file"] = json::array();
        out["media_info"] = {
            {"length", json::object()}, {"fps", json::object()}, {"offset", json::object()}};
        out["scan_sampling_time"] = 0;
    }
    return out;
}

// BORIS pairs a state's starts and stops in turn per subject x behaviour x modifiers, so a
// bout that starts while another of the same key runs would read back as other bouts.
Status pairs_in_turn(const ForeignObservation& o) {
    std::map<std::tuple<std::string, std::string, std::string>, const ForeignEvent*> last;
    for (const auto& e : o.events) {
        if (e.point) continue;
        const ForeignEvent*& before = last[{e.subject, e.behaviour, modifiers_text(e)}];
        if (before && (!before->stop_us || *before->stop_us > e.start_us))
            return Error{"observation '" + o.id + "': " + e.subject + " " + e.behaviour +
                         " starts at " + seconds_text(e.start_us) + " while its bout from " +
                         seconds_text(before->start_us) +
                         (before->stop_us ? "" : " (still running)") +
                         " has not stopped; BORIS pairs a state's starts and stops in turn and "
                         "would read other bouts back. Correct the overlap in the pass, or "
                         "export --format csv or eaf"};
        before = &e;
    }
    return ok_status();
}

}  // namespace

std::vector<BorisEventRow> boris_event_rows(const ForeignObservation& o) {
    std::vector<BorisEventRow> rows;
    for (const auto& e : o.events) {
        rows.push_back({e.start_us, &e, e.point ? "POINT" : "START"});
        if (!e.point && e.stop_us) rows.push_back({*e.stop_us, &e, "STOP"});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const BorisEventRow& a, const BorisEventRow& b) {
        return a.t_us < b.t_us;
    });
    return rows;
}

Result<std::string> write_boris(const ForeignProject& p, const std::string& date) {
    for (const auto& o : p.observations)
        if (auto ok = pairs_in_turn(o); !ok) return ok.error();
    std::vector<json> subjects, variables;
    for (const auto& s : p.subjects)
        subjects.push_back({{"key", ""}, {"name", s}, {"description", ""}});
    for (const auto& v : p.variables)
        variables.push_back({{"label", v},
                             {"description", ""},
                             {"type", "text"},
                             {"default value", ""},
                             {"possible values", ""}});
    std::set<std::string> categories;
    for (const auto& b : p.ethogram)
        if (!b.category.empty()) categories.insert(b.category);
    json observations = json::object();
    for (const auto& o : p.observations) observations[o.id] = observation_json(o);
    json root{{"time_format", "hh:mm:ss"},
              {"project_date", date},
              {"project_name", p.name},
              {"project_description", "written by Attune"},
              {"project_format_version", "7.0"},
              {"subjects_conf", numbered(subjects)},
              {"behaviors_conf", ethogram_json(p.ethogram)},
              {"observations", observations},
              {"behavioral_categories", categories},
              {"independent_variables", numbered(variables)},
              {"coding_map", json::object()},
              {"behaviors_coding_map", json::array()},
              {"converters", json::object()}};
    return root.dump(4) + "\n";
}

}  // namespace attune::interop
