#pragma once
// Study > Export...: the study's coding written into a folder for analysis or a peer's tool,
// as attune-cli export writes it (coding/interop/export_files.hpp), on the task runner with
// its own connection to the study file. De-identified unless the user asks otherwise; passes
// the user is blind to are left out, as in every study-wide table.
#include <cstdint>
#include <string>

#include "task_runner.hpp"

namespace attune::app {

struct ExportChoices {
    std::string folder;
    std::string format = "csv";  // interop::export_formats()
    std::string session;         // "": every session
    bool with_paths = false, with_coders = false;
    bool replace = false;  // files of an earlier export in the folder may be replaced
};

// The result is what the status line says: the files written and what they hold.
Task<std::string> start_export(TaskRunner& tasks, const std::string& study_path,
                               const std::string& user, const ExportChoices& c);

// Study > Report...: one pass's session report (report.html and report.pdf, with the visit
// plan's stills when its films have consent for export) written as attune-cli report writes
// it (app/report/report_files.hpp). De-identified unless the user asks otherwise.
struct ReportChoices {
    int64_t pass_id = 0;
    std::string folder;
    bool with_coders = false, with_paths = false;
    bool replace = false;  // a report written into the folder before may be replaced
};
Task<std::string> start_report(TaskRunner& tasks, const std::string& study_path,
                               const std::string& user, const ReportChoices& c);

}  // namespace attune::app
