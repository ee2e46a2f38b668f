#include "welcome_view.hpp"

#include <imgui.h>

#include <filesystem>

#include "attune/coding/version.hpp"

namespace attune::app {

WelcomeView::WelcomeView(std::optional<std::string> study) : study_(std::move(study)) {
    namespace fs = std::filesystem;
    if (!study_) {
        study_status_ = "No study or recording was named on the command line.";
    } else if (!fs::exists(*study_)) {
        study_status_ = "Not found: " + *study_ + ". Check the path, or run scripts/demo.";
    } else {
        const bool is_study = fs::path(*study_).extension() == ".attune";
        study_status_ = (is_study ? "Study: " : "Recording: ") + *study_;
    }
}

void WelcomeView::draw() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 size(vp->WorkSize.x * 0.6f, vp->WorkSize.y * 0.5f);
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + (vp->WorkSize.x - size.x) / 2,
                                   vp->WorkPos.y + (vp->WorkSize.y - size.y) / 2));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin("Attune", nullptr,
                 ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse);
    ImGui::Text("Attune %.*s", static_cast<int>(version().size()), version().data());
    ImGui::Separator();
    ImGui::TextWrapped(
        "Frame-exact coding of parent-child observation video: mark behaviours on the frame you "
        "see, rate the reunion episodes, classify, and tally across a study.");
    ImGui::Spacing();
    ImGui::TextWrapped("%s", study_status_.c_str());
    ImGui::Spacing();
    ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.35f, 1.0f), "Under construction");
    ImGui::TextWrapped(
        "This build has the foundation only: the window, the clip generator and the tests. "
        "The video view, timeline, coding, ratings and tallies arrive with the workstation "
        "issue; until then this window says so rather than pretend.");
    ImGui::Spacing();
    ImGui::TextDisabled("Close the window or press Esc to quit.");
    if (ImGui::IsKeyPressed(ImGuiKey_Escape)) {
        ImGui::End();
        quit_requested_ = true;
        return;
    }
    ImGui::End();
}

}  // namespace attune::app
