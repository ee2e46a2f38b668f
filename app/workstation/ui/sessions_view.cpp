#include "sessions_view.hpp"

#include <imgui.h>

#include <filesystem>
#include <map>

#include "attune/coding/file_identity.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/study_queries.hpp"
#include "attune/coding/validity.hpp"
#include "attune/video/probe.hpp"
#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {
namespace fs = std::filesystem;

namespace {

bool recording_exists(const std::string& study_path, const std::optional<std::string>& rec) {
    std::error_code ec;
    return rec && fs::exists(resolve_recording_path(study_path, *rec), ec);
}

// Why a file cannot be a session's recording, or nothing when FFmpeg opens it as video.
std::optional<std::string> not_a_recording(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return path + " is not a file";
    if (fs::file_size(path, ec) == 0) return path + " is empty (0 bytes), not a recording";
    if (fs::path(path).extension() == ".attune")
        return path + " is a study file, not a recording (open it with Study > Open study...)";
    auto probed = video::probe(path);
    if (!probed) return path + " cannot be opened as video (" + probed.error().message + ")";
    if (!probed->video) return path + " cannot be opened as video: it has no video stream";
    return std::nullopt;
}

Result<std::vector<SessionRow>> load_rows(const std::string& path, const std::string& user,
                                          const std::atomic<bool>& cancel,
                                          const std::function<void(double)>& progress) {
    auto study = Study::open(path, user);
    if (!study) return study.error();
    std::vector<SessionRow> rows;
    std::map<int64_t, size_t> by_session;
    for (auto& s : list_sessions(*study)) {
        by_session[s.id] = rows.size();
        const bool found = recording_exists(path, s.recording_path);
        rows.push_back({std::move(s), found, {}});
    }
    std::map<int64_t, Scheme> schemes;
    const auto passes = list_passes(*study);
    for (size_t i = 0; i < passes.size() && !cancel; ++i) {
        const Pass& p = passes[i];
        progress(static_cast<double>(i) / static_cast<double>(passes.size()));
        auto it = schemes.find(p.scheme_snapshot_id);
        if (it == schemes.end()) {
            auto scheme = load_scheme_snapshot(*study, p.scheme_snapshot_id);
            if (!scheme) continue;
            it = schemes.emplace(p.scheme_snapshot_id, std::move(*scheme)).first;
        }
        const PassContent content = load_pass_content(*study, it->second, p.id);
        PassSummary sum{p.id, p.coder, to_string(p.role), "", content.events.size(), 0, 0};
        if (content.classification) sum.classification = content.classification->code;
        for (const auto& issue : check_validity(it->second, content)) {
            if (issue.severity == ValidityIssue::Severity::Error)
                ++sum.errors;
            else if (issue.severity == ValidityIssue::Severity::Warning)
                ++sum.warnings;
        }
        if (auto row = by_session.find(p.session_id); row != by_session.end())
            rows[row->second].passes.push_back(sum);
    }
    return rows;
}

// Where the session stands: the counted pass's classification, and whether a second
// coder has coded it for reliability.
std::string session_status(const SessionRow& row) {
    if (row.passes.empty()) return "not started";
    std::string counted, status = "coding";
    bool reliability = false;
    for (const PassSummary& p : row.passes) {
        if (p.role == "reliability")
            reliability = true;
        else if (!p.classification.empty() && (counted.empty() || p.role == "consensus"))
            counted = p.classification;
    }
    if (!counted.empty()) status = "classified " + counted;
    return reliability ? status + " + reliability pass" : status;
}

}  // namespace

void SessionsView::reload(Workbench& wb) {
    loaded_path_ = wb.study->path();
    loaded_changes_ = wb.study_changes;
    loading_ = wb.tasks.start<std::vector<SessionRow>>(
        "Reading sessions",
        [path = loaded_path_, user = wb.user](const auto& progress, const auto& cancel) {
            return load_rows(path, user, cancel, progress);
        });
}

