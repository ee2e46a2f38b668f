#pragma once
// Importing a peer's observations into a study, in two steps that the CLI and the
// workstation both call: plan_import maps and checks everything (nothing is written;
// the plan's summary is what the user sees before committing), commit_import writes
// the sessions, passes and events as one change, so a refused or failed import creates
// nothing.
//
// Without a session named, each observation becomes a new session labelled with the
// observation's id (its participant: the independent variable "participant" when the file
// has one, else the id; its recording: the observation's medium). With one named, the
// one observation goes into that session's pass for the coder and role, which must be
// empty. Frames come from the recording's frame index when the study has it, else from
// the file's frame rate, else from the rate the user gives; a session whose recording is
// long gone still imports.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/event_table.hpp"
#include "attune/coding/interop/import_mapping.hpp"
#include "attune/coding/model.hpp"
#include "attune/coding/study.hpp"

namespace attune::interop {

struct ImportRequest {
    std::string file;  // as the user named it: messages, and where relative media paths start
    const ForeignProject* project = nullptr;
    std::vector<const ForeignObservation*> observations;
    ImportMapping mapping;  // every entry decided (require_decided)
    std::string session;    // "": one new session per observation
    std::string coder;
    PassRole role = PassRole::Primary;
    std::optional<double> fps;  // for observations whose rate neither recording nor file gives
    // The recording's frame clock, for a session whose recording the study has indexed
    // (target.frame_us and frame_at set); may be empty.
    std::function<ImportTarget(const Session&)> recording_target;
};

struct PlannedObservation {
    std::string observation;
    Session session;                       // id 0: added by the import
    std::optional<Pass> pass;              // an existing, empty pass; nullopt: added by the import
    std::vector<Event> events;             // checked as every import's rows are
    std::map<std::string, size_t> counts;  // scheme behaviour -> events
    size_t dropped = 0;                    // events of codes the mapping drops
    std::vector<std::string> notes;        // unpaired states, the frame rate used, ...
};

struct ImportPlan {
    Scheme scheme;
    int64_t snapshot_id = 0;  // 0: stored by the import
    std::string coder, file;
    PassRole role = PassRole::Primary;
    std::vector<PlannedObservation> observations;

    size_t events() const;
    // One paragraph per observation: where it goes, events per behaviour, what was left
    // out and why.
    std::string summary() const;
};

// `scheme` is the scheme the events are checked against and stored with (snapshot_id 0:
// a scheme not in the study yet). All problems of all observations are reported at once.
Result<ImportPlan> plan_import(Study& study, const ImportRequest& request, const Scheme& scheme,
                               int64_t snapshot_id);
Status commit_import(Study& study, const ImportPlan& plan,
                     const std::function<void(size_t)>& written = {});

// The format a file is read as, from its name ("boris", "eaf", "datavyu", "otx", "csv"; a
// ".csv" Datavyu wrote is "datavyu", told by its first line), or why it cannot be told.
Result<std::string> import_format_of(const std::string& file);
// A peer's file read by the reader of its format ("boris", "eaf", "datavyu" or "opf",
// "otx"); "csv" is Attune's own table, not read here.
Result<ForeignProject> read_foreign(const std::string& format, const std::string& file);
// What an import takes from the file: the observation named, or every one with events (an
// Observer XT template has none: the message says to make a scheme of it). With
// `one_session`, the file must then hold exactly one.
Result<std::vector<const ForeignObservation*>> observations_to_import(
    const ForeignProject& project, const std::string& file, const std::string& observation,
    bool one_session);

}  // namespace attune::interop
