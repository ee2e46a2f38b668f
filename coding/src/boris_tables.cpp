// BORIS's own export layouts, written from a foreign observation (see boris_project.hpp).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

#include "attune/coding/interop/boris_project.hpp"

namespace attune::interop {

namespace {

std::string fixed3(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

// A Python float as str() prints it: the shortest text that reads back, with ".0" when whole.
std::string python_float(double v) {
    char buf[400];
    const bool fixed = v == 0 || (std::fabs(v) >= 1e-4 && std::fabs(v) < 1e16);  // Python's rule
    auto [end, ec] = fixed ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
                           : std::to_chars(buf, buf + sizeof buf, v);
    std::string s(buf, ec == std::errc() ? end : buf);
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return s;
}

// A Decimal made from a float, printed to 28 significant digits (Python's default context).
std::string python_decimal(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.28g", v);
    return buf;
}

// Whether the file gave each medium's length (an Attune pass's export does not).
bool known_lengths(const ForeignObservation& o) {
    return !o.media.empty() && o.media_seconds.size() == o.media.size() &&
           o.media_fps.size() == o.media.size();
}

std::string joined(const std::vector<double>& values) {
    std::string out;
    for (size_t i = 0; i < values.size(); ++i) out += (i ? ";" : "") + fixed3(values[i]);
    return out;
}

// The medium holding an instant of the observation's timeline (media played back to back,
// cumulative lengths truncated to the ms as BORIS does).
std::string medium_at(const ForeignObservation& o, int64_t t_us) {
    int64_t from_ms = 0;
    if (o.media.size() == 1 && !known_lengths(o)) return o.media.front();
    for (size_t i = 0; i < o.media.size() && i < o.media_seconds.size(); ++i) {
        const auto to_ms = from_ms + static_cast<int64_t>(o.media_seconds[i] * 1000);
        if (t_us >= from_ms * 1000 && t_us <= to_ms * 1000) return o.media[i];
        from_ms = to_ms;
    }
    return "Not found";
}

std::string cell(std::string v, char sep) {
    for (char& c : v)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (sep == '\t' || v.find_first_of(std::string(1, sep) + "\"") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string line(const std::vector<std::string>& cells, char sep, const char* end = "\r\n") {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i)
        out += (i ? std::string(1, sep) : "") + cell(cells[i], sep);
    return out + end;
}

std::string boris_date(std::string date) {
    if (date.size() > 10 && date[10] == 'T') date[10] = ' ';
    return date;
}

std::string source_of(const ForeignObservation& o) {
    if (o.media.empty()) return "NA";
    std::string source = "player #1:";
    for (size_t i = 0; i < o.media.size(); ++i) source += (i ? ";" : "") + o.media[i];
    return source;
}

// One cell per project independent variable, in the project's order.
void add_variables(const ForeignProject& p, const ForeignObservation& o,
                   std::vector<std::string>& cells) {
    for (const auto& v : p.variables) {
        auto it = o.variables.find(v);
        cells.push_back(it == o.variables.end() ? "" : it->second);
    }
}

// The observation's own columns, the same on every row.
std::vector<std::string> observation_cells(const ForeignProject& p, const ForeignObservation& o) {
    const bool media = !o.media.empty();
    double length = 0;
    for (double s : o.media_seconds) length += s;
    if (!known_lengths(o))
        for (const auto& e : o.events)
            length = std::max(length, double(e.stop_us.value_or(e.start_us)) / 1e6);
    std::vector<std::string> cells = {o.id,
                                      boris_date(o.date),
                                      o.description,
                                      python_decimal(length),
                                      media ? "Media file(s)" : "Live observation",
                                      source_of(o),
                                      python_float(double(o.media_offset_us) / 1e6),
                                      known_lengths(o) ? joined(o.media_seconds) : "NA",
                                      known_lengths(o) ? joined(o.media_fps) : "NA"};
    add_variables(p, o, cells);
    return cells;
}

// The observation's columns of the aggregated layout, the same on every row.
std::vector<std::string> aggregated_observation_cells(const ForeignProject& p,
                                                      const ForeignObservation& o,
                                                      const AggregatedOptions& options) {
    const bool media = !o.media.empty();
    double coding = 0;
    if (known_lengths(o) && !options.interval_us) {
        for (double s : o.media_seconds) coding += s;
    } else if (!o.events.empty()) {
        int64_t first = o.events.front().start_us, last = first;
        for (const auto& e : o.events) {
            first = std::min(first, e.start_us);
            last = std::max(last, e.stop_us.value_or(e.start_us));
        }
        coding = double(last - first) / 1e6;
    }
    std::vector<std::string> cells = {o.id,
                                      boris_date(o.date),
                                      o.description,
                                      media ? "Media file" : "Live observation",
                                      source_of(o),
                                      python_float(double(o.media_offset_us) / 1e6),
                                      fixed3(coding),
                                      known_lengths(o) ? joined(o.media_seconds) : "NA",
                                      known_lengths(o) ? joined(o.media_fps) : "NA"};
    add_variables(p, o, cells);
    return cells;
}

struct AggregatedRow {
    const ForeignEvent* event;
    int64_t start_us, stop_us;
};

bool chosen(const std::vector<std::string>& only, const std::string& name) {
    return only.empty() || std::find(only.begin(), only.end(), name) != only.end();
}

// The bouts and points the options keep, clipped to the interval, in order of start.
std::vector<AggregatedRow> aggregated_rows(const ForeignObservation& o,
                                           const AggregatedOptions& options) {
    std::vector<AggregatedRow> rows;
    for (const auto& e : o.events) {
        if (!chosen(options.subjects, e.subject) || !chosen(options.behaviours, e.behaviour))
            continue;
        if (!e.point && !e.stop_us) continue;  // a state that never stops has no bout
        int64_t from = e.start_us, to = e.point ? e.start_us : *e.stop_us;
        if (options.interval_us) {
            const auto [lo, hi] = *options.interval_us;
            if (to < lo || from > hi) continue;
            if (!e.point) from = std::max(from, lo), to = std::min(to, hi);
        }
        rows.push_back({&e, from, to});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const AggregatedRow& a, const AggregatedRow& b) {
        return a.start_us < b.start_us;
    });
    return rows;
}

}  // namespace

std::string boris_tabular_events(const ForeignProject& p, const ForeignObservation& o, char sep) {
    const auto rows = boris_event_rows(o);
    size_t modifier_sets = 0;
    for (const auto& r : rows) modifier_sets = std::max(modifier_sets, r.event->modifiers.size());
    std::vector<std::string> header = {"Observation id",       "Observation date",   "Description",
                                       "Observation duration", "Observation type",   "Source",
                                       "Time offset (s)",      "Media duration (s)", "FPS"};
    header.insert(header.end(), p.variables.begin(), p.variables.end());
    for (const char* h : {"Subject", "Behavior", "Behavioral category"}) header.push_back(h);
    for (size_t i = 0; i < modifier_sets; ++i)
        header.push_back("Modifier #" + std::to_string(i + 1));
    for (const char* h :
         {"Behavior type", "Time", "Media file name", "Image index", "Image file path", "Comment"})
        header.push_back(h);
    std::string out = line(header, sep);
    const auto fixed = observation_cells(p, o);
    for (const auto& r : rows) {
        const ForeignEvent& e = *r.event;
        std::vector<std::string> cells = fixed;
        const ForeignBehaviour* b = p.behaviour(e.behaviour);
        cells.insert(cells.end(), {e.subject, e.behaviour, b ? b->category : ""});
        for (size_t i = 0; i < modifier_sets; ++i)
            cells.push_back(i < e.modifiers.size() && !e.modifiers[i].empty() ? e.modifiers[i]
                                                                              : "None");
        const bool media = !o.media.empty();
        cells.insert(cells.end(), {r.type, fixed3(double(r.t_us) / 1e6),
                                   media ? medium_at(o, r.t_us) : "NA", "NA", "NA", e.comment});
        out += line(cells, sep);
    }
    return out;
}

std::string boris_aggregated_events(const ForeignProject& p, const ForeignObservation& o,
                                    const AggregatedOptions& options) {
    const auto rows = aggregated_rows(o, options);
    size_t modifier_sets = 0;
    std::map<std::string, double> by_subject;  // Σ bout durations, s
    for (const auto& r : rows) {
        modifier_sets = std::max(modifier_sets, r.event->modifiers.size());
        by_subject[r.event->subject] += double(r.stop_us - r.start_us) / 1e6;
    }
    std::vector<std::string> header = {
        "Observation id",  "Observation date", "Description",        "Observation type", "Source",
        "Time offset (s)", "Coding duration",  "Media duration (s)", "FPS (frame/s)"};
    header.insert(header.end(), p.variables.begin(), p.variables.end());
    header.insert(header.end(), {"Subject", "Observation duration by subject by observation",
                                 "Behavior", "Behavioral category"});
    for (size_t i = 0; i < modifier_sets; ++i)
        header.push_back("Modifier #" + std::to_string(i + 1));
    header.insert(header.end(),
                  {"Behavior type", "Start (s)", "Stop (s)", "Duration (s)", "Media file name",
                   "Image index start", "Image index stop", "Image file path start",
                   "Image file path stop", "Comment start", "Comment stop"});
    const char* end = "\n";
    std::string out = line(header, '\t', end);
    const auto fixed = aggregated_observation_cells(p, o, options);
    const bool media = !o.media.empty();
    for (const auto& r : rows) {
        const ForeignEvent& e = *r.event;
        std::vector<std::string> cells = fixed;
        const ForeignBehaviour* b = p.behaviour(e.behaviour);
        const std::string category = b && !b->category.empty() ? b->category : "Not defined";
        cells.insert(cells.end(),
                     {e.subject, python_float(std::round(by_subject[e.subject] * 1000) / 1000),
                      e.behaviour, category});
        for (size_t i = 0; i < modifier_sets; ++i)
            cells.push_back(i < e.modifiers.size() && !e.modifiers[i].empty() ? e.modifiers[i]
                                                                              : "None");
        cells.insert(cells.end(), {e.point ? "POINT" : "STATE", fixed3(double(r.start_us) / 1e6),
                                   fixed3(double(r.stop_us) / 1e6),
                                   e.point ? "NA" : fixed3(double(r.stop_us - r.start_us) / 1e6),
                                   media ? medium_at(o, r.start_us) : "NA", media ? "NA" : "",
                                   media ? "NA" : "", "", "", e.comment, ""});
        out += line(cells, '\t', end);
    }
    return out;
}

}  // namespace attune::interop
