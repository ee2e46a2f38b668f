#include "attune/coding/event_table.hpp"

#include "attune/coding/event_log.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
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

std::optional<TableFormat> sniff_table_format(const std::string& text) {
    const std::string first = text.substr(0, text.find('\n'));
    const bool tab = first.find('\t') != std::string::npos,
               comma = first.find(',') != std::string::npos;
    if (tab && !comma) return TableFormat::Tsv;
    if (comma && !tab) return TableFormat::Csv;
    return std::nullopt;
}

Result<std::vector<Event>> events_from_table(const Scheme& scheme, const std::string& text,
                                             TableFormat format) {
    return events_from_table(scheme, text, format, ImportTarget{});
}

namespace {
std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}
std::string quote(const std::string& v) {
    return "'" + v + "'";
}
}  // namespace

Result<std::vector<Event>> events_from_table(const Scheme& scheme, const std::string& input,
                                             TableFormat format, const ImportTarget& target) {
    const std::string bom = "\xEF\xBB\xBF";
    const std::string text = input.rfind(bom, 0) == 0 ? input.substr(bom.size()) : input;
    auto rows = parse_table(text, format);
    if (!rows) return rows.error();
    if (rows->empty())
        return Error{
            "the file is empty; expected a header row with start_frame, start_us, behaviour..."};
    auto& header = rows->front();
    std::map<std::string, size_t> col;
    for (size_t i = 0; i < header.size(); ++i) {
        header[i] = trim(header[i]);
        if (!col.emplace(header[i], i).second)
            return Error{"line 1: the header names column '" + header[i] +
                         "' twice; which one holds the values?"};
    }
    if (header.size() == 1 &&
        header[0].find(format == TableFormat::Csv ? '\t' : ',') != std::string::npos)
        return Error{std::string("line 1 looks like ") +
                     (format == TableFormat::Csv ? "TSV" : "CSV") + ", not " +
                     (format == TableFormat::Csv ? "CSV" : "TSV") + "; pass --format " +
                     (format == TableFormat::Csv ? "tsv" : "csv")};
    for (const char* need : {"behaviour", "start_frame", "start_us", "stop_frame", "stop_us"})
        if (!col.count(need))
            return Error{std::string("the header has no '") + need +
                         "' column; export a table from Attune to see the layout"};

    std::vector<Event> events;
    std::vector<size_t> lines;
    std::string problems;
    int n_problems = 0;
    auto problem = [&](size_t line, const std::string& what) {
        if (++n_problems <= 50) problems += "\nline " + std::to_string(line) + ": " + what;
    };
    std::string roles;
    for (const auto& r : scheme.roles) roles += (roles.empty() ? "" : ", ") + r.id;
    const std::pair<const char*, std::string> identity[] = {
        {"session", target.pass.session},
        {"participant", target.pass.participant},
        {"coder", target.pass.coder},
        {"pass_role", target.pass.role}};
    std::map<std::string, size_t> running;  // behaviour -> line of its open bout
    for (size_t r = 1; r < rows->size(); ++r) {
        const auto& cells = (*rows)[r];
        auto get = [&](const std::string& name) -> std::string {
            auto it = col.find(name);
            if (it == col.end() || it->second >= cells.size()) return std::string();
            return name == "comment" ? cells[it->second] : trim(cells[it->second]);
        };
        const size_t line = r + 1;
        if (cells.size() != header.size()) {
            problem(line, "has " + std::to_string(cells.size()) + " fields, the header has " +
                              std::to_string(header.size()));
            continue;
        }
        bool other_pass = false;
        for (const auto& [name, want] : identity) {
            const std::string v = get(name);
            if (!want.empty() && col.count(name) && !v.empty() && v != want) {
                problem(line, std::string(name) + " " + quote(v) +
                                  " is not the pass imported into (" + name + " " + quote(want) +
                                  ")");
                other_pass = true;
                break;
            }
        }
        if (other_pass) continue;
        Event e;
        e.behaviour = get("behaviour");
        const BehaviourDef* b = scheme.behaviour(e.behaviour);
        if (!b) {
            problem(line, "behaviour '" + e.behaviour + "' is not in scheme " + scheme.id);
            continue;
        }
        e.subject = col.count("subject") && !get("subject").empty() ? get("subject") : b->subject;
        if (e.subject != b->subject) {
            const bool is_role = std::any_of(scheme.roles.begin(), scheme.roles.end(),
                                             [&](const Role& x) { return x.id == e.subject; });
            problem(line, is_role ? "subject " + quote(e.subject) + ": " + e.behaviour +
                                        " is coded on " + b->subject
                                  : "subject " + quote(e.subject) + " is not a role of scheme " +
                                        scheme.id + " (" + roles + ")");
            continue;
        }
        const auto sf = to_int(get("start_frame")), su = to_int(get("start_us"));
        if (!sf || !su) {
            problem(line, "start_frame and start_us must be whole numbers (frame >= 0)");
            continue;
        }
        if (*sf < 0 || *su < 0) {
            problem(line, "times cannot be negative (start_frame " + quote(get("start_frame")) +
                              ", start_us " + quote(get("start_us")) + ")");
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
            if (*c < e.start_us) {
                problem(line,
                        "stop_us " + quote(stu) + " is before start_us " + quote(get("start_us")));
                continue;
            }
            if (!b->state && (*a != e.start_frame || *c != e.start_us)) {
                problem(line, e.behaviour + " is a point event; its stop (frame " + stf + ", " +
                                  stu + " us) must equal its start (frame " + get("start_frame") +
                                  ", " + get("start_us") + " us)");
                continue;
            }
            e.stop_frame = a, e.stop_us = c;
        } else if (!b->state) {
            problem(line, e.behaviour + " is a point event and needs stop_frame = start_frame");
            continue;
        } else if (auto [it, fresh] = running.emplace(e.behaviour, line); !fresh) {
            problem(line, e.behaviour + " is still running from line " +
                              std::to_string(it->second) +
                              "; one behaviour has one running bout at most");
            continue;
        }
        const int64_t last = e.stop_frame.value_or(e.start_frame);
        if (target.frame_count && last >= *target.frame_count) {
            problem(line, "frame " + std::to_string(last) + " is past the recording's end (" +
                              std::to_string(*target.frame_count) + " frames, 0 to " +
                              std::to_string(*target.frame_count - 1) + ")");
            continue;
        }
        e.comment = get("comment");
        for (const auto& [name, index] : col)
            if (name.rfind("modifier_", 0) == 0 && index < cells.size() &&
                !trim(cells[index]).empty())
                e.modifiers[name.substr(9)] = trim(cells[index]);
        for (const auto& p : modifier_problems(*b, e.modifiers)) problem(line, p);
        events.push_back(std::move(e));
        lines.push_back(line);
    }
    // Frame and time must tell the same story: against the recording's frame index when the
    // study has one (within half a frame), otherwise against the rate the rows themselves imply.
    auto disagree = [&](size_t i, int64_t frame, int64_t us, const std::string& expected) {
        problem(lines[i], "start_us " + quote(std::to_string(us)) + " does not match start_frame " +
                              std::to_string(frame) + " (" + expected + ")");
    };
    if (n_problems == 0 && target.frame_us) {
        for (size_t i = 0; i < events.size(); ++i) {
            const Event& e = events[i];
            const int64_t want = target.frame_us(e.start_frame);
            const int64_t next = target.frame_us(e.start_frame + 1);
            const int64_t half = std::max<int64_t>((next - want) / 2, 1000);
            if (std::llabs(e.start_us - want) > half)
                disagree(i, e.start_frame, e.start_us,
                         "the recording shows frame " + std::to_string(e.start_frame) + " at " +
                             std::to_string(want) + " us");
        }
    } else if (n_problems == 0) {
        std::vector<double> rates;
        for (const Event& e : events)
            if (e.start_frame > 0) rates.push_back(static_cast<double>(e.start_us) / e.start_frame);
        if (rates.size() >= 3) {
            std::nth_element(rates.begin(), rates.begin() + rates.size() / 2, rates.end());
            const double us_per_frame = rates[rates.size() / 2];
            for (size_t i = 0; i < events.size(); ++i) {
                const Event& e = events[i];
                const double want = us_per_frame * e.start_frame;
                if (std::fabs(e.start_us - want) > std::max(1e6, 0.1 * want))
                    disagree(
                        i, e.start_frame, e.start_us,
                        "the other rows put it near " + std::to_string(std::llround(want)) + " us");
            }
        }
    }
    if (n_problems > 0) {
        if (n_problems > 50) problems += "\n... and " + std::to_string(n_problems - 50) + " more";
        return Error{std::to_string(n_problems) + " problem" + (n_problems == 1 ? "" : "s") +
                     " in the table; nothing was imported:" + problems};
    }
    return events;
}

}  // namespace attune
