#pragma once
// The coding core's validity checks on the pass; clicking one goes to its place:
// the frame, the event, the episode's start, or the rating cell.
#include "workbench.hpp"

namespace attune::app::ui {

void draw_validity_view(const ViewContext& cx);

}  // namespace attune::app::ui
