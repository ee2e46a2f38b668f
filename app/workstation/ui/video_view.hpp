#pragma once
// The picture of the frame on screen, aspect-correct and rotated, with the time,
// frame number and episode drawn over it; while the recording is being indexed, a
// progress bar; when it cannot be shown, why, and a Locate action; when the file is
// not the recording the pass was coded on, that question: Open anyway, or Locate.
#include <imgui.h>

#include <optional>

#include "../video_renderer.hpp"
#include "workbench.hpp"

namespace attune::app::ui {

struct VideoViewActions {
    std::optional<ImVec4> picture;  // where the picture was drawn: x, y, width, height
};

// Where a picture of width/height `aspect` is drawn, as large as fits `area` at `origin`,
// centred: x, y, width, height.
ImVec4 fit_picture(float aspect, ImVec2 origin, ImVec2 area);

VideoViewActions draw_video_view(const ViewContext& cx, const VideoRenderer& renderer, ImVec2 size);

}  // namespace attune::app::ui
