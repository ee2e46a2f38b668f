// Datavyu spreadsheets (see the header; FORMATS.md section 3).
#include "attune/coding/interop/datavyu.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>

#include "foreign_text.hpp"
#include "zip_archive.hpp"

namespace attune::interop {

namespace {

namespace fs = std::filesystem;

// An entry of a project archive is read whole up to this size: a zip bomb stops here.
constexpr size_t max_entry_bytes = size_t(256) << 20;

// A year in milliseconds: no coded recording is longer.
constexpr int64_t max_ms = int64_t(1000) * 3600 * 24 * 365;

struct Line {
    std::string text;
    size_t number = 0;  // of its first physical line
};

// Logical lines: a line ending in an unescaped backslash continues on the next, the
// backslash standing for the line break it escapes.
std::vector<Line> logical_lines(const std::string& text) {
    std::vector<Line> out;
    std::istringstream in(text);
    std::string line, current;
    size_t number = 0, start = 0;
    bool continuing = false;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!continuing) current.clear(), start = number;
        const size_t last = line.find_last_not_of('\\');
        const size_t backslashes = line.size() - (last == std::string::npos ? 0 : last + 1);
        continuing = backslashes % 2 == 1;
        if (continuing) {
            current += line.substr(0, line.size() - 1) + "\n";
            continue;
        }
        out.push_back({current + line, start});
    }
    if (continuing) out.push_back({current, start});
    return out;
}

// Pieces between unescaped `sep`, escapes kept (unescape each piece afterwards).
std::vector<std::string> split_unescaped(const std::string& s, char sep) {
    std::vector<std::string> out(1);
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            out.back() += s.substr(i++, 2);
        } else if (s[i] == sep) {
            out.emplace_back();
        } else {
            out.back() += s[i];
        }
    }
    return out;
}

std::string unescaped(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) out += s[i] == '\\' && i + 1 < s.size() ? s[++i] : s[i];
    return out;
}

// "HH:MM:SS:mmm" at the start of `s`, in ms; the characters it took in `used`.
std::optional<int64_t> time_at(const std::string& s, size_t& used) {
    int64_t parts[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (int p = 0; p < 4; ++p) {
        const size_t from = i;
        while (i < s.size() && i - from < 9 && s[i] >= '0' && s[i] <= '9')
            parts[p] = parts[p] * 10 + (s[i++] - '0');
        if (i == from || (p < 3 && (i >= s.size() || s[i++] != ':'))) return std::nullopt;
    }
    if (parts[1] > 59 || parts[2] > 59 || parts[3] > 999) return std::nullopt;
    used = i;
    return ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 + parts[3];
}

std::string clock(int64_t ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld:%03lld",
                  static_cast<long long>(ms / 3600000), static_cast<long long>(ms / 60000 % 60),
                  static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000));
    return buf;
}

// How a Datavyu type's values are kept: NOMINAL as a choice among the values coded,
// numbers as numbers, text as text.
ModifierKind kind_of(const std::string& type) {
    if (type == "FLOAT" || type == "INTEGER") return ModifierKind::Numeric;
    if (type == "TEXT" || type == "QUOTE_STRING") return ModifierKind::Text;
    return ModifierKind::Single;
}

struct Column {
    std::string name, type;
    std::vector<std::string> arguments, argument_types;  // a MATRIX column's
    bool text() const { return type == "TEXT" || type == "QUOTE_STRING"; }
    bool matrix() const { return type == "MATRIX"; }
};

// "name (TYPE,visible,)-arg1|TYPE,arg2|TYPE" (#4) or "name (TYPE)-..." (#2, #3).
// The type part at `at` ("TYPE)", "TYPE,true,)", "TYPE,false,)"), then the end or "-args":
// where the arguments start (npos: none), or nullopt when it is not one.
std::optional<size_t> type_part(const std::string& line, size_t at, std::string& type) {
    size_t i = at;
    while (i < line.size() && (std::isupper(static_cast<unsigned char>(line[i])) || line[i] == '_'))
        ++i;
    if (i == at) return std::nullopt;
    type = line.substr(at, i - at);
    for (const char* visible : {",true,", ",false,"})
        if (line.compare(i, std::strlen(visible), visible) == 0) i += std::strlen(visible);
    if (i >= line.size() || line[i] != ')') return std::nullopt;
    if (++i == line.size()) return std::string::npos;
    if (line[i] != '-') return std::nullopt;
    return i + 1;
}

