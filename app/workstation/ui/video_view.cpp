#include "video_view.hpp"

#include <imgui.h>

#include <algorithm>

#include "attune/coding/episodes.hpp"
#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {
namespace {

void overlay(const ViewContext& cx, ImVec2 min, ImVec2 max) {
    const auto now = cx.wb.media()->now();
    if (!now) return;
    std::string episode = "-";
    if (cx.wb.pass()) {
        if (const EpisodeSpan* ep = episode_at(cx.wb.pass()->content().episodes, now->frame)) {
            const EpisodeDef* def = cx.wb.pass()->scheme().episode(ep->id);
            episode = def ? def->id + " " + def->label : ep->id;
        }
    }
    char text[256];
    std::snprintf(text, sizeof text, "%s   frame %lld   %s", format_time(now->t_us).c_str(),
                  static_cast<long long>(now->frame), episode.c_str());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 pad(palette::kOverlayPadX, palette::kOverlayPadY);
    const ImVec2 ts = ImGui::CalcTextSize(text);
    const ImVec2 at(min.x + palette::kOverlayMargin,
                    max.y - ts.y - 2 * pad.y - palette::kOverlayMargin);
    dl->AddRectFilled(at, ImVec2(at.x + ts.x + 2 * pad.x, at.y + ts.y + 2 * pad.y),
                      palette::kOverlayBackdrop, palette::kOverlayRounding);
    dl->AddText(ImVec2(at.x + pad.x, at.y + pad.y), palette::kOverlayText, text);
    if (cx.wb.media()->rate() != 1.0 || cx.wb.media()->playing()) {
        char state[48];
        std::snprintf(state, sizeof state, "%s %.2gx",
                      cx.wb.media()->playing() ? "playing" : "paused", cx.wb.media()->rate());
        const ImVec2 ss = ImGui::CalcTextSize(state);
        const ImVec2 s_at(max.x - ss.x - 2 * pad.x - palette::kOverlayMargin,
                          min.y + palette::kOverlayMargin);
        dl->AddRectFilled(s_at, ImVec2(s_at.x + ss.x + 2 * pad.x, s_at.y + ss.y + 2 * pad.y),
                          palette::kOverlayBackdrop, palette::kOverlayRounding);
        dl->AddText(ImVec2(s_at.x + pad.x, s_at.y + pad.y), palette::kOverlayPlayState, state);
    }
}

// Asks the window for the file dialog that points the open session at its recording.
void locate(const ViewContext& cx) {
    cx.post(intent::ChooseFile{intent::FileChoice::LocateRecording, cx.wb.pass()->session().id});
}

}  // namespace

ImVec4 fit_picture(float aspect, ImVec2 origin, ImVec2 area) {
    ImVec2 fit(area.x, area.x / aspect);
    if (fit.y > area.y) fit = ImVec2(area.y * aspect, area.y);
    return ImVec4(origin.x + (area.x - fit.x) / 2, origin.y + (area.y - fit.y) / 2, fit.x, fit.y);
}

VideoViewActions draw_video_view(const ViewContext& cx, const VideoRenderer& renderer,
                                 ImVec2 size) {
    VideoViewActions actions;
    ImGui::BeginChild("video", size, false, ImGuiWindowFlags_NoScrollbar);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::GetWindowDrawList()->AddRectFilled(
        origin, ImVec2(origin.x + avail.x, origin.y + avail.y), palette::kVideoBackground);
    const bool showing = cx.wb.presentation().has_value();  // a moment's film, not the pass's
    if (auto problem = cx.wb.media()->problem()) {
        ImGui::PushTextWrapPos(avail.x - 10);
        ImGui::TextColored(palette::kTextVideoProblem, "%s", problem->c_str());
        ImGui::PopTextWrapPos();
        if (showing)
            ImGui::TextWrapped("Esc ends the showing; open that session to locate its film.");
        else if (ImGui::Button("Locate recording..."))
            locate(cx);
    } else if (const auto& differs = cx.wb.media()->differs(); differs && showing) {
        ImGui::PushTextWrapPos(avail.x - 10);
        ImGui::TextColored(palette::kTextVideoDiffers, "%s.", differs->c_str());
        ImGui::TextWrapped(
            "This moment is not shown. Esc ends the showing; open its session to "
            "check the recording there.");
        ImGui::PopTextWrapPos();
    } else if (differs) {
        ImGui::PushTextWrapPos(avail.x - 10);
        ImGui::TextColored(palette::kTextVideoDiffers, "%s.", differs->c_str());
        ImGui::TextWrapped(
            "File: %s\nNothing plays and no key codes until you choose. Open anyway notes in "
            "the study that you accepted this file for this pass; the session keeps the "
            "identity of the recording it was added with.",
            cx.wb.media()->path().c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::Button("Open anyway")) cx.post(intent::OpenRecordingAnyway{});
        ImGui::SameLine();
        if (ImGui::Button("Locate the right file...")) locate(cx);
    } else if (!cx.wb.media()->ready() || !renderer.has_picture() || !cx.wb.media()->shown()) {
        ImGui::Dummy(ImVec2(0, avail.y * 0.45f));
        if (cx.wb.media()->indexing().running())
            progress_line("Indexing frames", cx.wb.media()->indexing().progress());
        else
            ImGui::TextDisabled("Opening the recording...");
    } else {
        const ImVec4 at = fit_picture(renderer.display_aspect(), origin, avail);
        const ImVec2 min(at.x, at.y), fit(at.z, at.w);
        ImGui::SetCursorScreenPos(min);
        ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(renderer.texture())), fit);
        if (ImGui::IsItemClicked()) cx.post(intent::Run{"play-pause"});
        actions.picture = ImVec4(min.x, min.y, fit.x, fit.y);
        overlay(cx, min, ImVec2(min.x + fit.x, min.y + fit.y));
    }
    ImGui::EndChild();
    return actions;
}

}  // namespace attune::app::ui
