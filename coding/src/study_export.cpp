// A study's coding as analysis tables, loaders, SDIS and foreign observations (see the
// header).
#include "attune/coding/interop/study_export.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "attune/coding/records.hpp"
#include "attune/coding/research_use.hpp"
#include "attune/coding/stats/time_budget.hpp"
#include "attune/coding/study_queries.hpp"
#include "attune/coding/version.hpp"

#include <xlsxwriter.h>

namespace attune::interop {

namespace {

std::string seconds(int64_t us) {
    return fixed(static_cast<double>(us) / 1e6, 3);
}

std::string source_name(EpisodeSpan::Source s) {
    switch (s) {
        case EpisodeSpan::Source::Event:
            return "event";
        case EpisodeSpan::Source::Override:
            return "set_by_hand";
        case EpisodeSpan::Source::Missing:
            return "missing";
    }
    return "";
}

// The columns every row starts with.
const std::vector<std::string> identity_columns = {
    "study", "participant", "session", "coder", "pass_role", "scheme", "scheme_version"};

std::vector<std::string> identity(const StudyExport& e, const ExportedPass& p) {
    return {e.study,           p.session.participant, p.session.label, p.coder,
            to_string(p.role), p.scheme.id,           p.scheme.version};
}

Table with_identity(std::vector<std::string> columns, std::vector<bool> numeric) {
    Table t;
    t.header = identity_columns;
    t.header.insert(t.header.end(), columns.begin(), columns.end());
    t.numeric.assign(identity_columns.size(), false);
    t.numeric.insert(t.numeric.end(), numeric.begin(), numeric.end());
    return t;
}

std::vector<std::string> modifier_ids(const StudyExport& e) {
    std::vector<std::string> ids;
    for (const auto& p : e.passes)
        for (const auto& b : p.scheme.behaviours)
            for (const auto& m : b.modifiers)
                if (std::find(ids.begin(), ids.end(), m.id) == ids.end()) ids.push_back(m.id);
    return ids;
}

Table events_table(const StudyExport& e) {
    const auto mods = modifier_ids(e);
    std::vector<std::string> cols = {"subject",    "behaviour", "start_frame", "start_s",
                                     "stop_frame", "stop_s",    "duration_s"};
    std::vector<bool> numeric = {false, false, true, true, true, true, true};
    for (const auto& m : mods) cols.push_back("modifier_" + m), numeric.push_back(false);
    cols.push_back("comment"), numeric.push_back(false);
    Table t = with_identity(cols, numeric);
    for (const auto& p : e.passes)
        for (const Event& ev : p.content.events) {
            auto row = identity(e, p);
            row.insert(row.end(),
                       {ev.subject, ev.behaviour, std::to_string(ev.start_frame),
                        seconds(ev.start_us), ev.stop_frame ? std::to_string(*ev.stop_frame) : "",
                        ev.stop_us ? seconds(*ev.stop_us) : "",
                        ev.stop_us ? seconds(*ev.stop_us - ev.start_us) : ""});
            for (const auto& m : mods) {
                auto it = ev.modifiers.find(m);
                row.push_back(it == ev.modifiers.end() ? "" : it->second);
            }
            row.push_back(ev.comment);
            t.rows.push_back(std::move(row));
        }
    return t;
}

Table ratings_table(const StudyExport& e) {
    Table t = with_identity({"scale", "target", "episode", "value"}, {false, false, false, true});
    for (const auto& p : e.passes)
        for (const Rating& r : p.content.ratings) {
            auto row = identity(e, p);
            row.insert(row.end(), {r.scale, r.target, r.episode, std::to_string(r.value)});
            t.rows.push_back(std::move(row));
        }
    return t;
}

Table classifications_table(const StudyExport& e) {
    Table t = with_identity({"code", "d_rating", "secondary", "confidence", "notes"},
                            {false, true, false, true, false});
    for (const auto& p : e.passes) {
        if (!p.content.classification) continue;
        const Classification& c = *p.content.classification;
        auto row = identity(e, p);
        row.insert(row.end(),
                   {c.code, c.d_rating ? std::to_string(*c.d_rating) : "", c.secondary.value_or(""),
                    c.confidence ? std::to_string(*c.confidence) : "", c.notes});
        t.rows.push_back(std::move(row));
    }
    return t;
}

Table episodes_table(const StudyExport& e) {
    Table t =
        with_identity({"episode", "source", "start_frame", "start_s", "end_frame", "end_s",
                       "duration_s", "nominal_s", "curtailed", "short", "long"},
                      {false, false, true, true, true, true, true, true, false, false, false});
    for (const auto& p : e.passes)
        for (const EpisodeSpan& s : p.content.episodes) {
            auto row = identity(e, p);
            const bool found = s.source != EpisodeSpan::Source::Missing;
            row.insert(row.end(),
                       {s.id, source_name(s.source), found ? std::to_string(s.start.frame) : "",
                        found ? seconds(s.start.t_us) : "",
                        found && s.end ? std::to_string(s.end->frame) : "",
                        found && s.end ? seconds(s.end->t_us) : "",
                        found && s.actual_us() ? seconds(*s.actual_us()) : "",
                        std::to_string(s.nominal_sec), s.curtail_marked ? "yes" : "no",
                        s.too_short ? "yes" : "no", s.too_long ? "yes" : "no"});
            t.rows.push_back(std::move(row));
        }
    return t;
}

Table time_budget_table(const StudyExport& e) {
    Table t =
        with_identity({"subject", "behaviour", "episode", "window_s", "count", "total_s", "mean_s",
                       "sd_s", "share", "rate_per_min", "latency_s", "open_bouts"},
                      {false, false, false, true, true, true, true, true, true, true, true, true});
    for (const auto& p : e.passes)
        for (const auto& b : stats::time_budget(p.scheme, p.content.events, p.content.episodes)) {
            auto row = identity(e, p);
            row.insert(row.end(),
                       {b.subject, b.behaviour, b.episode, seconds(b.episode_us),
                        std::to_string(b.count), seconds(b.total_us), opt_fixed(b.mean_s, 3),
                        opt_fixed(b.sd_s, 3), fixed(b.share, 4), fixed(b.rate_per_min, 3),
                        opt_fixed(b.latency_s, 3), std::to_string(b.open_bouts)});
            t.rows.push_back(std::move(row));
        }
    return t;
}

// The levels a factor column takes, in the schemes' order (then any value seen).
std::map<std::string, std::vector<std::string>> factor_levels(const StudyExport& e) {
    std::map<std::string, std::vector<std::string>> levels;
    auto add = [&](const std::string& column, const std::string& v) {
        auto& l = levels[column];
        if (std::find(l.begin(), l.end(), v) == l.end()) l.push_back(v);
    };
    for (const char* r : {"primary", "reliability", "consensus"}) add("pass_role", r);
    for (const auto& p : e.passes) {
        for (const auto& b : p.scheme.behaviours) add("behaviour", b.id);
        for (const auto& r : p.scheme.roles) add("subject", r.id);
        for (const auto& s : p.scheme.scales) add("scale", s.id);
        for (const auto& c : p.scheme.codes) add("code", c.code);
        for (const auto& ep : p.scheme.episodes) add("episode", ep.id);
    }
    add("episode", "ALL");
    return levels;
}

std::string r_string(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) out += (c == '"' || c == '\\') ? std::string{'\\', c} : std::string{c};
    return out + "\"";
}

}  // namespace