// "name (TYPE,visible,)-arg1|TYPE,arg2|TYPE" (#4) or "name (TYPE)-..." (#2, #3): the first
// " (" that a type part follows ends the name. Read by hand, in one pass over the line
// (std::regex recurses per character and a long line would overflow the stack).
std::optional<Column> column_header(const std::string& line) {
    for (size_t p = line.find(" (", 1); p != std::string::npos; p = line.find(" (", p + 1)) {
        std::string type;
        const auto args = type_part(line, p + 2, type);
        if (!args) continue;
        Column c{unescaped(line.substr(0, p)), type, {}, {}};
        if (*args != std::string::npos)
            for (const auto& arg : split_unescaped(line.substr(*args), ',')) {
                const size_t bar = arg.rfind('|');
                c.arguments.push_back(
                    unescaped(bar == std::string::npos ? arg : arg.substr(0, bar)));
                c.argument_types.push_back(bar == std::string::npos ? "NOMINAL"
                                                                    : arg.substr(bar + 1));
            }
        return c;
    }
    return std::nullopt;
}

struct Reader {
    ForeignObservation& o;
    std::map<std::string, ForeignBehaviour> behaviours;
    std::vector<std::string> order;  // columns in the file's order
    std::map<std::string, bool> lasts;
    std::string problems;
    size_t problem_count = 0;

    void problem(size_t line, const std::string& what) {
        if (problem_count++ < 20) problems += "\n  line " + std::to_string(line) + ": " + what;
    }

    // False (a problem noted) when the spreadsheet already has a column of that name.
    bool start_column(const Column& c, const Line& line) {
        if (behaviours.count(c.name)) {
            problem(line.number, "a second column named " + c.name + "; rename one in Datavyu");
            return false;
        }
        ForeignBehaviour b;
        b.code = c.name, b.category = c.type;
        if (c.matrix())
            for (size_t i = 0; i < c.arguments.size(); ++i)
                b.modifiers.push_back({c.arguments[i], kind_of(c.argument_types[i]), {}});
        else if (!c.text())
            b.modifiers.push_back({"value", kind_of(c.type), {}});
        behaviours[c.name] = std::move(b);
        order.push_back(c.name);
        return true;
    }

    // The cell's values, one per modifier set of its column.
    std::optional<std::vector<std::string>> values(const Column& c, const std::string& value,
                                                   const Line& line) {
        if (!c.matrix()) return std::vector<std::string>{unescaped(value)};
        if (value.size() < 2 || value.front() != '(' || value.back() != ')') {
            problem(line.number, "a " + c.name + " cell's value must be (v1,v2,...)");
            return std::nullopt;
        }
        std::vector<std::string> out;
        for (const auto& v : split_unescaped(value.substr(1, value.size() - 2), ','))
            out.push_back(unescaped(v));
        if (out.size() != c.arguments.size()) {
            problem(line.number, "a " + c.name + " cell has " + std::to_string(out.size()) +
                                     " values and the column " +
                                     std::to_string(c.arguments.size()) + " arguments");
            return std::nullopt;
        }
        for (size_t i = 0; i < out.size(); ++i) {
            if (out[i] == "<" + c.arguments[i] + ">") out[i].clear();  // an old empty argument
            if (c.argument_types[i] == "QUOTE_STRING" && out[i].size() >= 2 &&
                out[i].front() == '"' && out[i].back() == '"')
                out[i] = out[i].substr(1, out[i].size() - 2);
        }
        return out;
    }

