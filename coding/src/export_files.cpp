// An export as the files it writes (see the header); the code attune-cli export had.
#include "attune/coding/interop/export_files.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <memory>
#include <set>

#include "attune/coding/interop/boris_project.hpp"
#include "attune/coding/interop/elan.hpp"
#include "attune/coding/output_file.hpp"
#include "attune/coding/research_use.hpp"
#include "attune/coding/text_table.hpp"
#include "attune/coding/version.hpp"

namespace attune::interop {

namespace {

namespace fs = std::filesystem;

// A file name from a label: letters, digits, "-", "_" and "." kept, the rest "_".
std::string file_stem(const std::string& label) {
    std::string out = as_scheme_id(label);
    std::replace(out.begin(), out.end(), '.', '_');
    return out;
}

// One file per pass: its name from the pass's, "-2", "-3"... when another pass's name makes
// the same file name (noted), never one file written over another.
std::string unique_name(const std::string& id, const std::string& extension,
                        std::set<std::string>& used, std::vector<std::string>& notes) {
    const std::string base = file_stem(id);
    std::string name = base;
    for (int n = 2; !used.insert(name).second; ++n) name = base + "-" + std::to_string(n);
    if (name != base)
        notes.push_back(id + " written as " + name + extension + " (" + base + extension +
                        " names another pass)");
    return name + extension;
}

// The exported passes as one BORIS project: every scheme's roles and behaviours, one
// observation per pass.
ForeignProject boris_project_of(const StudyExport& e) {
    ForeignProject project;
    project.name = e.study;
    std::set<std::string> variables;
    for (const auto& p : e.passes) {
        for (const auto& r : p.scheme.roles)
            if (std::find(project.subjects.begin(), project.subjects.end(), r.id) ==
                project.subjects.end())
                project.subjects.push_back(r.id);
        for (const auto& b : ethogram_of(p.scheme))
            if (!project.behaviour(b.code)) project.ethogram.push_back(b);
        project.observations.push_back(observation_of(p, false));
        for (const auto& [name, value] : p.session.variables) variables.insert(name);
    }
    project.variables.assign(variables.begin(), variables.end());
    return project;
}

// What the analysis tables are, and the limit of their classifications.
std::string readme_text(const std::vector<NamedTable>& tables, const StudyExport& e) {
    std::string out =
        "Tables exported by Attune " + std::string(version()) + " from study " + e.study + ": ";
    for (size_t i = 0; i < tables.size(); ++i) out += (i ? ", " : "") + tables[i].name + ".csv";
    return out + ".\nload.R and load.sps read them into R and SPSS.\n\n" + research_use_caution() +
           "\n";
}

// The caution as the workbook's last sheet.
NamedTable about_sheet() {
    Table t;
    t.header = {"note"};
    t.numeric = {false};
    t.rows = {{research_use_caution()}};
    return {"about", t};
}

ExportFiles analysis_files(const StudyExport& e) {
    const auto tables = analysis_tables(e);
    ExportFiles out;
    for (const auto& [name, t] : tables)
        out.files.push_back({name + ".csv", render(t, OutputFormat::Csv), {}});
    out.files.push_back({"load.R", r_loader(tables, e), {}});
    out.files.push_back({"load.sps", spss_syntax(tables, e), {}});
    out.files.push_back({"README.txt", readme_text(tables, e), {}});
    return out;
}

ExportFiles xlsx_file(const std::string& stem, const StudyExport& e) {
    auto sheets = analysis_tables(e);
    sheets.push_back(about_sheet());
    auto tables = std::make_shared<const std::vector<NamedTable>>(std::move(sheets));
    ExportFiles out;
    out.files.push_back({stem + ".xlsx", "",
                         [tables](const std::string& path) { return write_xlsx(path, *tables); }});
    out.notes.push_back(std::to_string(tables->size()) + " sheets");
    return out;
}

ExportFiles eaf_files(const StudyExport& e, const std::string& written_at) {
    ExportFiles out;
    std::set<std::string> stems;
    for (const auto& p : e.passes) {
        const auto obs = observation_of(p, true);
        const auto eaf = write_eaf(obs, ethogram_of(p.scheme), "Attune", written_at + "+00:00");
        if (eaf.skipped > 0)
            out.notes.push_back(obs.id + ": " + std::to_string(eaf.skipped) +
                                " states still running left out (ELAN annotations need an end)");
        out.files.push_back({unique_name(obs.id, ".eaf", stems, out.notes), eaf.xml, {}});
    }
    return out;
}

ExportFiles boris_tables_files(const StudyExport& e, bool tabular) {
    const auto project = boris_project_of(e);
    ExportFiles out;
    std::set<std::string> stems;
    for (const auto& obs : project.observations)
        out.files.push_back({unique_name(obs.id, ".tsv", stems, out.notes),
                             tabular ? boris_tabular_events(project, obs, '\t')
                                     : boris_aggregated_events(project, obs),
                             {}});
    return out;
}

}  // namespace

const std::vector<std::string>& export_formats() {
    static const std::vector<std::string> formats = {
        "csv", "xlsx", "boris", "boris-tabular", "boris-aggregated", "eaf", "sdis"};
    return formats;
}

std::string export_format_label(const std::string& format) {
    if (format == "csv") return "Tidy CSV tables, with R and SPSS loaders";
    if (format == "xlsx") return "Excel workbook (XLSX), one sheet per table";
    if (format == "boris") return "BORIS project (.boris)";
    if (format == "boris-tabular") return "BORIS tabular events (TSV, one per pass)";
    if (format == "boris-aggregated") return "BORIS aggregated events (TSV, one per pass)";
    if (format == "eaf") return "ELAN documents (.eaf, one per pass)";
    if (format == "sdis") return "SDIS for GSEQ (.sds)";
    return format;
}

Result<ExportFiles> export_files(const std::string& format, const std::string& stem,
                                 const StudyExport& e, const std::string& written_at) {
    if (format == "csv") return analysis_files(e);
    if (format == "xlsx") return xlsx_file(stem, e);
    if (format == "sdis") return ExportFiles{{{stem + ".sds", sdis_text(e, written_at), {}}}, {}};
    if (format == "eaf") return eaf_files(e, written_at);
    if (format == "boris-tabular" || format == "boris-aggregated")
        return boris_tables_files(e, format == "boris-tabular");
    if (format == "boris") {
        auto text = write_boris(boris_project_of(e), written_at);
        if (!text) return text.error();
        return ExportFiles{{{stem + ".boris", std::move(*text), {}}}, {}};
    }
    return Error{"unknown export format " + format};
}

Result<std::vector<std::string>> write_export(const std::string& folder, const ExportFiles& files,
                                              bool replace, const std::string& how_to_replace) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (!fs::is_directory(folder, ec))
        return Error{"cannot make the folder " + folder + "; choose a folder you can write to"};
    std::vector<std::string> paths;
    for (const auto& f : files.files) {
        const std::string path = (fs::path(folder) / f.name).string();
        if (fs::is_directory(path, ec))
            return Error{path +
                         " is a folder; choose another folder to export into; nothing "
                         "was written"};
        if (is_attune_study(path))
            return Error{path +
                         " is an Attune study; an export never writes over a study "
                         "(choose another folder); nothing was written"};
        if (fs::exists(path, ec) && !replace)
            return Error{path + " exists (an earlier export?); " + how_to_replace +
                         ", or choose another folder; nothing was written"};
        paths.push_back(path);
    }
    for (size_t i = 0; i < files.files.size(); ++i) {
        const auto& f = files.files[i];
        auto ok = f.write ? write_output(paths[i], f.write) : write_text_output(paths[i], f.text);
        if (!ok) return ok.error();
    }
    return paths;
}

std::string export_time_now() {
    const std::time_t t = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
    return buf;
}

std::string exported_what(const ExportOptions& o, const StudyExport& e) {
    return std::to_string(e.passes.size()) + (e.passes.size() == 1 ? " pass, " : " passes, ") +
           (o.with_coders ? "coder names" : "coders as 'coder N'") +
           (o.with_paths ? ", recording paths" : ", no recording paths");
}

}  // namespace attune::interop
