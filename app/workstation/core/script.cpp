#include "script.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>

#include "attune/coding/interop/export_files.hpp"
#include "attune/coding/records.hpp"

namespace attune::app {
namespace {

// A whole number >= 0 and nothing else, or nothing.
std::optional<int64_t> whole_number(const std::string& s) {
    try {
        size_t used = 0;
        const int64_t v = std::stoll(s, &used);
        if (used == s.size() && v >= 0) return v;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

// Checks one command's argument and fills in what the runner needs; returns what is
// wrong with it, or nothing.
using Check = std::function<std::string(ScriptCommand&)>;

std::string check_number(ScriptCommand& c) {
    if (auto n = whole_number(c.arg)) return c.number = *n, "";
    return "'" + c.verb + "' needs a whole number, e.g. '" + c.verb + " 10'";
}

std::string check_key(ScriptCommand& c) {
    auto chord = parse_key_chord(c.arg);
    if (!chord) return "'key " + c.arg + "': " + chord.error().message;
    c.chord = *chord;
    return "";
}

std::string check_hold(ScriptCommand& c) {
    std::istringstream parts(c.arg);
    std::string key, ms, extra;
    parts >> key >> ms >> extra;
    c.chord = parse_chord(key);
    const auto n = whole_number(ms);
    if (!c.chord || !n || !extra.empty() || glfw_key_of(*c.chord) == 0)
        return "'hold' needs a key such as Left or Right and milliseconds, e.g. 'hold Right 2000'";
    c.number = *n;
    return "";
}

Check one_of(std::vector<std::string> allowed, std::string message) {
    return [allowed = std::move(allowed), message = std::move(message)](ScriptCommand& c) {
        for (const auto& a : allowed)
            if (c.arg == a) return std::string();
        return message;
    };
}

std::string check_mouse(ScriptCommand& c) {
    std::istringstream xy(c.arg);
    long long x = -1, y = -1;
    std::string extra;
    if (!(xy >> x >> y) || x < 0 || y < 0 || (xy >> extra))
        return "'mouse' needs pixel coordinates, e.g. 'mouse 400 620'";
    return "";
}

std::string check_locate(ScriptCommand& c) {
    if (c.arg.find(' ') == std::string::npos) return "'locate' needs a session label and a file";
    return "";
}

std::string check_open(ScriptCommand& c) {
    const auto as = c.arg.find(" as ");
    if (c.arg.empty()) return "'open' needs a session label, e.g. 'open P01'";
    if (as == std::string::npos) return "";
    std::istringstream who(c.arg.substr(as + 4));
    std::string coder, role;
    if (!(who >> coder >> role) || !pass_role_from(role))
        return "'open P01 as CODER ROLE' names a coder and primary, reliability or consensus";
    return "";
}

// 'sign-off P01 ab primary' and 'unlock P01 ab primary the reason': a pass, named as
// 'open ... as' names it, and for unlock a reason.
Check check_pass_named(bool needs_reason) {
    return [needs_reason](ScriptCommand& c) -> std::string {
        std::istringstream in(c.arg);
        std::string label, coder, role, reason;
        in >> label >> coder >> role;
        std::getline(in >> std::ws, reason);
        if (role.empty() || !pass_role_from(role) || (needs_reason && reason.empty()))
            return "'" + c.verb + "' names a pass: session, coder and role, e.g. '" + c.verb +
                   " P01 ab primary" + (needs_reason ? " why it is unlocked'" : "'");
        return "";
    };
}

std::string check_point(ScriptCommand& c) {
    const auto space = c.arg.rfind(' ');
    double fraction = NAN;
    try {
        size_t used = 0;
        const std::string tail = space == std::string::npos ? "" : c.arg.substr(space + 1);
        fraction = std::stod(tail, &used);
        if (used != tail.size()) fraction = NAN;
    } catch (const std::exception&) {
    }
    if (space == 0 || !(fraction >= 0 && fraction <= 1))
        return "'point' needs a control and a fraction across it, e.g. 'point D rating 0.5'";
    return "";
}

Check check_label(const std::string& verb) {
    return [verb](ScriptCommand& c) -> std::string {
        if (c.arg.empty() || c.arg.find(' ') != std::string::npos)
            return "'" + verb + "' needs a session label, e.g. '" + verb + " P01'";
        return "";
    };
}

std::string check_answer(ScriptCommand& c) {
    if (c.arg.empty()) return "'answer' needs the button's name, e.g. 'answer Open anyway'";
    return "";
}

std::string check_import(ScriptCommand& c) {
    if (c.arg.empty())
        return c.verb == "import" ? "'import' needs the file, e.g. 'import old.boris'"
                                  : "'observation' needs the file's observation id";
    return "";
}

std::string check_map(ScriptCommand& c) {
    const auto space = c.arg.rfind(' ');
    if (space == std::string::npos || c.arg.find('/') > space)
        return "'map' needs the file's subject/behaviour and a scheme behaviour or drop, e.g. "
               "'map subject1/cry CRY'";
    return "";
}

// 'export FOLDER FORMAT [with-coders] [with-paths] [replace]'.
std::string check_export(ScriptCommand& c) {
    std::istringstream in(c.arg);
    std::string folder, format, word;
    in >> folder >> format;
    const auto& formats = interop::export_formats();
    bool fine = std::find(formats.begin(), formats.end(), format) != formats.end();
    while (in >> word)
        fine = fine && (word == "with-coders" || word == "with-paths" || word == "replace");
    if (!fine)
        return "'export' needs a folder and a format (csv, xlsx, boris, boris-tabular, "
               "boris-aggregated, eaf, sdis), then with-coders, with-paths or replace if wanted";
    return "";
}

std::string check_comment(ScriptCommand& c) {
    if (c.arg.empty()) return "'comment' needs the text, e.g. 'comment starts earlier?'";
    return "";
}

std::string check_reply(ScriptCommand& c) {
    const auto space = c.arg.find(' ');
    const std::string number = c.arg.substr(0, space);
    if (space == std::string::npos || number.empty() ||
        number.find_first_not_of("0123456789") != std::string::npos || number.size() > 15)
        return "'reply' needs a comment's number and the text, e.g. 'reply 3 moved it'";
    return "";
}

std::string anything(ScriptCommand&) {
    return "";
}

const std::map<std::string, Check>& checks() {
    static const std::map<std::string, Check> table = {
        {"open", check_open},
        {"seek", check_number},
        {"key", check_key},
        {"hold", check_hold},
        {"text", anything},
        {"wait", check_number},
        {"frames", check_number},
        {"proxy", anything},  // waits until the recording's seek proxy is built
        {"shown", anything},  // prints the frame on screen once the video has settled
        {"screen",
         one_of({"sessions", "coding", "tallies", "audit", "reliability", "review", "feedback"},
                "'screen' takes sessions, coding, tallies, audit, reliability, review or "
                "feedback")},
        {"review", check_label("review")},
        {"consensus", one_of({"start", "a", "b", "edit"},
                             "'consensus' takes start (the Start consensus button), or a, b or "
                             "edit (Take A, Take B, Edit... for the disagreement shown)")},
        {"tab", one_of({"events", "ratings", "classification", "validity", "comments"},
                       "'tab' takes events, ratings, classification, validity or comments")},
        {"comment", check_comment},
        {"reply", check_reply},
        {"drop", anything},
        {"import", check_import},
        {"map", check_map},
        {"observation", check_import},
        {"export", check_export},
        {"consent",
         [](ScriptCommand& c) -> std::string {
             return c.arg.find(' ') == std::string::npos
                        ? "'consent' needs a participant and the uses, e.g. 'consent P01 "
                          "feedback,export'"
                        : "";
         }},
        {"report",
         [](ScriptCommand& c) -> std::string {
             return c.arg.empty() ? "'report' needs the folder to write into, e.g. 'report out'"
                                  : "";
         }},
        {"locate", check_locate},
        {"mouse", check_mouse},
        {"point", check_point},
        {"press", anything},
        {"release", anything},
        {"answer", check_answer},
        {"sign-off", check_pass_named(false)},
        {"unlock", check_pass_named(true)},
        {"quit", anything},
    };
    return table;
}

std::string verbs() {
    std::string out;
    for (const auto& [verb, check] : checks()) out += (out.empty() ? "" : ", ") + verb;
    return out;
}

}  // namespace

Result<std::vector<ScriptCommand>> parse_script(const std::string& text,
                                                const std::string& origin) {
    std::vector<ScriptCommand> out;
    std::string problems;
    std::istringstream in(text);
    int line_no = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        ScriptCommand c;
        c.line = line_no;
        std::istringstream words(line);
        if (!(words >> c.verb) || c.verb[0] == '#') continue;
        std::getline(words >> std::ws, c.arg);
        // A comment ends every line except a `text` line, whose text is typed as it is.
        if (auto hash = c.arg.find('#'); hash != std::string::npos && c.verb != "text") {
            c.arg.resize(hash);
            while (!c.arg.empty() && std::isspace(static_cast<unsigned char>(c.arg.back())))
                c.arg.pop_back();
        }
        const auto check = checks().find(c.verb);
        const std::string why = check == checks().end()
                                    ? "unknown command '" + c.verb + "' (" + verbs() + ")"
                                    : check->second(c);
        if (!why.empty()) problems += origin + ":" + std::to_string(line_no) + ": " + why + "\n";
        out.push_back(std::move(c));
    }
    if (!problems.empty()) return Error{problems + "Fix these lines of the script and run again."};
    return out;
}

}  // namespace attune::app