namespace {

// Before a study is open: new, open, or one of the recent studies.
void draw_welcome(Workbench& wb) {
    ImGui::TextUnformatted("Attune: frame-exact coding of parent-child observation video.");
    ImGui::Spacing();
    if (ImGui::Button("New study... (Ctrl+N)")) wb.post(intent::Run{"new-study"});
    ImGui::SameLine();
    if (ImGui::Button("Open study... (Ctrl+O)")) wb.post(intent::Run{"open-study"});
    ImGui::Spacing();
    ImGui::TextUnformatted("Recent studies:");
    for (const auto& path : wb.prefs.recent_studies)
        if (ImGui::Selectable(path.c_str())) wb.post(intent::OpenStudy{path});
    if (wb.prefs.recent_studies.empty()) ImGui::TextDisabled("none yet");
}

// The recording cell: its file name, or "missing" with a way to locate it.
void draw_recording_cell(Workbench& wb, const SessionRow& row) {
    const Session& s = row.session;
    if (!s.recording_path) {
        ImGui::TextDisabled("none");
    } else if (row.recording_found) {
        ImGui::TextUnformatted(fs::path(*s.recording_path).filename().c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.recording_path->c_str());
    } else {
        ImGui::TextColored(palette::kTextError, "missing");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Not found: %s", s.recording_path->c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Locate..."))
            wb.post(intent::ChooseFile{intent::FileChoice::LocateRecording, s.id});
    }
}

// The passes cell, a button per pass (each opens as itself), and the validity cell.
void draw_pass_cells(Workbench& wb, const SessionRow& row) {
    const Session& s = row.session;
    size_t errors = 0, warnings = 0;
    for (const PassSummary& p : row.passes) {
        const std::string label = p.coder + " " + p.role + ": " + std::to_string(p.events) +
                                  " events" +
                                  (p.classification.empty() ? "" : ", " + p.classification);
        if (ImGui::SmallButton(label.c_str()))
            wb.post(intent::OpenSession{s, *pass_role_from(p.role), p.coder});
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Open %s's %s pass", p.coder.c_str(), p.role.c_str());
        errors += p.errors, warnings += p.warnings;
    }
    if (row.passes.empty()) ImGui::TextDisabled("not coded yet");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(session_status(row).c_str());
    ImGui::TableNextColumn();
    if (row.passes.empty())
        ImGui::TextDisabled("-");
    else if (errors)
        ImGui::TextColored(palette::kTextError, "%zu errors, %zu warnings", errors, warnings);
    else if (warnings)
        ImGui::TextColored(palette::kTextWarning, "%zu warnings", warnings);
    else
        ImGui::TextColored(palette::kTextOk, "ok");
}

}  // namespace

void SessionsView::draw(Workbench& wb) {
    if (!wb.study) {
        draw_welcome(wb);
        return;
    }
    const int frame = ImGui::GetFrameCount();
    if (frame - last_frame_ > 1 || loaded_path_ != wb.study->path() ||
        loaded_changes_ != wb.study_changes)
        reload(wb);
    last_frame_ = frame;
    if (loading_.ready()) {
        auto rows = loading_.take();
        if (rows)
            rows_ = std::move(*rows);
        else
            wb.notify(rows.error().message, true);
    }
    draw_toolbar(wb);
    if (loading_.running()) progress_line("Reading sessions", loading_.progress());

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("sessions", 8, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h :
         {"Session", "Participant", "Date", "Recording", "Coding passes", "Status", "Validity", ""})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const SessionRow& row : rows_) draw_row(wb, row);
    ImGui::EndTable();
    if (rows_.empty() && !loading_.running())
        ImGui::TextDisabled("No sessions yet: add one from a recording, or drop video files here.");
}

// The question about a recording added twice, then adding, the role to open as, the coder.
void SessionsView::draw_toolbar(Workbench& wb) {
    if (wb.view.add_again) {  // a dropped recording that is already a session's: ask
        ImGui::TextColored(palette::kTextAlreadyThere, "%s is already in the study.",
                           wb.view.add_again->c_str());
        ImGui::SameLine();
        if (ImGui::Button("Add again")) wb.post(intent::AnswerAddAgain{true});
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) wb.post(intent::AnswerAddAgain{false});
    }
    ImGui::Text("Sessions of %s", fs::path(wb.study->path()).filename().c_str());
    ImGui::SameLine();
    if (ImGui::Button("Add session from a recording..."))
        wb.post(intent::ChooseFile{intent::FileChoice::AddRecording, 0});
    help_marker(
        "Or drop video files onto the window: each becomes a session named after its file.");
    ImGui::SameLine();
    ImGui::TextUnformatted("Open as:");
    ImGui::SameLine();
    if (ImGui::RadioButton("primary", role_ == PassRole::Primary)) role_ = PassRole::Primary;
    ImGui::SameLine();
    if (ImGui::RadioButton("reliability", role_ == PassRole::Reliability))
        role_ = PassRole::Reliability;
    ImGui::SameLine();
    if (ImGui::RadioButton("consensus", role_ == PassRole::Consensus)) role_ = PassRole::Consensus;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(140);
    if (input_text("Coder", wb.user, ImGuiInputTextFlags_EnterReturnsTrue) && !wb.user.empty()) {
        wb.prefs.coder = wb.user;
        save_preferences(wb.config_dir, wb.prefs);
    }
    help_marker(
        "Who you are: Code opens (or starts) your own pass of the session in the role "
        "chosen. Each pass listed opens as the coder who made it.");
}