    void cell(const Column& c, const Line& line, size_t index) {
        size_t used = 0, used2 = 0;
        const auto onset = time_at(line.text, used);
        const auto offset = onset && used < line.text.size() && line.text[used] == ','
                                ? time_at(line.text.substr(used + 1), used2)
                                : std::nullopt;
        const size_t value_at = used + 1 + used2;
        if (!offset || value_at >= line.text.size() || line.text[value_at] != ',') {
            problem(line.number, "a cell must be onset,offset,value with times as HH:MM:SS:mmm");
            return;
        }
        const std::string where = "column " + c.name + ", cell " + std::to_string(index) +
                                  " (line " + std::to_string(line.number) + ")";
        if (std::max(*onset, *offset) > max_ms) {
            problem(line.number, "a time past a year; is this a Datavyu spreadsheet?");
            return;
        }
        if (*offset < *onset) {
            o.left_out.push_back(where + ": its offset " + clock(*offset) +
                                 " comes before its onset " + clock(*onset));
            return;
        }
        auto vals = values(c, line.text.substr(value_at + 1), line);
        if (!vals) return;
        ForeignEvent e;
        e.subject = no_focal_subject, e.behaviour = c.name;
        e.start_us = *onset * 1000, e.stop_us = *offset * 1000, e.where = where;
        if (c.text())
            e.comment = vals->front();
        else
            e.modifiers = *vals;
        ForeignBehaviour& b = behaviours[c.name];
        for (size_t i = 0; i < e.modifiers.size() && i < b.modifiers.size(); ++i) {
            auto& seen = b.modifiers[i].values;
            if (b.modifiers[i].kind == ModifierKind::Single && !e.modifiers[i].empty() &&
                std::find(seen.begin(), seen.end(), e.modifiers[i]) == seen.end())
                seen.push_back(e.modifiers[i]);
        }
        lasts[c.name] = lasts[c.name] || *offset > *onset;
        o.events.push_back(std::move(e));
    }
};

bool version_line(const std::string& line) {
    return line.size() >= 2 && line[0] == '#' &&
           std::all_of(line.begin() + 1, line.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A predicate vocabulary line of old databases: "0:name-arg|TYPE,...".
bool predicate_line(const std::string& line) {
    size_t i = 0;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
    return i > 0 && i + 1 < line.size() && line[i] == ':' &&
           !std::isdigit(static_cast<unsigned char>(line[i + 1]));
}

// The project's `project` and `db` entries (in a sub-folder or not).
Result<std::map<std::string, std::string>> project_entries(const std::string& path) {
    return zip_members(
        path, "a Datavyu project (a .opf is a ZIP archive)",
        [](const std::string& name) -> std::optional<std::string> {
            std::string base = fs::path(name).filename().string();
            if (base == "db" || base == "project") return base;
            return std::nullopt;
        },
        max_entry_bytes);
}

// `key: value` of the project description, quotes removed ("" when absent).
std::string yaml_value(const std::string& line, const std::string& key) {
    const size_t at = line.find(key + ":");
    if (at == std::string::npos || line.find_first_not_of(" -", 0) != at) return "";
    std::string v = line.substr(at + key.size() + 1);
    v.erase(0, v.find_first_not_of(' '));
    if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') && v.back() == v.front())
        v = v.substr(1, v.size() - 2);
    return v == "null" ? "" : v;
}

struct ProjectInfo {
    std::string feed, db_file;
    int64_t offset_ms = 0;
};

// The first viewer's medium and offset, and an external database's name (old versions).
ProjectInfo project_info(const std::string& yaml) {
    ProjectInfo info;
    std::istringstream in(yaml);
    bool viewers = false, first = true;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("dbFile:", 0) == 0) info.db_file = yaml_value(line, "dbFile");
        if (!line.empty() && line[0] != ' ' && line[0] != '-')
            viewers = line.rfind("viewerSettings:", 0) == 0;
        if (!viewers) continue;
        if (line.find("- !vs") != std::string::npos && !info.feed.empty()) first = false;
        if (!first) continue;
        if (auto feed = yaml_value(line, "feed"); !feed.empty()) info.feed = feed;
        if (auto offset = yaml_value(line, "offset"); !offset.empty())
            info.offset_ms = std::clamp<int64_t>(std::strtoll(offset.c_str(), nullptr, 10),
                                                 -max_ms - 1, max_ms + 1);
    }
    return info;
}

