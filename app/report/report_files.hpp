#pragma once
// Writing a feedback visit's documents into a folder, for attune-cli (report, stills) and the
// workstation (Study > Report...): the plan and the films it draws on, the frame index of each
// film, every output written whole into a temporary folder and then moved into place (or
// nothing at all), and every file written recorded in the study (consent.hpp: media_export).
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "attune/coding/moments.hpp"
#include "attune/coding/study.hpp"
#include "attune/video/frame_index.hpp"
#include "session_report.hpp"

namespace attune::report {

// The plan of the session's pass that has one (the coder's, when named), with the sessions
// its moments come from.
struct ChosenPlan {
    Pass pass;
    std::vector<PlanItem> items;
    std::map<std::string, Session> sessions;  // by label
};
ChosenPlan plan_of_pass(Study& study, const Pass& pass);

// The plan's recordings and the study: no output may be written over one of them.
std::vector<std::string> plan_inputs(Study& study, const ChosenPlan& plan);

// Records each file written as made from the plan's films (one change); an export that
// cannot be recorded is not left behind: its files are removed.
Status record_exports(Study& study, const ChosenPlan& plan, const std::string& kind,
                      const std::vector<std::string>& paths);

// Writes `names` into the folder `dir` by `write` into a temporary folder inside it, then
// moves them into place. Refused when a name is a folder, one of `inputs`, or exists (without
// `force`). On any failure nothing is left: files moved are removed again (replaced ones put
// back), and `dir` too when this made it.
Status write_into_folder(const std::filesystem::path& dir, const std::vector<std::string>& names,
                         bool force, const std::vector<std::string>& inputs,
                         const std::function<Status(const std::filesystem::path& temp)>& write);

// A film's frame index: the study's, else a scan of the recording (`progress` 0-1), which is
// not stored (a command that only reads leaves the study as it was). Refused when the file
// is missing or is not the recording the session was coded on.
Result<std::shared_ptr<const video::FrameIndex>> film_index(
    Study& study, const Session& session, const std::function<void(double)>& progress);
using IndexOf =
    std::function<Result<std::shared_ptr<const video::FrameIndex>>(const Session& film)>;

// The session report of `pass` as report.html and report.pdf in `dir`, with the plan's
// stills when every film of the plan has consent for export (then the report is recorded as
// made from them). Returns the two paths and any note on the stills.
struct ReportFiles {
    std::string html, pdf, note;
};
Result<ReportFiles> write_report_files(Study& study, const Pass& pass, const ReportOptions& options,
                                       const std::string& dir, bool force, const IndexOf& index_of);

}  // namespace attune::report
