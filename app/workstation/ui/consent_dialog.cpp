#include "consent_dialog.hpp"

#include <imgui.h>

#include <algorithm>
#include <iterator>

#include "attune/coding/dates.hpp"
#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {

void ConsentDialog::open(std::map<std::string, std::vector<std::pair<std::string, int64_t>>> films,
                         const std::string& recorded_by) {
    open_ = true;
    films_ = std::move(films);
    if (!films_.count(participant_)) participant_ = films_.empty() ? "" : films_.begin()->first;
    session_id_ = 0;
    if (recorded_by_.empty()) recorded_by_ = recorded_by;
    history_at_ = ~uint64_t{0};  // read again
    ImGui::SetWindowFocus("Consent###consent");
}

void ConsentDialog::draw(const ViewContext& cx) {
    if (!begin_dialog("Consent###consent", &open_, 640, 0.15f)) return;
    ImGui::SetNextItemWidth(-150);
    if (ImGui::BeginCombo("Participant", participant_.c_str())) {
        for (const auto& [p, sessions] : films_)
            if (ImGui::Selectable(p.c_str(), p == participant_) && p != participant_) {
                participant_ = p, session_id_ = 0, until_.clear();  // nothing carried over
                std::fill(std::begin(uses_), std::end(uses_), false);
            }
        ImGui::EndCombo();
    }
    if (films_.empty()) {
        ImGui::TextUnformatted("The study has no sessions yet: add a recording first.");
        ImGui::End();
        return;
    }
    std::string film = "All of their recordings";
    for (const auto& [label, id] : films_[participant_])
        if (id == session_id_) film = "Session " + label + " only";
    ImGui::SetNextItemWidth(-150);
    if (ImGui::BeginCombo("Films", film.c_str())) {
        if (ImGui::Selectable("All of their recordings", session_id_ == 0)) session_id_ = 0;
        for (const auto& [label, id] : films_[participant_])
            if (ImGui::Selectable(("Session " + label + " only").c_str(), id == session_id_))
                session_id_ = id;
        ImGui::EndCombo();
    }
    ImGui::TextUnformatted("Allowed uses (none ticked: consent withdrawn):");
    for (size_t i = 0; i < 4; ++i) {
        if (i > 0) ImGui::SameLine();
        ImGui::Checkbox(kConsentUses[i], &uses_[i]);
    }
    ImGui::SetNextItemWidth(160);
    input_text("Last day of use (YYYY-MM-DD, or empty)", until_);
    ImGui::SetNextItemWidth(-150);
    input_text("Recorded by", recorded_by_);
    const bool date_ok = until_.empty() || is_calendar_date(until_);
    if (!date_ok) ImGui::TextColored(palette::kTextError, "The last day is not a date YYYY-MM-DD");
    ImGui::BeginDisabled(participant_.empty() || recorded_by_.empty() || !date_ok);
    const bool withdrawal =
        std::none_of(std::begin(uses_), std::end(uses_), [](bool b) { return b; });
    if (ImGui::Button(withdrawal ? "Record a withdrawal (no use allowed)" : "Record consent")) {
        intent::RecordConsent r{participant_, std::nullopt, {}, std::nullopt, recorded_by_};
        if (session_id_ != 0) r.session_id = session_id_;
        for (size_t i = 0; i < 4; ++i)
            if (uses_[i]) r.uses.emplace_back(kConsentUses[i]);
        if (!until_.empty()) r.until = until_;
        cx.post(std::move(r));
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Close")) open_ = false;
    ImGui::Separator();
    draw_history();
    ImGui::End();
}

void ConsentDialog::draw_history() {
    ImGui::Text("Consent history (%zu records; the newest governs, see docs/feedback.md)",
                history_.size());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("consents", 5, flags, ImVec2(0, 180))) return;
    for (const char* h : {"Participant", "Films", "Uses", "Until", "Recorded"})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(it->participant.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(it->session ? it->session->c_str() : "all");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(it->uses_text().c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(it->until.value_or("-").c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%s, %s", it->recorded_by.c_str(), it->recorded_at.substr(0, 10).c_str());
    }
    ImGui::EndTable();
}

}  // namespace attune::app::ui
