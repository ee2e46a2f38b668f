#pragma once
// The transport under the video: every key of the transport as a button too, the
// rate, the time and frame on screen, and the go-to dialog (Ctrl+G).
#include "keys.hpp"
#include "workbench.hpp"

namespace attune::app::ui {

// Buttons push the same key chords the keyboard does, so both take one path.
void draw_transport_bar(Workbench& wb, KeyInput& input);
void draw_goto_dialog(Workbench& wb);

}  // namespace attune::app::ui
