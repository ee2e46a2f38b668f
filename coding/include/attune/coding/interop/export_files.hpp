#pragma once
// An export as the files it writes into a folder, for attune-cli export and the
// workstation's Study > Export... alike: tidy CSVs with their R and SPSS loaders, an XLSX
// workbook, a BORIS project, BORIS's tabular or aggregated events (one TSV per pass), ELAN
// documents (one per pass) or SDIS for GSEQ. Writing refuses before it writes anything when
// a file of an earlier export is in the way (unless replacing is asked for) or a study
// would be written over; each file is complete under its name or not there.
#include <functional>
#include <string>
#include <vector>

#include "attune/coding/interop/study_export.hpp"

namespace attune::interop {

// Every format, as attune-cli export --format names it.
const std::vector<std::string>& export_formats();
// "CSV for R and SPSS", "BORIS project", ...: what the workstation's dialog lists.
std::string export_format_label(const std::string& format);

struct ExportFile {
    std::string name;  // in the export's folder
    std::string text;  // the file's bytes, unless `write` is set
    std::function<Status(const std::string& path)> write;  // writes it at a path (XLSX)
};
struct ExportFiles {
    std::vector<ExportFile> files;
    // Names changed to stay unique, states still running left out of ELAN documents, ...
    std::vector<std::string> notes;
};

// `stem` names the files of study-wide formats (the study file's stem); `written_at` is the
// time the BORIS, ELAN and SDIS files say they were written (ISO 8601, UTC).
Result<ExportFiles> export_files(const std::string& format, const std::string& stem,
                                 const StudyExport& e, const std::string& written_at);

// Writes them into `folder` (made when missing). `replace`: files of an earlier export may be
// replaced; a study never is. `how_to_replace` ends the message when a file is in the way
// ("pass --force to replace them"). Returns the paths written.
Result<std::vector<std::string>> write_export(const std::string& folder, const ExportFiles& files,
                                              bool replace, const std::string& how_to_replace);

// Now, as the files say they were written: ISO 8601, UTC, to the second.
std::string export_time_now();

// "3 passes, coders as 'coder N', no recording paths": what an export holds.
std::string exported_what(const ExportOptions& o, const StudyExport& e);

}  // namespace attune::interop