// A project's spreadsheet: its `db` entry, or (old versions) the database file it names,
// beside it.
Result<std::string> project_spreadsheet(const std::string& path, ProjectInfo& info) {
    auto entries = project_entries(path);
    if (!entries) return entries.error();
    if (entries->count("project")) info = project_info(entries->at("project"));
    if (entries->count("db")) return std::move(entries->at("db"));
    if (info.db_file.empty())
        return Error{path + " holds no spreadsheet (no 'db' entry); is it a Datavyu project?"};
    auto beside =
        whole_file((fs::path(path).parent_path() / fs::path(info.db_file).filename()).string());
    if (!beside)
        return Error{path + " keeps its spreadsheet in " + info.db_file +
                     ", which is not beside it; put the two files in one folder"};
    return std::move(*beside);
}

}  // namespace

bool looks_like_datavyu(const std::string& text) {
    const std::string first = text.substr(0, text.find('\n'));
    std::string line = first;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return version_line(line) || column_header(line).has_value();
}

Result<ForeignProject> parse_datavyu(const std::string& text, const std::string& id) {
    if (auto at = invalid_utf8_at(text))
        return Error{"byte " + std::to_string(*at + 1) +
                     " is not UTF-8 text; save the spreadsheet again in Datavyu (it writes UTF-8)"};
    ForeignProject p;
    p.format = "Datavyu", p.name = id;
    p.observations.emplace_back();
    ForeignObservation& o = p.observations.front();
    o.id = id;
    Reader r{o, {}, {}, {}, {}, 0};
    std::optional<Column> column;
    size_t cells = 0;
    for (const Line& line : logical_lines(text)) {
        if (line.text.empty() || (line.number == 1 && version_line(line.text))) continue;
        if (auto c = column_header(line.text)) {
            column = std::move(c), cells = 0;
            if (!r.start_column(*column, line)) column.reset();
        } else if (!column && predicate_line(line.text)) {
            continue;
        } else if (!column) {
            r.problem(line.number, "a cell before any column header");
        } else {
            r.cell(*column, line, ++cells);
        }
    }
    if (r.problem_count > 0)
        return Error{std::to_string(r.problem_count) + " problem" +
                     (r.problem_count == 1 ? "" : "s") +
                     " in the spreadsheet; nothing was read:" + r.problems};
    for (const auto& name : r.order) {
        ForeignBehaviour b = r.behaviours[name];
        b.state = r.lasts[name];
        for (auto& set : b.modifiers)  // a choice never made: its values are free text
            if (set.kind == ModifierKind::Single && set.values.empty())
                set.kind = ModifierKind::Text;
        p.ethogram.push_back(std::move(b));
    }
    for (auto& e : o.events) e.point = !r.lasts[e.behaviour];
    std::stable_sort(
        o.events.begin(), o.events.end(),
        [](const ForeignEvent& a, const ForeignEvent& b) { return a.start_us < b.start_us; });
    return p;
}

Result<ForeignProject> read_datavyu(const std::string& path) {
    const fs::path file(path);
    const std::string id = file.stem().string();
    ProjectInfo info;
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::string db;
    if (ext == ".opf") {
        auto sheet = project_spreadsheet(path, info);
        if (!sheet) return sheet.error();
        db = std::move(*sheet);
    } else {
        auto text = whole_file(path);
        if (!text) return Error{"cannot open the Datavyu spreadsheet " + path};
        db = std::move(*text);
    }
    auto project = parse_datavyu(db, id);
    if (!project) return Error{path + ": " + project.error().message};
    ForeignObservation& o = project->observations.front();
    if (std::llabs(info.offset_ms) > max_ms)
        return Error{path + ": the viewer's offset of " + std::to_string(info.offset_ms) +
                     " ms lies beyond a year; correct it in Datavyu"};
    if (!info.feed.empty()) o.media = {info.feed};
    o.media_offset_us = info.offset_ms * 1000;
    if (auto ok = check_text(*project); !ok) return Error{path + ": " + ok.error().message};
    return project;
}

}  // namespace attune::interop
