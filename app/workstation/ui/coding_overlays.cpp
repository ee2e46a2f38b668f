#include "coding_overlays.hpp"

#include <imgui.h>

#include "attune/coding/workstation_keys.hpp"
#include "commands.hpp"
#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {

void draw_keymap_overlay(const ViewContext& cx) {
    if (!cx.ui.show_keymap) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
        ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.8f, vp->WorkSize.y * 0.8f));
    ImGui::SetNextWindowBgAlpha(0.95f);
    if (!ImGui::Begin("Key map (F1 or Esc closes)", &cx.ui.show_keymap,
                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::End();
        return;
    }
    const Screen screen = cx.wb.view().screen;
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableNextColumn();
        if (screen == Screen::Feedback || screen == Screen::Present) {
            // A scheme's keys never code here; these come first (Up and Down are moments').
            ImGui::TextUnformatted("Video feedback (this screen)");
            for (const WorkstationAction& a : feedback_actions())
                ImGui::Text("%-10.*s %.*s", static_cast<int>(a.chords.front().size()),
                            a.chords.front().data(), static_cast<int>(a.description.size()),
                            a.description.data());
        } else if (cx.wb.pass()) {
            const Scheme& scheme = cx.wb.pass()->scheme();
            ImGui::Text("Coding: %s", scheme.name.c_str());
            std::vector<std::string> subjects;
            if (!cx.wb.view().focal_subject.empty()) subjects.push_back(cx.wb.view().focal_subject);
            for (const Role& r : scheme.roles)
                if (r.id != cx.wb.view().focal_subject) subjects.push_back(r.id);
            subjects.push_back("procedure");
            for (const auto& subject : subjects) {
                bool header = false;
                for (const BehaviourDef& b : scheme.behaviours) {
                    if (b.subject != subject || b.key.empty()) continue;
                    if (!header) {
                        ImGui::Spacing();
                        ImGui::TextColored(
                            palette::kTextSubject, "%s%s", subject.c_str(),
                            subject == cx.wb.view().focal_subject ? " (current subject)" : "");
                        header = true;
                    }
                    ImGui::Text("%-10s %s%s", b.key.c_str(), b.label.c_str(),
                                b.is_state() ? "  [state: press to start, again to stop]" : "");
                }
            }
        } else {
            ImGui::TextDisabled("Open a session to see its scheme's keys.");
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("Workstation");
        for (const WorkstationAction& a : workstation_actions()) {
            const std::string chords = cx.wb.bindings().chords_text(a.name);
            ImGui::Text("%-24s %.*s", chords.c_str(), static_cast<int>(a.description.size()),
                        a.description.data());
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

void draw_modifier_chooser(const ViewContext& cx) {
    if (!cx.wb.view().pending || !cx.wb.pass()) return;
    const PendingCode& p = *cx.wb.view().pending;
    const BehaviourDef* b = cx.wb.pass()->scheme().behaviour(p.behaviour);
    const auto required = required_modifiers(*b);
    if (p.next >= required.size()) return;
    const ModifierDef& m = *required[p.next];
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.3f, vp->WorkPos.y + vp->WorkSize.y * 0.3f),
        ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::Begin("Modifier", nullptr,
                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoCollapse);
    ImGui::Text("%s at frame %lld: choose %s (%zu of %zu)", b->label.c_str(),
                static_cast<long long>(p.at.frame), m.id.c_str(), p.next + 1, required.size());
    ImGui::Separator();
    if (!m.values.empty()) {
        for (size_t i = 0; i < m.values.size() && i < 9; ++i) {
            char label[128];
            std::snprintf(label, sizeof label, "%zu  %s", i + 1, m.values[i].c_str());
            if (ImGui::Selectable(label)) cx.post(intent::ChooseModifier{m.values[i]});
        }
        ImGui::TextDisabled("Press 1-%zu, or Esc to cancel.", std::min<size_t>(m.values.size(), 9));
    } else {
        std::string& value = cx.ui.modifier_text;
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere(), value.clear();
        if (input_text("##value", value, ImGuiInputTextFlags_EnterReturnsTrue) && !value.empty())
            cx.post(intent::ChooseModifier{std::exchange(value, {})});
        ImGui::TextDisabled("Type the value and press Enter, or Esc to cancel.");
    }
    ImGui::End();
}

}  // namespace attune::app::ui
