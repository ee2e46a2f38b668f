#pragma once
// The events of the pass as a sortable, filterable table. Double-click jumps to the
// exact frame recorded; the editor below changes the selected event's behaviour,
// modifiers and comment, and nudges its start or stop by one frame. Ctrl-click and
// Shift-click select several; Delete removes them (undoable).
#include <string>
#include <vector>

#include "workbench.hpp"

namespace attune::app::ui {

class EventListView {
  public:
    void draw(const ViewContext& cx);

  private:
    void rebuild(const CodingPass& pass);
    void setup_columns(const CodingPass& pass);
    void scroll_to_requested(const ViewContext& cx);
    void draw_row(const ViewContext& cx, size_t r, const Event& e);
    void select(const ViewContext& cx, size_t r, const Event& e);
    void draw_editor(const ViewContext& cx);

    std::string filter_;
    std::string applied_filter_;
    int sort_column_ = 0;
    bool sort_ascending_ = true;
    std::vector<size_t> rows_;  // positions in CodingPass::events(), filtered and sorted
    PassVersion generation_;    // of the pass the cache was built from
    size_t anchor_row_ = 0;     // for Shift-click ranges
    int64_t editing_id_ = 0;
    std::string comment_;
};

}  // namespace attune::app::ui
