#pragma once
// The scheme's rating grid for the pass: rows scale x target, columns episodes,
// only the cells the scheme declares applicable; anchors as tooltips; click a cell
// and type its value (Backspace clears it); "go to" per episode column; completion;
// session-level scales (the sensitivity scheme's) below the grid.
#include <optional>

#include "../workbench.hpp"

namespace attune::app::ui {

class RatingsView {
  public:
    void draw(Workbench& wb);

  private:
    void cell(Workbench& wb, const RatingScale& scale, const std::string& target,
              const std::string& episode);
    void type_value(Workbench& wb);

    std::optional<Rating> selected_;  // value unused: the cell's address
};

}  // namespace attune::app::ui