void SessionsView::draw_row(Workbench& wb, const SessionRow& row) {
    const Session& s = row.session;
    ImGui::PushID(static_cast<int>(s.id));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::Selectable(s.label.c_str(), false,
                          ImGuiSelectableFlags_SpanAllColumns |
                              ImGuiSelectableFlags_AllowItemOverlap |
                              ImGuiSelectableFlags_AllowDoubleClick) &&
        ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
        wb.post(intent::OpenSession{s, role_, std::nullopt});
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(s.participant.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(s.date.value_or("").c_str());
    ImGui::TableNextColumn();
    draw_recording_cell(wb, row);
    ImGui::TableNextColumn();
    draw_pass_cells(wb, row);
    ImGui::TableNextColumn();
    if (ImGui::SmallButton(("Code as " + wb.user).c_str()))
        wb.post(intent::OpenSession{s, role_, std::nullopt});
    ImGui::PopID();
}

Status add_recording_session(Workbench& wb, const std::string& path, bool again) {
    if (!wb.study) return Error{"open or create a study first"};
    if (auto why = not_a_recording(path)) return Error{*why + ". It was not added."};
    auto identity = file_identity(path);
    if (!identity) return identity.error();
    const std::string full = fs::absolute(path).lexically_normal().string();
    if (!again) {
        for (const Session& s : list_sessions(*wb.study)) {
            std::error_code ec;
            const bool same_file =
                s.recording_path &&
                fs::equivalent(resolve_recording_path(wb.study->path(), *s.recording_path), path,
                               ec);
            if (s.recording_identity != *identity && !same_file) continue;
            wb.view.add_again = path;
            wb.view.screen = Screen::Sessions;  // where the question is
            wb.notify(fs::path(path).filename().string() + " is already the recording of session " +
                      s.label + ". Add it again as another session? (Add again / Cancel)");
            return ok_status();
        }
    }
    const std::string stem = fs::path(path).stem().string();
    Session s;
    s.label = stem;
    for (int n = 2; find_session(*wb.study, s.label); ++n) s.label = stem + "-" + std::to_string(n);
    s.participant = stem.substr(0, std::min(stem.find_first_of("-_ ."), stem.size()));
    s.recording_path = full;
    s.recording_identity = *identity;
    auto added = add_session(*wb.study, s);
    if (!added) return added.error();
    ++wb.study_changes;
    wb.notify("Added session " + s.label + " (participant " + s.participant + ")");
    return ok_status();
}

Status answer_add_again(Workbench& wb, bool add) {
    if (!wb.view.add_again) return Error{"no dropped recording is waiting for an answer"};
    const std::string path = *wb.view.add_again;
    wb.view.add_again.reset();
    if (!add) {
        wb.notify(fs::path(path).filename().string() + " was not added again");
        return ok_status();
    }
    return add_recording_session(wb, path, true);
}

Status locate_recording(Workbench& wb, int64_t session_id, const std::string& path) {
    if (!wb.study) return Error{"open a study first"};
    if (auto why = not_a_recording(path)) return Error{*why + ". The session was not changed."};
    auto identity = file_identity(path);
    if (!identity) return identity.error();
    std::optional<Session> before;
    for (auto& s : list_sessions(*wb.study))
        if (s.id == session_id) before = s;
    if (!before) return Error{"the session is no longer in the study"};
    // The session keeps the identity of the recording it was added with, so a different
    // file is shown only after a coder confirms it (and that is noted in the study).
    const std::string full = fs::absolute(path).lexically_normal().string();
    auto ok = set_session_recording(*wb.study, session_id, full,
                                    before->recording_identity.value_or(*identity));
    if (!ok) return ok;
    ++wb.study_changes;
    before->recording_path = full;
    if (wb.pass && wb.pass->session().id == session_id) {  // the same pass, on the file found
        const Pass open = wb.pass->pass();
        if (auto reopened = wb.open_session(*before, open.role, open.coder); !reopened)
            return reopened;
    }
    if (before->recording_identity && *before->recording_identity != *identity)
        wb.notify(fs::path(path).filename().string() +
                      " is not the recording this session was coded on; it plays only after a "
                      "coder confirms it",
                  true);
    return ok_status();
}

}  // namespace attune::app::ui
