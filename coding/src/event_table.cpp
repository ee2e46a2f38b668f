#include "attune/coding/event_table.hpp"

#include "attune/coding/event_log.hpp"
#include "attune/coding/utf8.hpp"

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

// The problems of an import, by where each row came from ("line 12"); the first 50 are
// spelled out.
struct ImportProblems {
    std::string source;  // "the table", "the file"
    std::string text;
    int count = 0;

    void add(const std::string& where, const std::string& what) {
        if (++count <= 50) text += "\n" + where + ": " + what;
    }
    Error error() const {
        std::string all = text;
        if (count > 50) all += "\n... and " + std::to_string(count - 50) + " more";
        return Error{std::to_string(count) + " problem" + (count == 1 ? "" : "s") + " in " +
                     source + "; nothing was imported:" + all};
    }
};

using Columns = std::map<std::string, size_t>;

// The header row, trimmed in place: column -> position, or why it cannot be read.
Result<Columns> read_header(std::vector<std::string>& header, TableFormat format) {
    Columns col;
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
    return col;
}

// Reads the rows one by one into events, noting each row's problems (a refused row
// stops at its first problem). Keeps which behaviours have a running bout.
class RowReader {
  public:
    RowReader(const Scheme& scheme, const ImportTarget& target, const Columns& col, size_t fields,
              ImportProblems& problems)
        : scheme_(scheme), target_(target), col_(col), fields_(fields), problems_(problems) {
        for (const auto& r : scheme.roles) roles_ += (roles_.empty() ? "" : ", ") + r.id;
    }

    std::optional<Event> read(const std::vector<std::string>& cells, const std::string& where) {
        cells_ = &cells, where_ = &where;
        if (cells.size() != fields_)
            return refuse("has " + std::to_string(cells.size()) + " fields, the header has " +
                          std::to_string(fields_));
        if (!utf8_text()) return std::nullopt;
        if (!of_this_pass()) return std::nullopt;
        Event e;
        e.behaviour = get("behaviour");
        const BehaviourDef* b = scheme_.behaviour(e.behaviour);
        if (!b) return refuse("behaviour '" + e.behaviour + "' is not in scheme " + scheme_.id);
        if (!read_subject(e, *b) || !read_start(e) || !read_stop(e, *b) || !within_recording(e))
            return std::nullopt;
        e.comment = get("comment");
        for (const auto& [name, index] : col_)
            if (name.rfind("modifier_", 0) == 0 && index < cells.size() &&
                !trim(cells[index]).empty())
                e.modifiers[name.substr(9)] = trim(cells[index]);
        for (const auto& p : modifier_problems(*b, e.modifiers)) problems_.add(where, p);
        return e;
    }

  private:
    std::nullopt_t refuse(const std::string& what) {
        problems_.add(*where_, what);
        return std::nullopt;
    }
    std::string get(const std::string& name) const {
        auto it = col_.find(name);
        if (it == col_.end() || it->second >= cells_->size()) return std::string();
        return name == "comment" ? (*cells_)[it->second] : trim((*cells_)[it->second]);
    }

    bool utf8_text() {
        for (const auto& [name, index] : col_)
            if (auto at = invalid_utf8_at((*cells_)[index])) {
                refuse("column '" + name + "' is not UTF-8 text (byte " + std::to_string(*at + 1) +
                       " of the value); save the file as UTF-8 (in Excel: CSV UTF-8) and import "
                       "it again");
                return false;
            }
        return true;
    }

    bool of_this_pass() {
        const std::pair<const char*, std::string> identity[] = {
            {"session", target_.pass.session},
            {"participant", target_.pass.participant},
            {"coder", target_.pass.coder},
            {"pass_role", target_.pass.role}};
        for (const auto& [name, want] : identity) {
            const std::string v = get(name);
            if (!want.empty() && col_.count(name) && !v.empty() && v != want) {
                refuse(std::string(name) + " " + quote(v) + " is not the pass imported into (" +
                       name + " " + quote(want) + ")");
                return false;
            }
        }
        return true;
    }

    bool read_subject(Event& e, const BehaviourDef& b) {
        e.subject = col_.count("subject") && !get("subject").empty() ? get("subject") : b.subject;
        if (e.subject == b.subject) return true;
        const bool is_role = std::any_of(scheme_.roles.begin(), scheme_.roles.end(),
                                         [&](const Role& x) { return x.id == e.subject; });
        refuse(is_role ? "subject " + quote(e.subject) + ": " + e.behaviour + " is coded on " +
                             b.subject
                       : "subject " + quote(e.subject) + " is not a role of scheme " + scheme_.id +
                             " (" + roles_ + ")");
        return false;
    }

    bool read_start(Event& e) {
        const auto sf = to_int(get("start_frame")), su = to_int(get("start_us"));
        if (!sf || !su) {
            refuse("start_frame and start_us must be whole numbers (frame >= 0)");
            return false;
        }
        if (*sf < 0 || *su < 0) {
            refuse("times cannot be negative (start_frame " + quote(get("start_frame")) +
                   ", start_us " + quote(get("start_us")) + ")");
            return false;
        }
        e.start_frame = *sf, e.start_us = *su;
        return true;
    }

