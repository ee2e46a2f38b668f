#pragma once
// The Review screen's views (core/review.hpp holds what is reviewed): the two passes'
// timelines one above the other on one ruler, with every disagreement banded and the one
// shown marked; and the side panel listing the disagreements (click one to go there),
// the one shown with each coder's version and notes, and the consensus buttons (Start
// consensus; Take A, Take B, Edit). Clicking the ruler seeks; the wheel zooms.
#include <imgui.h>

#include <cstdint>
#include <optional>

#include "workbench.hpp"

namespace attune::app::ui {

class ReviewView {
  public:
    void draw_panel(const ViewContext& cx);
    void draw_timelines(const ViewContext& cx, ImVec2 size);

  private:
    void draw_header(const ViewContext& cx, const ReviewSession& r) const;
    void draw_shown(const ViewContext& cx, const ReviewSession& r) const;
    void draw_list(const ViewContext& cx, const ReviewSession& r);
    void keep_in_view(const ReviewSession& r, int64_t now_us, int64_t duration_us);

    int64_t start_us_ = 0, span_us_ = 30'000'000;
    std::optional<size_t> framed_;  // the disagreement the ruler last moved to
    std::optional<size_t> listed_;  // the one the list last scrolled to
};

}  // namespace attune::app::ui
