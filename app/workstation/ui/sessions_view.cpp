#include "sessions_view.hpp"

#include <imgui.h>

#include <filesystem>
#include <map>

#include "attune/coding/blinding.hpp"
#include "attune/coding/file_identity.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/review_status.hpp"
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
    const auto hidden = passes_hidden_from(*study, user);
    for (size_t i = 0; i < passes.size() && !cancel; ++i) {
        const Pass& p = passes[i];
        progress(static_cast<double>(i) / static_cast<double>(passes.size()));
        if (hidden.count(p.id)) {  // blind: that it exists, nothing of what it holds
            PassSummary sum{p.id, p.coder, to_string(p.role), "", 0, 0, 0, {}, false};
            sum.hidden = true;
            if (auto row = by_session.find(p.session_id); row != by_session.end())
                rows[row->second].passes.push_back(sum);
            continue;
        }
        auto it = schemes.find(p.scheme_snapshot_id);
        if (it == schemes.end()) {
            auto scheme = load_scheme_snapshot(*study, p.scheme_snapshot_id);
            if (!scheme) continue;
            it = schemes.emplace(p.scheme_snapshot_id, std::move(*scheme)).first;
        }
        const PassContent content = load_pass_content(*study, it->second, p.id);
        PassSummary sum{p.id, p.coder, to_string(p.role), "", content.events.size(), 0, 0,
                        {},   false};
        if (content.classification) sum.classification = content.classification->code;
        sum.signed_off = pass_sign_off(*study, p.id);
        sum.complete =
            it->second.codes.empty() ? !content.events.empty() : content.classification.has_value();
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

// Where the session stands in coding and review, and the counted pass's classification.
std::string session_status(const SessionRow& row) {
    std::vector<PassStanding> standing;
    std::string counted;
    for (const PassSummary& p : row.passes) {
        const PassRole role = pass_role_from(p.role).value_or(PassRole::Primary);
        standing.push_back({role, p.complete, p.signed_off.has_value()});
        if (role != PassRole::Reliability && !p.classification.empty() &&
            (counted.empty() || role == PassRole::Consensus))
            counted = p.classification;
    }
    const std::string stage = to_string(review_stage(standing));
    return counted.empty() ? stage : stage + ", " + counted;
}

}  // namespace

void SessionsView::reload(const ViewContext& cx) {
    loaded_path_ = cx.wb.study()->path();
    loaded_changes_ = cx.wb.study_changes();
    loading_ = cx.tasks.start<std::vector<SessionRow>>(
        "Reading sessions",
        [path = loaded_path_, user = cx.wb.user()](const auto& progress, const auto& cancel) {
            return load_rows(path, user, cancel, progress);
        });
}

namespace {

// Before a study is open: new, open, or one of the recent studies.
void draw_welcome(const ViewContext& cx) {
    ImGui::TextUnformatted("Attune: frame-exact coding of parent-child observation video.");
    ImGui::Spacing();
    if (ImGui::Button("New study... (Ctrl+N)")) cx.post(intent::Run{"new-study"});
    ImGui::SameLine();
    if (ImGui::Button("Open study... (Ctrl+O)")) cx.post(intent::Run{"open-study"});
    ImGui::Spacing();
    ImGui::TextUnformatted("Recent studies:");
    for (const auto& path : cx.wb.prefs().recent_studies)
        if (ImGui::Selectable(path.c_str())) cx.post(intent::OpenStudy{path});
    if (cx.wb.prefs().recent_studies.empty()) ImGui::TextDisabled("none yet");
}

// The recording cell: its file name, or "missing" with a way to locate it.
void draw_recording_cell(const ViewContext& cx, const SessionRow& row) {
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
            cx.post(intent::ChooseFile{intent::FileChoice::LocateRecording, s.id});
    }
}

}  // namespace

// The passes cell, a button per pass (each opens as itself), and the validity cell.
void SessionsView::draw_pass_cells(const ViewContext& cx, const SessionRow& row) {
    const Session& s = row.session;
    size_t errors = 0, warnings = 0;
    for (const PassSummary& p : row.passes) {
        if (p.hidden) {
            ImGui::TextDisabled("%s %s: hidden until unblinded", p.coder.c_str(), p.role.c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip(
                    "You code this session's reliability pass, so you are blind to "
                    "it until a supervisor unblinds the session "
                    "(attune-cli double-coding unblind).");
            continue;
        }
        const std::string label = p.coder + " " + p.role + ": " + std::to_string(p.events) +
                                  " events" +
                                  (p.classification.empty() ? "" : ", " + p.classification);
        if (ImGui::SmallButton(label.c_str()))
            cx.post(intent::OpenSession{s, *pass_role_from(p.role), p.coder});
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Open %s's %s pass", p.coder.c_str(), p.role.c_str());
        draw_sign_off(cx, p);
        errors += p.errors, warnings += p.warnings;
    }
    if (row.passes.empty()) ImGui::TextDisabled("not coded yet");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(session_status(row).c_str());
    draw_review_button(cx, row);
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

// A double-coded session the user may see whole: Review... opens its disagreement review.
void SessionsView::draw_review_button(const ViewContext& cx, const SessionRow& row) const {
    bool primary = false, reliability = false;
    for (const PassSummary& p : row.passes) {
        if (p.hidden) return;
        primary |= p.role == "primary";
        reliability |= p.role == "reliability";
    }
    if (!primary || !reliability) return;
    ImGui::SameLine();
    ImGui::PushID(static_cast<int>(row.session.id));
    if (ImGui::SmallButton("Review...")) cx.post(intent::OpenReview{row.session.label});
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Compare the primary and reliability passes, step through their disagreements and "
            "settle them into a consensus pass");
    ImGui::PopID();
}

// After a pass's button: "signed off" with Unlock..., or Sign off for another coder's pass.
void SessionsView::draw_sign_off(const ViewContext& cx, const PassSummary& p) {
    ImGui::PushID(static_cast<int>(p.id));
    ImGui::SameLine();
    if (p.signed_off) {
        ImGui::TextColored(palette::kTextOk, "signed off");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "Signed off by %s on %s: nothing in this pass can change until a "
                "supervisor unlocks it.",
                p.signed_off->who.c_str(), p.signed_off->at.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Unlock...")) {
            unlocking_ = p.id;
            unlock_reason_.clear();
        }
    } else if (p.coder != cx.wb.user()) {
        if (ImGui::SmallButton("Sign off")) cx.post(intent::SignOff{p.id});
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("As a supervisor (%s): lock %s's %s pass. Unlocking needs a reason.",
                              cx.wb.user().c_str(), p.coder.c_str(), p.role.c_str());
    }
    ImGui::PopID();
}