    bool read_stop(Event& e, const BehaviourDef& b) {
        const std::string stf = get("stop_frame"), stu = get("stop_us");
        if (stf.empty() && stu.empty()) {
            if (!b.is_state()) {
                refuse(e.behaviour + " is a point event and needs stop_frame = start_frame");
                return false;
            }
            if (auto [it, fresh] = running_.emplace(e.behaviour, *where_); !fresh) {
                refuse(e.behaviour + " is still running from " + it->second +
                       "; one behaviour has one running bout at most");
                return false;
            }
            return true;
        }
        const auto a = to_int(stf), c = to_int(stu);
        if (!a || !c) {
            refuse(
                "stop_frame and stop_us must both be whole numbers, or both empty for a state "
                "still running");
            return false;
        }
        if (*a < e.start_frame) {
            refuse("stops (frame " + stf + ") before it starts (frame " + get("start_frame") + ")");
            return false;
        }
        if (*c < e.start_us) {
            refuse("stop_us " + quote(stu) + " is before start_us " + quote(get("start_us")));
            return false;
        }
        if (!b.is_state() && (*a != e.start_frame || *c != e.start_us)) {
            refuse(e.behaviour + " is a point event; its stop (frame " + stf + ", " + stu +
                   " us) must equal its start (frame " + get("start_frame") + ", " +
                   get("start_us") + " us)");
            return false;
        }
        e.stop_frame = a, e.stop_us = c;
        return true;
    }

    bool within_recording(const Event& e) {
        const int64_t last = e.stop_frame.value_or(e.start_frame);
        if (!target_.frame_count || last < *target_.frame_count) return true;
        refuse("frame " + std::to_string(last) + " is past the recording's end (" +
               std::to_string(*target_.frame_count) + " frames, 0 to " +
               std::to_string(*target_.frame_count - 1) + ")");
        return false;
    }

    const Scheme& scheme_;
    const ImportTarget& target_;
    const Columns& col_;
    size_t fields_;
    ImportProblems& problems_;
    std::string roles_;                           // "child, parent, ..." for messages
    std::map<std::string, std::string> running_;  // behaviour -> where its open bout is
    const std::vector<std::string>* cells_ = nullptr;
    const std::string* where_ = nullptr;
};

// Frame and time must tell the same story: against the recording's frame index when the
// study has one (within half a frame), otherwise against the rate the rows themselves imply.
void check_frame_times(const std::vector<Event>& events, const std::vector<const std::string*>& at,
                       const ImportTarget& target, ImportProblems& problems) {
    auto disagree = [&](size_t i, const std::string& expected) {
        problems.add(*at[i], "start_us " + quote(std::to_string(events[i].start_us)) +
                                 " does not match start_frame " +
                                 std::to_string(events[i].start_frame) + " (" + expected + ")");
    };
    if (target.frame_us) {
        for (size_t i = 0; i < events.size(); ++i) {
            const Event& e = events[i];
            const int64_t want = target.frame_us(e.start_frame);
            const int64_t next = target.frame_us(e.start_frame + 1);
            const int64_t half = std::max<int64_t>((next - want) / 2, 1000);
            if (std::llabs(e.start_us - want) > half)
                disagree(i, "the recording shows frame " + std::to_string(e.start_frame) + " at " +
                                std::to_string(want) + " us");
        }
        return;
    }
    std::vector<double> rates;
    for (const Event& e : events)
        if (e.start_frame > 0) rates.push_back(static_cast<double>(e.start_us) / e.start_frame);
    if (rates.size() < 3) return;
    std::nth_element(rates.begin(), rates.begin() + rates.size() / 2, rates.end());
    const double us_per_frame = rates[rates.size() / 2];
    for (size_t i = 0; i < events.size(); ++i) {
        const double want = us_per_frame * events[i].start_frame;
        if (std::fabs(events[i].start_us - want) > std::max(1e6, 0.1 * want))
            disagree(i, "the other rows put it near " + std::to_string(std::llround(want)) + " us");
    }
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
    std::vector<std::string> header = std::move(rows->front());
    rows->erase(rows->begin());
    std::vector<std::string> where;
    where.reserve(rows->size());
    for (size_t r = 0; r < rows->size(); ++r) where.push_back("line " + std::to_string(r + 2));
    return events_from_rows(scheme, std::move(header), *rows, where, target, "the table", format);
}

Result<std::vector<Event>> events_from_rows(const Scheme& scheme, std::vector<std::string> header,
                                            const std::vector<std::vector<std::string>>& rows,
                                            const std::vector<std::string>& where,
                                            const ImportTarget& target, const std::string& source,
                                            TableFormat format) {
    auto col = read_header(header, format);
    if (!col) return col.error();
    ImportProblems problems;
    problems.source = source;
    RowReader reader(scheme, target, *col, header.size(), problems);
    std::vector<Event> events;
    std::vector<const std::string*> at;
    for (size_t r = 0; r < rows.size(); ++r) {
        if (auto e = reader.read(rows[r], where[r])) {
            events.push_back(std::move(*e));
            at.push_back(&where[r]);
        }
    }
    if (problems.count == 0) check_frame_times(events, at, target, problems);
    if (problems.count > 0) return problems.error();
    return events;
}

}  // namespace attune
