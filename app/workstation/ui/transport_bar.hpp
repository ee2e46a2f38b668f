#pragma once
// The transport under the video: every key of the transport as a button too, the
// rate, the time and frame on screen, and the go-to dialog (Ctrl+G).
#include "workbench.hpp"

namespace attune::app::ui {

// Buttons post the actions their keys run (the binding table names both), so both take one
// path and a rebound key shows on its button's tooltip.
void draw_transport_bar(const ViewContext& cx);
void draw_goto_dialog(const ViewContext& cx);

}  // namespace attune::app::ui