// Unlocking asks why; the reason is kept with the pass's sign-off history.
void SessionsView::draw_unlock_dialog(const ViewContext& cx) {
    if (!unlocking_) return;
    ImGui::OpenPopup("Unlock pass");
    if (!ImGui::BeginPopupModal("Unlock pass", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextUnformatted("Why is this pass unlocked? The reason is kept with its sign-off.");
    ImGui::SetNextItemWidth(420);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool entered = input_text("Reason", unlock_reason_, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::Button("Unlock") || entered) {
        cx.post(intent::Unlock{*unlocking_, unlock_reason_});
        unlocking_.reset();
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) {
        unlocking_.reset();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void SessionsView::draw(const ViewContext& cx) {
    if (!cx.wb.study()) {
        draw_welcome(cx);
        return;
    }
    const int frame = ImGui::GetFrameCount();
    if (frame - last_frame_ > 1 || loaded_path_ != cx.wb.study()->path() ||
        loaded_changes_ != cx.wb.study_changes())
        reload(cx);
    last_frame_ = frame;
    if (loading_.ready()) {
        auto rows = loading_.take();
        if (rows)
            rows_ = std::move(*rows);
        else
            cx.say(rows.error().message, true);
    }
    draw_toolbar(cx);
    if (loading_.running()) progress_line("Reading sessions", loading_.progress());

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("sessions", 8, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h :
         {"Session", "Participant", "Date", "Recording", "Coding passes", "Status", "Validity", ""})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const SessionRow& row : rows_) draw_row(cx, row);
    ImGui::EndTable();
    draw_unlock_dialog(cx);
    if (rows_.empty() && !loading_.running())
        ImGui::TextDisabled("No sessions yet: add one from a recording, or drop video files here.");
}

// The question about a recording added twice, then adding, the role to open as, the coder.
void SessionsView::draw_toolbar(const ViewContext& cx) {
    if (cx.wb.view().add_again) {  // a dropped recording that is already a session's: ask
        ImGui::TextColored(palette::kTextAlreadyThere, "%s is already in the study.",
                           cx.wb.view().add_again->c_str());
        ImGui::SameLine();
        if (ImGui::Button("Add again")) cx.post(intent::AnswerAddAgain{true});
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) cx.post(intent::AnswerAddAgain{false});
    }
    ImGui::Text("Sessions of %s", fs::path(cx.wb.study()->path()).filename().c_str());
    ImGui::SameLine();
    if (ImGui::Button("Add session from a recording..."))
        cx.post(intent::ChooseFile{intent::FileChoice::AddRecording, 0});
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
    if (!editing_coder_) coder_ = cx.wb.user();
    const bool entered = input_text("Coder", coder_, ImGuiInputTextFlags_EnterReturnsTrue);
    if (entered || ImGui::IsItemDeactivatedAfterEdit()) cx.post(intent::SetCoder{coder_});
    editing_coder_ = ImGui::IsItemActive();
    help_marker(
        "Who you are: Code opens (or starts) your own pass of the session in the role "
        "chosen. Each pass listed opens as the coder who made it.");
}

void SessionsView::draw_row(const ViewContext& cx, const SessionRow& row) {
    const Session& s = row.session;
    ImGui::PushID(static_cast<int>(s.id));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::Selectable(s.label.c_str(), false,
                          ImGuiSelectableFlags_SpanAllColumns |
                              ImGuiSelectableFlags_AllowItemOverlap |
                              ImGuiSelectableFlags_AllowDoubleClick) &&
        ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
        cx.post(intent::OpenSession{s, role_, std::nullopt});
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(s.participant.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(s.date.value_or("").c_str());
    ImGui::TableNextColumn();
    draw_recording_cell(cx, row);
    ImGui::TableNextColumn();
    draw_pass_cells(cx, row);
    ImGui::TableNextColumn();
    if (ImGui::SmallButton(("Code as " + cx.wb.user()).c_str()))
        cx.post(intent::OpenSession{s, role_, std::nullopt});
    ImGui::PopID();
}

}  // namespace attune::app::ui