Result<StudyExport> collect_export(Study& study, const ExportOptions& o,
                                   const std::vector<int64_t>& hidden) {
    StudyExport out;
    out.study = study.info().name;
    std::map<int64_t, Session> sessions;
    for (auto& s : list_sessions(study)) sessions[s.id] = s;
    if (o.session && !find_session(study, *o.session))
        return Error{"the study has no session '" + *o.session + "'"};
    std::set<std::string> coders;
    for (const auto& p : list_passes(study)) coders.insert(p.coder);
    std::map<std::string, std::string> alias;
    for (const auto& c : coders) alias[c] = "coder " + std::to_string(alias.size() + 1);
    for (const auto& p : list_passes(study)) {
        Session s = sessions.at(p.session_id);
        if (o.session && s.label != *o.session) continue;
        if (std::find(hidden.begin(), hidden.end(), p.id) != hidden.end()) continue;
        auto scheme = load_scheme_snapshot(study, p.scheme_snapshot_id);
        if (!scheme) return scheme.error();
        if (!o.with_paths) s.recording_path.reset(), s.recording_identity.reset();
        ExportedPass x{s, o.with_coders ? p.coder : alias.at(p.coder), p.role, *scheme,
                       load_pass_content(study, *scheme, p.id)};
        out.passes.push_back(std::move(x));
    }
    return out;
}

std::vector<NamedTable> analysis_tables(const StudyExport& e) {
    return {{"events", events_table(e)},
            {"ratings", ratings_table(e)},
            {"classifications", classifications_table(e)},
            {"episodes", episodes_table(e)},
            {"time_budget", time_budget_table(e)}};
}

