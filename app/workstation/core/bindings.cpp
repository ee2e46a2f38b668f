#include "bindings.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace attune::app {
namespace {

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

std::vector<KeyChord> default_chords(const WorkstationAction& a) {
    std::vector<KeyChord> out;
    for (std::string_view c : a.chords) out.push_back(parse_key_chord(c).value());
    return out;
}

}  // namespace

KeyBindings::KeyBindings() {
    rebuild();
}

std::vector<std::string> KeyBindings::load(const std::string& dir) {
    const std::string path = (std::filesystem::path(dir) / "keys.ini").string();
    std::ifstream in(path);
    if (!in) return read("", path);
    std::stringstream text;
    text << in.rdbuf();
    return read(text.str(), path);
}

std::vector<std::string> KeyBindings::read(const std::string& text, const std::string& origin) {
    std::vector<std::string> told;
    std::map<std::string, std::vector<Rebinding>, std::less<>> lines;
    std::istringstream in(text);
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        const std::string where = origin + " line " + std::to_string(number);
        const auto eq = line.find('=');
        if (eq == std::string::npos) {
            told.push_back(where + ": write 'action = chord' (e.g. 'play-pause = p'); ignored");
            continue;
        }
        const std::string name = trim(line.substr(0, eq)), chord_text = trim(line.substr(eq + 1));
        if (!workstation_action(name)) {
            told.push_back(where + ": '" + name +
                           "' is no workstation action; use a name the key map (F1) lists, "
                           "e.g. play-pause");
            continue;
        }
        auto chord = parse_key_chord(chord_text);
        if (!chord) {
            told.push_back(where + ": '" + chord_text + "' is no key chord (" +
                           chord.error().message + "); " + name + " keeps its default keys");
            continue;
        }
        lines[name].push_back({*chord, where});
    }
    read_ = std::move(lines);
    auto clashes = resolve(false);
    told.insert(told.end(), clashes.begin(), clashes.end());
    return told;
}

std::vector<std::string> KeyBindings::use_scheme(const Scheme* scheme) {
    scheme_ = scheme;
    behaviours_.clear();
    if (scheme)
        for (const BehaviourDef& b : scheme->behaviours)
            if (auto chord = parse_chord(b.key)) behaviours_.emplace(*chord, &b);
    return resolve(true);
}

std::vector<KeyChord> KeyBindings::effective(const WorkstationAction& a) const {
    auto it = rebound_.find(a.name);
    if (it == rebound_.end()) return default_chords(a);
    std::vector<KeyChord> out;
    for (const Rebinding& r : it->second) out.push_back(r.chord);
    return out;
}

std::vector<std::string> KeyBindings::resolve(bool only_scheme_clashes) {
    std::vector<std::string> told;
    rebound_ = read_;
    auto keep_default = [&](const std::string& name, const Rebinding& r, const std::string& why) {
        const WorkstationAction& a = *workstation_action(name);
        std::string defaults;
        for (std::string_view c : a.chords)
            defaults += (defaults.empty() ? "" : " / ") + std::string(c);
        told.push_back(r.where + ": " + why + "; " + name + " keeps its default key " + defaults);
        rebound_.erase(name);
    };
    // A behaviour key of the open scheme wins: the coder's scheme is what they code with.
    for (const auto& [name, chords] : read_)
        for (const Rebinding& r : chords)
            if (auto b = behaviours_.find(r.chord);
                b != behaviours_.end() && rebound_.count(name)) {
                keep_default(name, r,
                             r.chord.text() + " is the key of behaviour " + b->second->id +
                                 " in the open scheme; choose a chord the scheme does not use");
                break;
            }
    // Two actions on one chord: the rebound one keeps its defaults, until none clash.
    for (bool changed = true; changed;) {
        changed = false;
        std::map<KeyChord, std::string> owner;
        for (const WorkstationAction& a : workstation_actions())
            for (const KeyChord& c : effective(a)) {
                auto [at, fresh] = owner.emplace(c, std::string(a.name));
                if (fresh || at->second == a.name) continue;
                // Revert whichever of the two was rebound (this one when both were).
                const std::string loser = rebound_.count(a.name) ? std::string(a.name) : at->second;
                if (!rebound_.count(loser)) continue;
                const std::string other = loser == a.name ? at->second : std::string(a.name);
                for (const Rebinding& r : rebound_.at(loser))
                    if (r.chord == c) {
                        if (!only_scheme_clashes)
                            keep_default(loser, r,
                                         c.text() + " already runs " + other + "; give " + other +
                                             " another chord in the file too, "
                                             "or choose a free one");
                        else
                            rebound_.erase(loser);
                        break;
                    }
                changed = true;
                break;
            }
    }
    rebuild();
    return told;
}

void KeyBindings::rebuild() {
    by_chord_.clear();
    for (const WorkstationAction& a : workstation_actions())
        for (const KeyChord& c : effective(a)) by_chord_.emplace(c, &a);
}

const WorkstationAction* KeyBindings::action_on(const KeyChord& chord) const {
    auto it = by_chord_.find(chord);
    return it == by_chord_.end() ? nullptr : it->second;
}

const BehaviourDef* KeyBindings::behaviour_on(const KeyChord& chord) const {
    auto it = behaviours_.find(chord);
    return it == behaviours_.end() ? nullptr : it->second;
}

std::vector<KeyChord> KeyBindings::chords_of(std::string_view action) const {
    const WorkstationAction* a = workstation_action(action);
    return a ? effective(*a) : std::vector<KeyChord>{};
}

std::string KeyBindings::chords_text(std::string_view action) const {
    std::string out;
    for (const KeyChord& c : chords_of(action)) out += (out.empty() ? "" : " / ") + c.text();
    return out;
}

}  // namespace attune::app
