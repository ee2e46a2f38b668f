#pragma once
// Video feedback (issue 14): the therapist's screens.
//
// Feedback (Ctrl+7): the open session's video and transport, its moments as a strip of their
// own under the picture (with the marks of the next one), the moment editor (theme from the
// case's protocol, kind, title, the caption the family reads, a private note, the freeze
// frame) and the visit plan (showing order, a script per moment, moments of other visits).
// Keys i / o / f mark, Ctrl+S saves, Up / Down go from moment to moment, Alt+Up / Alt+Down
// reorder the plan, F5 shows it to the family.
//
// Present: the plan shown. The family's view is the picture and the caption in large type,
// nothing else; the therapist's view keeps the plan, the script and the private note. With a
// second window (a second monitor, or --family-window) each has its window; with one, the
// workstation's window shows the family's view alone.
#include <imgui.h>

#include <optional>
#include <string>

#include "../video_renderer.hpp"
#include "workbench.hpp"

namespace attune::app::ui {

class FeedbackView {
  public:
    // The feedback screen; returns where the picture was drawn.
    std::optional<ImVec4> draw(const ViewContext& cx, const VideoRenderer& renderer);
    // The therapist's view while the plan is shown.
    std::optional<ImVec4> draw_therapist(const ViewContext& cx, const VideoRenderer& renderer);

  private:
    void draw_moment_strip(const ViewContext& cx, float width);
    void draw_editor(const ViewContext& cx);
    void draw_plan(const ViewContext& cx);
    void draw_script(const ViewContext& cx);

    Moment base_;  // the selected moment as the editor's copy (UiState::editing) was taken
    std::string script_text_;  // the plan script being typed
    std::optional<int64_t> script_of_;
    bool script_edited_ = false;  // typed since it was kept
};

// The family's view of the moment shown: the picture as large as `size` allows above the
// caption, in `caption_font`. Returns where the picture was drawn.
std::optional<ImVec4> draw_family_view(const ViewContext& cx, const VideoRenderer& renderer,
                                       ImVec2 size, ImFont* caption_font);
// The same as a window of its own covering `pos`-`size` (a whole GLFW window's).
std::optional<ImVec4> draw_family_screen(const ViewContext& cx, const VideoRenderer& renderer,
                                         ImVec2 pos, ImVec2 size, ImFont* caption_font);

}  // namespace attune::app::ui