std::string r_loader(const std::vector<NamedTable>& tables, const StudyExport& e) {
    const auto levels = factor_levels(e);
    std::string out = "# Reads the tables Attune " + std::string(version()) +
                      " exported from study " + r_string(e.study) +
                      ".\n# source(\"load.R\", chdir = TRUE) gives one data frame per table.\n# " +
                      research_use_caution() + "\n";
    for (const auto& [name, t] : tables) {
        out += "\n" + name + " <- read.csv(\"" + name +
               ".csv\", stringsAsFactors = FALSE, na.strings = \"\",\n  colClasses = c(";
        for (size_t i = 0; i < t.header.size(); ++i)
            out += std::string(i ? ", " : "") + r_string(t.header[i]) + " = " +
                   (t.numeric[i] ? "\"numeric\"" : "\"character\"");
        out += "))\n";
        for (const auto& column : t.header) {
            auto l = levels.find(column);
            if (l == levels.end()) continue;
            out += name + "$" + column + " <- factor(" + name + "$" + column + ", levels = c(";
            for (size_t i = 0; i < l->second.size(); ++i)
                out += std::string(i ? ", " : "") + r_string(l->second[i]);
            out += "))\n";
        }
    }
    return out;
}

std::string spss_syntax(const std::vector<NamedTable>& tables, const StudyExport& e) {
    std::string out = "* Reads the tables Attune " + std::string(version()) +
                      " exported from study " + e.study +
                      ".\n* Run from the folder holding the CSV files (CD 'folder').\n* " +
                      research_use_caution() + "\n";
    for (const auto& [name, t] : tables) {
        out += "\nGET DATA /TYPE=TXT /FILE='" + name +
               ".csv' /ENCODING='UTF8' /DELIMITERS=\",\" /QUALIFIER='\"' /ARRANGEMENT=DELIMITED "
               "/FIRSTCASE=2\n  /VARIABLES=";
        for (size_t i = 0; i < t.header.size(); ++i)
            out += "\n    " + t.header[i] + (t.numeric[i] ? " F12.3" : " A255");
        out += ".\nVARIABLE LABELS";
        for (size_t i = 0; i < t.header.size(); ++i) {
            std::string label = t.header[i];
            std::replace(label.begin(), label.end(), '_', ' ');
            out += "\n    " + t.header[i] + " '" + label + "'";
        }
        out += ".\n";
        if (std::find(t.header.begin(), t.header.end(), "pass_role") != t.header.end())
            out +=
                "ADD VALUE LABELS pass_role 'primary' 'Primary coding' 'reliability' "
                "'Reliability (second coder)' 'consensus' 'Consensus'.\n";
        out += "DATASET NAME " + name + ".\n";
    }
    return out;
}

