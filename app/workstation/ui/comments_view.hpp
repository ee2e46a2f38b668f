#pragma once
// Review comments on the open pass (issue 12 point 7): the Comments tab lists every thread
// (what it is about, each comment with who and when, a reply box) and opens new ones on the
// selected event, the selected rating cell, an episode or the classification. The badge
// marks what has a thread in the event list, the ratings grid, the classification tab and
// the timeline; hovering it shows the thread.
#include <map>
#include <string>

#include "workbench.hpp"

namespace attune::app::ui {

// "[2]" in the badge colour when `about` has comments (nothing otherwise); hover: the thread.
void comment_badge(const CodingPass& pass, const CommentTarget& about);
// The comments on `about`, one line each ("sup: why 5?"), for a tooltip.
void comment_lines(const CodingPass& pass, const CommentTarget& about);

class CommentsView {
  public:
    void draw(const ViewContext& cx);

  private:
    void draw_new(const ViewContext& cx);
    void draw_thread(const ViewContext& cx, const std::vector<const ReviewComment*>& thread);

    int target_choice_ = 0;
    std::string new_text_;
    std::map<int64_t, std::string> replies_;  // thread -> the reply being typed
};

}  // namespace attune::app::ui
