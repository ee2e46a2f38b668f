// Reading a BORIS project's ethogram, subjects and events (see the header).
#include "attune/coding/interop/boris_project.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

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

Result<std::map<std::string, bool>> read_ethogram(const json& root) {
    std::map<std::string, bool> ethogram;
    auto conf = root.find("behaviors_conf");
    if (conf == root.end() || !conf->is_object())
        return Error{"not a BORIS project: no \"behaviors_conf\" object (the ethogram)"};
    for (const json* entry : numbered_entries(*conf)) {
        const std::string code = entry->is_object() ? text_field(*entry, "code") : "";
        if (code.empty()) return Error{"the ethogram has a behaviour without a code"};
        std::string type = text_field(*entry, "type");
        std::transform(type.begin(), type.end(), type.begin(),
                       [](unsigned char c) { return char(std::toupper(c)); });
        ethogram[code] = type.find("STATE") != std::string::npos;
    }
    return ethogram;
}

std::vector<std::string> read_subjects(const json& root) {
    std::vector<std::string> subjects;
    auto conf = root.find("subjects_conf");
    if (conf == root.end() || !conf->is_object()) return subjects;
    for (const json* entry : numbered_entries(*conf))
        if (entry->is_object()) subjects.push_back(text_field(*entry, "name"));
    return subjects;
}

struct RawEvent {
    int64_t t_us;
    std::string subject, code, modifiers;
};

Result<RawEvent> read_event(const json& e, const std::string& where) {
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
    RawEvent r{rounded_us(t), e[1].get<std::string>(), e[2].get<std::string>(),
               e.size() > 3 && e[3].is_string() ? e[3].get<std::string>() : ""};
    if (r.subject.empty()) r.subject = boris_no_focal_subject;
    return r;
}

void add_unique(std::vector<std::string>& list, const std::string& s) {
    if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
}

// States paired by parity per (subject, code, modifiers), in time order.
void pair_events(std::vector<RawEvent> events, const std::map<std::string, bool>& ethogram,
                 BorisObservation& obs) {
    std::stable_sort(events.begin(), events.end(),
                     [](const RawEvent& x, const RawEvent& y) { return x.t_us < y.t_us; });
    std::map<std::tuple<std::string, std::string, std::string>, int64_t> open;
    std::vector<Bout> states, points;
    for (const auto& e : events) {
        auto kind = ethogram.find(e.code);
        if (kind == ethogram.end()) {
            add_unique(obs.unknown_codes, e.code);
            continue;
        }
        if (!kind->second) {
            points.push_back({e.subject, e.code, e.modifiers, e.t_us, e.t_us, true});
            continue;
        }
        auto key = std::make_tuple(e.subject, e.code, e.modifiers);
        auto running = open.find(key);
        if (running == open.end()) {
            open[key] = e.t_us;
            continue;
        }
        states.push_back({e.subject, e.code, e.modifiers, running->second, e.t_us, false});
        open.erase(running);
    }
    for (const auto& [key, start] : open)
        obs.unpaired.push_back(std::get<0>(key) + "|" + std::get<1>(key) + "|" + std::get<2>(key));
    auto by_start = [](const Bout& x, const Bout& y) { return x.start_us < y.start_us; };
    std::stable_sort(states.begin(), states.end(), by_start);
    obs.bouts = states;
    obs.bouts.insert(obs.bouts.end(), points.begin(), points.end());
}

Result<BorisObservation> read_observation(const std::string& id, const json& o,
                                          const std::map<std::string, bool>& ethogram) {
    BorisObservation obs;
    obs.id = id;
    if (!o.is_object()) return Error{"observation \"" + id + "\" is not an object"};
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
        auto event = read_event(e, "observation \"" + id + "\", event " + std::to_string(n + 1));
        if (!event) return event.error();
        events.push_back(event.value());
    }
    pair_events(std::move(events), ethogram, obs);
    return obs;
}

}  // namespace

const BorisObservation* BorisProject::observation(const std::string& id) const {
    for (const auto& o : observations)
        if (o.id == id) return &o;
    return nullptr;
}

Result<BorisProject> parse_boris_project(const std::string& json_text) {
    json root;
    try {
        root = json::parse(without_python_tokens(json_text));
    } catch (const json::parse_error& e) {
        return Error{"not a BORIS project: the JSON is malformed near byte " +
                     std::to_string(e.byte)};
    }
    if (!root.is_object()) return Error{"not a BORIS project: the file is not a JSON object"};
    auto ethogram = read_ethogram(root);
    if (!ethogram) return ethogram.error();
    BorisProject project;
    project.behaviour_is_state = ethogram.value();
    project.subjects = read_subjects(root);
    auto observations = root.find("observations");
    if (observations == root.end() || !observations->is_object())
        return Error{"not a BORIS project: no \"observations\" object"};
    for (auto it = observations->begin(); it != observations->end(); ++it) {
        auto obs = read_observation(it.key(), it.value(), project.behaviour_is_state);
        if (!obs) return obs.error();
        project.observations.push_back(std::move(obs.value()));
    }
    return project;
}

Result<BorisProject> read_boris_project(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot open the BORIS project " + path};
    std::ostringstream text;
    text << in.rdbuf();
    auto project = parse_boris_project(text.str());
    if (!project) return Error{path + ": " + project.error().message};
    return project;
}

}  // namespace attune::interop