namespace {

// Excel's sheet: 1,048,576 rows, 16,384 columns, 32,767 characters a cell.
constexpr size_t xlsx_cell_chars = 32767;

size_t utf8_chars(const std::string& s) {
    return size_t(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

Status fits_xlsx(const NamedTable& named) {
    const Table& t = named.table;
    const std::string what = "the " + named.name + " table";
    const char* instead = "; export --format csv instead (CSV has no such limit)";
    if (t.rows.size() + 1 > LXW_ROW_MAX)
        return Error{what + " has " + std::to_string(t.rows.size()) +
                     " rows and an Excel sheet holds " + std::to_string(LXW_ROW_MAX - 1) +
                     " below its header" + instead};
    if (t.header.size() > LXW_COL_MAX)
        return Error{what + " has " + std::to_string(t.header.size()) +
                     " columns and an Excel sheet holds " + std::to_string(LXW_COL_MAX) + instead};
    for (size_t r = 0; r < t.rows.size(); ++r)
        for (size_t c = 0; c < t.rows[r].size(); ++c)
            if (const size_t n = utf8_chars(t.rows[r][c]); n > xlsx_cell_chars)
                return Error{what + ", row " + std::to_string(r + 1) + ", column " + t.header[c] +
                             ": " + std::to_string(n) +
                             " characters of text, more than an Excel cell holds (32,767)" +
                             instead};
    return ok_status();
}

lxw_error write_sheet(lxw_worksheet* sheet, const Table& t) {
    lxw_error e = LXW_NO_ERROR;
    for (size_t c = 0; c < t.header.size() && !e; ++c)
        e = worksheet_write_string(sheet, 0, lxw_col_t(c), t.header[c].c_str(), nullptr);
    for (size_t r = 0; r < t.rows.size() && !e; ++r)
        for (size_t c = 0; c < t.rows[r].size() && !e; ++c) {
            const std::string& v = t.rows[r][c];
            if (v.empty()) continue;
            char* end = nullptr;
            const double d = std::strtod(v.c_str(), &end);
            const auto row = lxw_row_t(r + 1);
            if (t.numeric[c] && end && *end == '\0')
                e = worksheet_write_number(sheet, row, lxw_col_t(c), d, nullptr);
            else
                e = worksheet_write_string(sheet, row, lxw_col_t(c), v.c_str(), nullptr);
        }
    return e;
}

}  // namespace

Status write_xlsx(const std::string& path, const std::vector<NamedTable>& tables) {
    for (const auto& t : tables)
        if (auto ok = fits_xlsx(t); !ok) return ok;
    lxw_workbook* book = workbook_new(path.c_str());
    if (!book) return Error{"cannot write " + path};
    lxw_error e = LXW_NO_ERROR;
    for (const auto& [name, t] : tables) {
        lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
        e = sheet ? write_sheet(sheet, t) : LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED;
        if (e) break;
    }
    const lxw_error closed = workbook_close(book);
    if (e || closed) return Error{"cannot write " + path + ": " + lxw_strerror(e ? e : closed)};
    return ok_status();
}

namespace {

std::string sdis_name(const std::string& subject, const std::string& behaviour) {
    std::string code = subject + "_" + behaviour;
    for (char& c : code)
        if (c == ' ' || c == '-' || c == '/' || c == ',' || c == ';' || c == '(' || c == ')' ||
            c == '<' || c == '>' || c == '=' || c == '%' || c == '.')
            c = '_';
    return code;
}

// One SDIS code per subject x behaviour; two that would read the same ("a b" and "a_b")
// keep apart by a number ("child_a_b_2"), which the file's comment lines explain.
struct SdisCodes {
    std::map<std::pair<std::string, std::string>, std::string> of;
    std::vector<std::string> renamed;  // "% child_a_b_2 is child / a_b"

    explicit SdisCodes(const StudyExport& e) {
        std::set<std::pair<std::string, std::string>> pairs;
        for (const auto& p : e.passes)
            for (const Event& ev : p.content.events) pairs.insert({ev.subject, ev.behaviour});
        std::set<std::string> used;
        for (const auto& key : pairs) {
            const std::string base = sdis_name(key.first, key.second);
            std::string code = base;
            for (int n = 2; used.count(code); ++n) code = base + "_" + std::to_string(n);
            if (code != base)
                renamed.push_back("% " + code + " is " + key.first + " / " + key.second);
            used.insert(code);
            of[key] = code;
        }
    }
    const std::string& operator()(const Event& ev) const {
        return of.at({ev.subject, ev.behaviour});
    }
};

}  // namespace

std::string sdis_text(const StudyExport& e, const std::string& written_at) {
    const SdisCodes code(e);
    std::set<std::string> codes;
    for (const auto& [key, c] : code.of) codes.insert(c);
    std::string out = "% SDIS timed-event data written by Attune " + std::string(version()) +
                      " at " + written_at + " from study " + e.study + "; times in seconds\n";
    for (const auto& r : code.renamed) out += r + "\n";
    out += "Timed";
    for (const auto& c : codes) out += " " + c;
    out += " ;\n";
    for (const auto& p : e.passes) {
        std::string label = p.session.label + " " + p.coder + " " + to_string(p.role);
        std::replace(label.begin(), label.end(), '>', '_');
        out += "\n<" + label + ">\n";
        int64_t end_us = 0;
        for (const Event& ev : p.content.events) {
            if (!ev.stop_us) continue;  // a state still running has no offset yet
            out += code(ev) + "," + seconds(ev.start_us) + "-" + seconds(*ev.stop_us) + "\n";
            end_us = std::max(end_us, *ev.stop_us);
        }
        out += "," + seconds(end_us) + "/\n";
    }
    return out;
}

ForeignObservation observation_of(const ExportedPass& p, bool tier_per_behaviour) {
    ForeignObservation o;
    o.id = p.session.label + " " + p.coder + " " + to_string(p.role);
    o.date = p.session.date.value_or("");
    if (p.session.recording_path) o.media = {*p.session.recording_path};
    o.variables = p.session.variables;
    for (const Event& ev : p.content.events) {
        ForeignEvent f;
        f.subject = tier_per_behaviour ? ev.subject + "." + ev.behaviour : ev.subject;
        f.behaviour = ev.behaviour;
        f.start_us = ev.start_us, f.stop_us = ev.stop_us;
        const BehaviourDef* b = p.scheme.behaviour(ev.behaviour);
        f.point = b && !b->is_state();
        if (b)
            for (const auto& m : b->modifiers) {
                auto it = ev.modifiers.find(m.id);
                f.modifiers.push_back(it == ev.modifiers.end() ? "" : it->second);
            }
        f.comment = ev.comment;
        o.events.push_back(std::move(f));
    }
    return o;
}

std::vector<ForeignBehaviour> ethogram_of(const Scheme& scheme) {
    std::vector<ForeignBehaviour> out;
    for (const auto& b : scheme.behaviours) {
        ForeignBehaviour f{b.id, b.label, b.category, b.key, b.is_state(), {}};
        for (const auto& m : b.modifiers) f.modifiers.push_back({m.id, m.kind, m.values});
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace attune::interop
