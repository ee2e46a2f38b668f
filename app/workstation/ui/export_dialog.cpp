#include "export_dialog.hpp"

#include <imgui.h>

#include <algorithm>

#include "attune/coding/interop/export_files.hpp"
#include "widgets.hpp"

namespace attune::app::ui {

void ExportDialog::open(const std::vector<std::string>& session_labels) {
    open_ = true;
    sessions_ = session_labels;
    // De-identified each time it opens, whatever the last export asked for.
    choices_.with_coders = choices_.with_paths = choices_.replace = false;
    if (!choices_.session.empty() &&
        std::find(sessions_.begin(), sessions_.end(), choices_.session) == sessions_.end())
        choices_.session.clear();
    ImGui::SetWindowFocus("Export###export");
}

void ExportDialog::draw(const ViewContext& cx) {
    if (!begin_dialog("Export###export", &open_, 560, 0.3f)) return;
    ImGui::SetNextItemWidth(-110);
    if (ImGui::BeginCombo("Format", interop::export_format_label(choices_.format).c_str())) {
        for (const auto& f : interop::export_formats())
            if (ImGui::Selectable(interop::export_format_label(f).c_str(), choices_.format == f))
                choices_.format = f;
        ImGui::EndCombo();
    }
    ImGui::SetNextItemWidth(-110);
    if (ImGui::BeginCombo("Sessions",
                          choices_.session.empty() ? "Every session" : choices_.session.c_str())) {
        if (ImGui::Selectable("Every session", choices_.session.empty())) choices_.session.clear();
        for (size_t i = 0; i < sessions_.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(sessions_[i].c_str(), choices_.session == sessions_[i]))
                choices_.session = sessions_[i];
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    ImGui::TextDisabled("De-identified unless you tick these:");
    ImGui::Checkbox("Name the coders (else 'coder 1', 'coder 2', ...)", &choices_.with_coders);
    ImGui::Checkbox("Include recording paths", &choices_.with_paths);
    ImGui::Checkbox("Replace the files of an earlier export", &choices_.replace);
    ImGui::TextWrapped("Folder: %s",
                       choices_.folder.empty() ? "(not chosen yet)" : choices_.folder.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Choose...")) cx.post(intent::ChooseFile{intent::FileChoice::ExportFolder});
    ImGui::Separator();
    ImGui::BeginDisabled(choices_.folder.empty() || cx.wb.exporting());
    if (ImGui::Button("Export")) {
        cx.post(intent::StartExport{choices_});
        open_ = false;
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) open_ = false;
    ImGui::End();
}

}  // namespace attune::app::ui
