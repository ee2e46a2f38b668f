#pragma once
// The session report (issue 14 point 8): one coding pass as a reader of a paper's method
// section or a clinical file would want it on paper: the timeline, the episode table, the
// ratings grid, the classification with the rule hints that bear on it and the research-use
// caution, the validity flags, and for a feedback case the visit plan with its stills.
// Built from the study (build_session_report), then written as a self-contained HTML page
// (no network: stills inlined, the timeline as SVG, print styles) or a PDF (cairo).
// De-identified by default: the participant's code, never a coder's name or a file path
// unless asked.
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/model.hpp"
#include "attune/coding/research_use.hpp"
#include "attune/coding/study.hpp"
#include "attune/result.hpp"

namespace attune::report {

struct ReportOptions {
    bool with_coders = false;  // name the coder (else "the primary coder")
    bool with_paths = false;   // give the recording's path
};

struct ReportBout {
    double from_s = 0, to_s = 0;  // to_s == from_s for a point event
    bool open = false;            // a state never stopped
};
struct ReportLane {
    std::string name;  // "CRY (child)", "moments"
    std::vector<ReportBout> bouts;
};
struct ReportEpisode {
    std::string id, label;
    std::optional<double> start_s, end_s;
    int nominal_s = 0;
    std::string flags;  // "start set by hand", "curtailed", "short", ...
};
struct ReportPlanItem {
    std::string title, caption, theme, script, session;
    double from_s = 0, to_s = 0;
    std::string still_png;  // a PNG file of its freeze frame, when one may be shown
};

struct SessionReport {
    std::string session, participant, date, scheme, coder, role, recording;
    double length_s = 0;  // the timeline's extent
    std::vector<ReportEpisode> episodes;
    std::vector<ReportLane> lanes;
    std::vector<std::string> scale_rows;         // "PS to parent"
    std::vector<std::string> grid_episodes;      // the grid's columns
    std::vector<std::vector<std::string>> grid;  // [row][episode]: the value, "" unrated, "-" n/a
    std::string classification;                  // "B3 (confidence 3/3)", or "not classified"
    std::vector<std::string> evidence;           // the rule hints that hold, with their cells
    std::string no_evidence = "None hold.";      // said when `evidence` is empty (or hidden)
    std::vector<std::string> validity;           // "warning: ..."
    std::vector<ReportPlanItem> plan;
    std::string plan_note;  // why stills are left out, when they are
};

// The report of pass `pass_id`. The plan's stills are left empty: the caller checks consent,
// writes the PNGs and fills in still_png (or says in plan_note why there are none).
Result<SessionReport> build_session_report(Study& study, int64_t pass_id,
                                           const ReportOptions& options);

std::string report_html(const SessionReport& report);
Status write_report_pdf(const SessionReport& report, const std::string& pdf_path);

}  // namespace attune::report
