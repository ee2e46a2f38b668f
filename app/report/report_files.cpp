#include "report_files.hpp"

#include "attune/coding/consent.hpp"
#include "attune/coding/dates.hpp"
#include "attune/coding/file_identity.hpp"
#include "attune/coding/output_file.hpp"
#include "attune/coding/records.hpp"
#include "attune/video/frame_png.hpp"

namespace attune::report {
namespace fs = std::filesystem;

ChosenPlan plan_of_pass(Study& study, const Pass& pass) {
    ChosenPlan plan{pass, visit_plan(study, pass.id), {}};
    for (const Session& s : list_sessions(study))
        for (const PlanItem& i : plan.items)
            if (i.session == s.label) plan.sessions[s.label] = s;
    return plan;
}

// The plan's recordings: no output may be written over one of them.
std::vector<std::string> plan_inputs(Study& study, const ChosenPlan& plan) {
    std::vector<std::string> inputs = {study.path()};
    for (const auto& [label, s] : plan.sessions)
        if (s.recording_path)
            inputs.push_back(resolve_recording_path(study.path(), *s.recording_path));
    return inputs;
}

// Each file written is recorded, one by one (so deleting a film's derived files later
// removes exactly these and never a folder the user keeps other things in), all in one
// change. An export that cannot be recorded is not left behind: its files are removed.
Status record_exports(Study& study, const ChosenPlan& plan, const std::string& kind,
                      const std::vector<std::string>& paths) {
    std::vector<int64_t> sessions;
    for (const auto& [label, s] : plan.sessions) sessions.push_back(s.id);
    std::vector<std::string> absolute;
    for (const auto& p : paths) absolute.push_back(fs::absolute(p).lexically_normal().string());
    auto ok = record_media_exports(study, sessions, kind, absolute);
    if (ok) return ok;
    std::error_code ec;
    for (const auto& p : paths) fs::remove(p, ec);
    return Error{"the " + kind + " could not be recorded in the study, so it was removed again: " +
                 ok.error().message};
}

namespace {

// Refused when a file to write is a folder, one of `inputs`, or exists (without `force`).
Status check_folder_outputs(const fs::path& dir, const std::vector<std::string>& names, bool force,
                            const std::vector<std::string>& inputs) {
    std::error_code ec;
    for (const auto& n : names) {
        const fs::path f = dir / n;
        for (const auto& in : inputs)
            if (fs::equivalent(f, in, ec))
                return Error{f.string() + " is an input of this command"};
        if (fs::is_directory(f, ec)) return Error{f.string() + " is a folder in the way"};
        if (fs::exists(f, ec) && !force)
            return Error{f.string() + " exists; give another --out folder or --force"};
    }
    return ok_status();
}

// Moves the written files from `temp` into `dir`. A file replaced (--force) is first moved
// aside into `temp`, so that on a failure every file is put back as it was.
Status move_into(const fs::path& temp, const fs::path& dir, const std::vector<std::string>& names) {
    std::error_code ec;
    std::vector<std::string> moved, kept;
    auto undo = [&](const std::string& why) -> Status {
        for (const auto& n : moved) fs::remove(dir / n, ec);
        for (const auto& n : kept) fs::rename(temp / (n + ".old"), dir / n, ec);
        return Error{why};
    };
    for (const auto& n : names) {
        if (fs::exists(dir / n, ec)) {
            fs::rename(dir / n, temp / (n + ".old"), ec);
            if (ec) return undo("cannot replace " + (dir / n).string() + ": " + ec.message());
            kept.push_back(n);
        }
        fs::rename(temp / n, dir / n, ec);
        if (ec) return undo("cannot move " + n + " into " + dir.string() + ": " + ec.message());
        moved.push_back(n);
    }
    return ok_status();
}

// The plan's stills go into the report only with consent for export of every film they
// come from; they are written into `temp` and inlined, so the report stands alone. Why any
// are left out is said in the report in words that name no one and no file.
bool add_report_stills(Study& study, const Pass& pass, SessionReport& r, const fs::path& temp,
                       const IndexOf& index_of) {
    if (r.plan.empty()) return false;
    const ChosenPlan plan = plan_of_pass(study, pass);
    for (const auto& [label, s] : plan.sessions)
        if (consent_refusal(study, s.id, "export", local_date_today())) {
            r.plan_note = "Stills are left out: the film of session " + label +
                          " has no consent for export in force.";
            return false;
        }
    size_t missing = 0;
    for (size_t i = 0; i < plan.items.size(); ++i) {
        const auto& freeze = plan.items[i].moment.freeze;
        if (!freeze) continue;
        const Session& s = plan.sessions.at(plan.items[i].session);
        auto index = index_of(s);
        const std::string png = (temp / ("still-" + std::to_string(i + 1) + ".png")).string();
        if (index && video::write_frame_png(resolve_recording_path(study.path(), *s.recording_path),
                                            *index, freeze->frame, png))
            r.plan[i].still_png = png;
        else
            ++missing;
    }
    if (missing)
        r.plan_note = std::to_string(missing) +
                      " stills could not be made: a recording is not at hand or cannot be read.";
    return true;
}

}  // namespace

// Writes `names` into the folder `dir` (checked by check_folder_outputs), by `write` into a
// temporary folder inside it, then moved into place. On any failure nothing is left: files
// moved are removed again, and `dir` too when this made it.
Status write_into_folder(const fs::path& dir, const std::vector<std::string>& names, bool force,
                         const std::vector<std::string>& inputs,
                         const std::function<Status(const fs::path& temp)>& write) {
    if (auto bad = check_folder_outputs(dir, names, force, inputs); !bad) return bad;
    std::error_code ec;
    const bool made = !fs::exists(dir, ec);
    if (made && !fs::create_directory(dir, ec))
        return Error{"cannot make the folder " + dir.string() + ": " + ec.message() +
                     " (its parent folder must exist)"};
    const fs::path temp = dir / ".attune-output.partial";
    fs::remove_all(temp, ec);
    Status ok = fs::create_directory(temp, ec)
                    ? write(temp)
                    : Status(Error{"cannot write into " + dir.string() + ": " + ec.message()});
    if (ok) ok = move_into(temp, dir, names);
    fs::remove_all(temp, ec);
    if (ok) return ok;
    if (made) fs::remove(dir, ec);
    return Error{ok.error().message + "; nothing was written"};
}

Result<std::shared_ptr<const video::FrameIndex>> film_index(
    Study& study, const Session& session, const std::function<void(double)>& progress) {
    if (!session.recording_path)
        return Error{"session " + session.label +
                     " has no recording; give it one (Locate... in "
                     "the workstation) first"};
    const std::string path = resolve_recording_path(study.path(), *session.recording_path);
    auto identity = file_identity(path);
    if (!identity)
        return Error{"the recording of session " + session.label + " (" + path +
                     ") is not there: " + identity.error().message};
    if (session.recording_identity && *identity != *session.recording_identity)
        return Error{path + " is not the recording session " + session.label +
                     " was coded on; nothing was changed"};
    if (auto bytes = load_media_index(study, *identity))
        if (auto stored = video::FrameIndex::deserialize(*bytes))
            return std::make_shared<const video::FrameIndex>(std::move(*stored));
    auto index = video::build_frame_index(path, progress);
    if (!index) return Error{path + ": " + index.error().message};
    // Not stored: a command that only reads the recording leaves the study as it was (the
    // workstation keeps the index it builds).
    return std::make_shared<const video::FrameIndex>(std::move(*index));
}

Result<ReportFiles> write_report_files(Study& study, const Pass& pass, const ReportOptions& options,
                                       const std::string& dir, bool force,
                                       const IndexOf& index_of) {
    auto r = build_session_report(study, pass.id, options);
    if (!r) return r.error();
    const fs::path folder(dir), html = folder / "report.html", pdf = folder / "report.pdf";
    bool stills = false;
    auto write = [&](const fs::path& temp) -> Status {
        stills = add_report_stills(study, pass, *r, temp, index_of);
        auto ok = write_text_output((temp / "report.html").string(), report_html(*r));
        if (!ok) return ok;
        return write_report_pdf(*r, (temp / "report.pdf").string());
    };
    const ChosenPlan plan = plan_of_pass(study, pass);
    if (auto wrote = write_into_folder(folder, {"report.html", "report.pdf"}, force,
                                       plan_inputs(study, plan), write);
        !wrote)
        return wrote.error();
    if (stills)
        if (auto recorded = record_exports(study, plan, "report", {html.string(), pdf.string()});
            !recorded)
            return recorded.error();
    return ReportFiles{html.string(), pdf.string(), r->plan_note};
}

}  // namespace attune::report
