#include "attune/coding/event_table.hpp"

#include "attune/coding/event_log.hpp"

#include <charconv>
#include <set>

namespace attune {

std::optional<TableFormat> table_format_from(const std::string& s) {
    if (s == "csv") return TableFormat::Csv;
    if (s == "tsv") return TableFormat::Tsv;
    return std::nullopt;
}

namespace {

const std::vector<std::string> kFixed = {"session",    "participant", "coder",       "pass_role",
                                         "subject",    "behaviour",   "start_frame", "start_us",
                                         "stop_frame", "stop_us",     "duration_us", "comment"};

std::vector<std::string> modifier_columns(const Scheme& scheme) {
    std::set<std::string> ids;
    for (const auto& b : scheme.behaviours)
        for (const auto& m : b.modifiers) ids.insert(m.id);
    return {ids.begin(), ids.end()};
}

std::string field(const std::string& v, TableFormat f) {
    if (f == TableFormat::Tsv) {
        std::string out;
        for (char c : v)
            out += c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\\' ? "\\\\" : std::string(1, c);
        return out;
    }
    if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) out += c == '"' ? "\"\"" : std::string(1, c);
    return out + "\"";
}

std::optional<int64_t> to_int(const std::string& s) {
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

std::string events_to_table(const Scheme& scheme, const EventRowContext& ctx,
                            const std::vector<Event>& events, TableFormat format) {
    const char sep = format == TableFormat::Csv ? ',' : '\t';
    const auto mods = modifier_columns(scheme);
    std::string out;
    auto row = [&](const std::vector<std::string>& cells) {
        for (size_t i = 0; i < cells.size(); ++i)
            out += (i ? std::string(1, sep) : "") + field(cells[i], format);
        out += "\n";
    };
    std::vector<std::string> header = kFixed;
    for (const auto& m : mods) header.push_back("modifier_" + m);
    row(header);
    for (const Event& e : events) {
        auto opt = [](const std::optional<int64_t>& v) {
            return v ? std::to_string(*v) : std::string();
        };
        std::vector<std::string> cells = {ctx.session,
                                          ctx.participant,
                                          ctx.coder,
                                          ctx.role,
                                          e.subject,
                                          e.behaviour,
                                          std::to_string(e.start_frame),
                                          std::to_string(e.start_us),
                                          opt(e.stop_frame),
                                          opt(e.stop_us),
                                          e.stop_us ? std::to_string(*e.stop_us - e.start_us) : "",
                                          e.comment};
        for (const auto& m : mods) {
            auto it = e.modifiers.find(m);
            cells.push_back(it == e.modifiers.end() ? "" : it->second);
        }
        row(cells);
    }
    return out;
}

Result<std::vector<std::vector<std::string>>> parse_table(const std::string& text,
                                                          TableFormat format) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string cell;
    const char sep = format == TableFormat::Csv ? ',' : '\t';
    bool quoted = false, any = false;
    int line = 1;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (format == TableFormat::Csv && quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                cell += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                cell += c, line += c == '\n';
            continue;
        }
        if (format == TableFormat::Csv && c == '"' && cell.empty()) {
            quoted = any = true;
        } else if (format == TableFormat::Tsv && c == '\\' && i + 1 < text.size()) {
            const char n = text[++i];
            cell += n == 't' ? '\t' : n == 'n' ? '\n' : n;
        } else if (c == sep) {
            row.push_back(std::move(cell)), cell.clear(), any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !cell.empty()) row.push_back(std::move(cell));
            if (!row.empty()) rows.push_back(std::move(row));
            row.clear(), cell.clear(), any = false, ++line;
        } else {
            cell += c;
        }
    }
    if (quoted) return Error{"line " + std::to_string(line) + ": a quoted field is never closed"};
    if (any || !cell.empty()) row.push_back(std::move(cell));
    if (!row.empty()) rows.push_back(std::move(row));
    return rows;
}

Result<std::vector<Event>> events_from_table(const Scheme& scheme, const std::string& text,
                                             TableFormat format) {
    auto rows = parse_table(text, format);
    if (!rows) return rows.error();
    if (rows->empty())
        return Error{
            "the file is empty; expected a header row with start_frame, start_us, behaviour..."};
    const auto& header = rows->front();
    std::map<std::string, size_t> col;
    for (size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
    for (const char* need : {"behaviour", "start_frame", "start_us", "stop_frame", "stop_us"})
        if (!col.count(need))
            return Error{std::string("the header has no '") + need +
                         "' column; export a table from Attune to see the layout"};

    std::vector<Event> events;
    std::string problems;
    int n_problems = 0;
    auto problem = [&](size_t line, const std::string& what) {
        if (++n_problems <= 50) problems += "\nline " + std::to_string(line) + ": " + what;
    };
    for (size_t r = 1; r < rows->size(); ++r) {
        const auto& cells = (*rows)[r];
        auto get = [&](const std::string& name) -> std::string {
            auto it = col.find(name);
            return it != col.end() && it->second < cells.size() ? cells[it->second] : std::string();
        };
        const size_t line = r + 1;
        if (cells.size() != header.size()) {
            problem(line, "has " + std::to_string(cells.size()) + " fields, the header has " +
                              std::to_string(header.size()));
            continue;
        }
        Event e;
        e.behaviour = get("behaviour");
        const BehaviourDef* b = scheme.behaviour(e.behaviour);
        if (!b) {
            problem(line, "behaviour '" + e.behaviour + "' is not in scheme " + scheme.id);
            continue;
        }
        e.subject = col.count("subject") && !get("subject").empty() ? get("subject") : b->subject;
        const auto sf = to_int(get("start_frame")), su = to_int(get("start_us"));
        if (!sf || !su || *sf < 0) {
            problem(line, "start_frame and start_us must be whole numbers (frame >= 0)");
            continue;
        }
        e.start_frame = *sf, e.start_us = *su;
        const std::string stf = get("stop_frame"), stu = get("stop_us");
        if (!stf.empty() || !stu.empty()) {
            const auto a = to_int(stf), c = to_int(stu);
            if (!a || !c) {
                problem(line,
                        "stop_frame and stop_us must both be whole numbers, or both empty for a "
                        "state still running");
                continue;
            }
            if (*a < e.start_frame) {
                problem(line, "stops (frame " + stf + ") before it starts (frame " +
                                  get("start_frame") + ")");
                continue;
            }
            e.stop_frame = a, e.stop_us = c;
        } else if (!b->state) {
            problem(line, e.behaviour + " is a point event and needs stop_frame = start_frame");
            continue;
        }
        e.comment = get("comment");
        for (const auto& [name, index] : col)
            if (name.rfind("modifier_", 0) == 0 && index < cells.size() && !cells[index].empty())
                e.modifiers[name.substr(9)] = cells[index];
        for (const auto& p : modifier_problems(*b, e.modifiers)) problem(line, p);
        events.push_back(std::move(e));
    }
    if (n_problems > 0) {
        if (n_problems > 50) problems += "\n... and " + std::to_string(n_problems - 50) + " more";
        return Error{std::to_string(n_problems) + " problem" + (n_problems == 1 ? "" : "s") +
                     " in the table; nothing was imported:" + problems};
    }
    return events;
}

}  // namespace attune
