#pragma once
// Windows drawn over the coding screen: the key map (F1) and the modifier chooser
// that opens when a behaviour needs modifiers the coder has not given yet.
#include "workbench.hpp"

namespace attune::app::ui {

void draw_keymap_overlay(const ViewContext& cx);
void draw_modifier_chooser(const ViewContext& cx);

}  // namespace attune::app::ui
