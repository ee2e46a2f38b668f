#pragma once
// The reader of BORIS project files (.boris JSON, .boris.gz the same gzip-compressed;
// FORMATS.md 1.1, 1.2): the ethogram with its modifier sets, the subjects, the
// independent variables and each observation with its media, frame rate, time offset
// and events (read_boris). The agreement statistics see the same observations as bouts
// (read_boris_project).
//
// BORIS conventions honoured: a bare NaN token (events without a timestamp in
// picture observations; such events are left out and counted); event times
// rounded to the millisecond, half to even on the stored binary value, as
// BORIS's Decimal(float).quantize(0.001) does; state events paired by parity
// per (subject, code, modifiers) in time order; subject "" is "No focal
// subject"; MEDIA event rows of 5 or 6 elements. A state left without its stop
// is reported in `unpaired`, not turned into a bout (BORIS's analyses refuse it).
// A malformed file gives an error naming the observation and event, never a crash;
// so does a file nested deeper than 64 levels or gzip that inflates past 1 GiB.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/interop/foreign.hpp"
#include "attune/coding/stats/event_agreement.hpp"
#include "attune/result.hpp"

namespace attune::interop {

inline constexpr const char* boris_no_focal_subject = no_focal_subject;

struct BorisObservation {
    std::string id;
    std::vector<stats::Bout> bouts;          // states then points, each in time order
    std::vector<std::string> unpaired;       // "subject|code|modifiers" of states left open
    int events_without_time = 0;             // NaN / null times, left out
    std::vector<std::string> unknown_codes;  // codes missing from the ethogram, left out
};

struct BorisProject {
    std::map<std::string, bool> behaviour_is_state;  // the ethogram: code -> state?
    std::vector<std::string> subjects;               // in the project's order
    std::vector<BorisObservation> observations;      // in the file's order
    const BorisObservation* observation(const std::string& id) const;
};

// The project as its file has it. Events of a code missing from the ethogram are left
// out and named in the observation's unknown_codes.
Result<ForeignProject> parse_boris(const std::string& json_text);
Result<ForeignProject> read_boris(const std::string& path);  // .boris or .boris.gz

BorisProject boris_bouts(const ForeignProject& project);

// A BORIS project (format "7.0") holding the observations: every top-level key of an
// empty BORIS project, the ethogram with its modifier sets, the subjects, the independent
// variables, and per observation its events in time order as [time, subject, code,
// modifiers, comment] (a state as its start and its stop, a state still running as its
// start alone, which BORIS reports as unpaired). An observation with a medium is a MEDIA
// observation on player #1 (with the frame index as a 6th element when known); one
// without is a LIVE observation. `date` is the project date (ISO, to the second).
// An observation's events as BORIS stores them: a state as its START and its STOP, a point
// once, in time order (a START and a STOP at one time in the order of their bouts).
struct BorisEventRow {
    int64_t t_us;
    const ForeignEvent* event;
    const char* type;  // "START", "STOP", "POINT"
};
std::vector<BorisEventRow> boris_event_rows(const ForeignObservation& observation);

// BORIS 9's "tabular events" export of one observation (FORMATS.md 1.3), one row per
// stored event, as BORIS writes it: TSV with sep '\t', CSV (quoted where needed) with ','
// and CRLF line ends. `project` gives the independent variables' columns and categories.
std::string boris_tabular_events(const ForeignProject& project,
                                 const ForeignObservation& observation, char sep);

// BORIS 9's "aggregated events" export of one observation (FORMATS.md 1.4), TSV as BORIS
// writes it: one row per state bout or point, in order of start. BORIS's choices: only some
// subjects or behaviours (empty: all), and a time interval that clips bouts to it (points
// kept when inside); states still running are left out, as BORIS refuses them.
struct AggregatedOptions {
    std::vector<std::string> subjects, behaviours;
    std::optional<std::pair<int64_t, int64_t>> interval_us;
};
std::string boris_aggregated_events(const ForeignProject& project,
                                    const ForeignObservation& observation,
                                    const AggregatedOptions& options = {});

// Refuses an observation in which a state's bout starts while another bout of the same
// subject x behaviour x modifiers runs: BORIS would pair them differently.
Result<std::string> write_boris(const ForeignProject& project, const std::string& date);
Result<BorisProject> parse_boris_project(const std::string& json_text);
Result<BorisProject> read_boris_project(const std::string& path);

}  // namespace attune::interop
