#include "report_dialog.hpp"

#include <imgui.h>

#include <algorithm>

#include "widgets.hpp"

namespace attune::app::ui {

void ReportDialog::open(std::vector<std::pair<int64_t, std::string>> passes, int64_t current) {
    open_ = true;
    passes_ = std::move(passes);
    // De-identified each time it opens, whatever the last report asked for.
    choices_.with_coders = choices_.with_paths = choices_.replace = false;
    const bool known = std::any_of(passes_.begin(), passes_.end(),
                                   [&](const auto& p) { return p.first == current; });
    choices_.pass_id = known ? current : passes_.empty() ? 0 : passes_.front().first;
    ImGui::SetWindowFocus("Report###report");
}

void ReportDialog::draw(const ViewContext& cx) {
    if (!begin_dialog("Report###report", &open_, 560, 0.3f)) return;
    const auto chosen = std::find_if(passes_.begin(), passes_.end(),
                                     [&](const auto& p) { return p.first == choices_.pass_id; });
    ImGui::SetNextItemWidth(-110);
    if (ImGui::BeginCombo("Pass", chosen == passes_.end() ? "(none)" : chosen->second.c_str())) {
        for (const auto& [id, label] : passes_) {
            ImGui::PushID(static_cast<int>(id));
            if (ImGui::Selectable(label.c_str(), id == choices_.pass_id)) choices_.pass_id = id;
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    ImGui::TextWrapped(
        "report.html (self-contained, prints well) and report.pdf: the timeline, episodes, "
        "ratings, classification with its evidence and the research-use caution, validity, and "
        "for a feedback case the visit plan, with stills when its films have consent for export.");
    ImGui::TextDisabled("De-identified unless you tick these:");
    ImGui::Checkbox("Name the coder (else the pass's role)", &choices_.with_coders);
    ImGui::Checkbox("Give the recording's path", &choices_.with_paths);
    ImGui::Checkbox("Replace a report written there before", &choices_.replace);
    ImGui::TextWrapped("Folder: %s",
                       choices_.folder.empty() ? "(not chosen yet)" : choices_.folder.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Choose...")) cx.post(intent::ChooseFile{intent::FileChoice::ReportFolder});
    ImGui::Separator();
    ImGui::BeginDisabled(choices_.folder.empty() || choices_.pass_id == 0 || cx.wb.exporting());
    if (ImGui::Button("Write")) {
        cx.post(intent::StartReport{choices_});
        open_ = false;
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) open_ = false;
    ImGui::End();
}

}  // namespace attune::app::ui
