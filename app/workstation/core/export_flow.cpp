#include "export_flow.hpp"

#include <filesystem>

#include "attune/coding/blinding.hpp"
#include "attune/coding/interop/export_files.hpp"
#include "attune/coding/records.hpp"
#include "report_files.hpp"

namespace attune::app {

Task<std::string> start_report(TaskRunner& tasks, const std::string& study_path,
                               const std::string& user, const ReportChoices& c) {
    return tasks.start<std::string>(
        "Writing the report",
        [study_path, user, c](const auto& progress, const auto&) -> Result<std::string> {
            auto study = Study::open(study_path, user);  // its own connection
            if (!study) return study.error();
            auto pass = get_pass(*study, c.pass_id);
            if (!pass) return Error{"that pass is no longer in the study"};
            if (auto why = blind_refusal(*study, user, pass->id)) return Error{*why};
            auto wrote = report::write_report_files(
                *study, *pass, {c.with_coders, c.with_paths}, c.folder, c.replace,
                [&](const Session& film) { return report::film_index(*study, film, progress); });
            if (!wrote) return wrote.error();
            return "Wrote " + wrote->html + " and report.pdf" +
                   (wrote->note.empty() ? "" : ". " + wrote->note);
        });
}

Task<std::string> start_export(TaskRunner& tasks, const std::string& study_path,
                               const std::string& user, const ExportChoices& c) {
    return tasks.start<std::string>(
        "Exporting", [study_path, user, c](const auto&, const auto&) -> Result<std::string> {
            auto study = Study::open(study_path, user);  // its own connection
            if (!study) return study.error();
            const auto hidden = passes_hidden_from(*study, user);
            const size_t blind = sessions_blind_for(*study, user).size();
            interop::ExportOptions options;
            if (!c.session.empty()) options.session = c.session;
            options.with_paths = c.with_paths, options.with_coders = c.with_coders;
            auto e = interop::collect_export(*study, options, {hidden.begin(), hidden.end()});
            if (!e) return e.error();
            auto files =
                interop::export_files(c.format, std::filesystem::path(study_path).stem().string(),
                                      *e, interop::export_time_now());
            if (!files) return files.error();
            auto written = interop::write_export(
                c.folder, *files, c.replace,
                "tick 'Replace the files of an earlier export' to replace them");
            if (!written) return written.error();
            std::string said = "Exported " + std::to_string(written->size()) +
                               (written->size() == 1 ? " file" : " files") + " to " + c.folder +
                               ": " + interop::exported_what(options, *e);
            for (const auto& note : files->notes) said += "; " + note;
            if (blind > 0)
                said += "; " + std::to_string(blind) +
                        " sessions left out (you code their reliability pass and are blind "
                        "to the primary)";
            return said;
        });
}

}  // namespace attune::app
