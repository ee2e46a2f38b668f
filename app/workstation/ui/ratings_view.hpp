#pragma once
// The scheme's rating grid for the pass: rows scale x target, columns episodes,
// only the cells the scheme declares applicable; anchors as tooltips; click a cell
// and type its value (the key dispatch rates it: commands.cpp; Backspace clears it); "go to" per
// episode column; completion; session-level scales (the sensitivity scheme's) below the grid.
// Ctrl+R selects the first empty cell; each value typed moves on to the next cell, so a row is
// rated without the mouse.
#include <optional>
#include <vector>

#include "workbench.hpp"

namespace attune::app::ui {

class RatingsView {
  public:
    void draw(const ViewContext& cx);

  private:
    void cell(const ViewContext& cx, const RatingScale& scale, const std::string& target,
              const std::string& episode);
};

}  // namespace attune::app::ui
