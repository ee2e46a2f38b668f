#pragma once
// A study's coding written for analysis and for the peers' tools: tidy CSV tables with an
// R loader and SPSS syntax beside them, SDIS for GSEQ, one ELAN document per pass, and a
// BORIS project. De-identified by default: participants appear by their pseudonymous
// codes, coders as "coder 1", "coder 2"... (in the order of their names) and recordings not
// at all, unless the export is asked for coder names or recording paths.
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/interop/foreign.hpp"
#include "attune/coding/model.hpp"
#include "attune/coding/study.hpp"
#include "attune/coding/text_table.hpp"
#include "attune/coding/validity.hpp"

namespace attune::interop {

struct ExportOptions {
    std::optional<std::string> session;  // only this session
    bool with_paths = false, with_coders = false;
};

// One pass with everything coded in it, as the export sees it (coder already replaced when
// de-identified).
struct ExportedPass {
    Session session;
    std::string coder;
    PassRole role = PassRole::Primary;
    Scheme scheme;
    PassContent content;
};

struct StudyExport {
    std::string study;
    std::vector<ExportedPass> passes;
};

// The passes to export, leaving out `hidden` (pass ids a blind coder may not see).
Result<StudyExport> collect_export(Study& study, const ExportOptions& options,
                                   const std::vector<int64_t>& hidden);

// The analysis tables: every row carries study, participant, session, coder, pass_role,
// scheme and scheme_version. Times in seconds (3 decimals) beside the frames.
struct NamedTable {
    std::string name;  // the file's stem: "events", "ratings", ...
    Table table;
};
std::vector<NamedTable> analysis_tables(const StudyExport& e);
// Loaders written beside the CSVs: column types and factor levels (R), variable and value
// labels (SPSS). They name each table's file as `<name>.csv` in their own folder.
std::string r_loader(const std::vector<NamedTable>& tables, const StudyExport& e);
std::string spss_syntax(const std::vector<NamedTable>& tables, const StudyExport& e);

// The same tables as an XLSX workbook, one sheet per table (libxlsxwriter): numeric
// columns as numbers, the rest as text, empty cells left empty. Writes `path` directly.
Status write_xlsx(const std::string& path, const std::vector<NamedTable>& tables);

// Timed-event SDIS (FORMATS.md section 4): a comment line, the declaration "Timed" with
// every code used, then per pass "<session coder role>", each event as
// "SUBJECT_BEHAVIOUR,onset-offset" in seconds, and "/" ending the session.
std::string sdis_text(const StudyExport& e, const std::string& written_at);

// A pass as a foreign observation (subject "subject.behaviour" tiers for ELAN).
ForeignObservation observation_of(const ExportedPass& p, bool tier_per_behaviour);
// The scheme's behaviours as a foreign ethogram (ELAN vocabulary, BORIS ethogram).
std::vector<ForeignBehaviour> ethogram_of(const Scheme& scheme);

}  // namespace attune::interop
