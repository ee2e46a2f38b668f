#pragma once
// What keys do in the workstation: the transport (Space, Left/Right, ...), undo and
// redo, the views' shortcuts, and the scheme's key map for coding. The one place a
// key press turns into an action, for the window's keys and a script's alike.
#include <string>
#include <vector>

#include "keys.hpp"
#include "workbench.hpp"

struct GLFWwindow;

namespace attune::app {

struct KeyBinding {
    const char* keys;
    const char* action;
};
// The workstation's own keys, for the F1 overlay, the README and clash checks.
const std::vector<KeyBinding>& transport_bindings();

// The scheme's behaviour keys that the workstation's own keys shadow (reported on open).
std::vector<std::string> key_clashes(const Scheme& scheme);

// The frame on screen now, or why there is none. A key press is stamped with it when it goes
// down (the window's key callback, a script's key), before the next frame is taken.
OnScreen frame_on_screen(const Workbench& wb);

// Acts on every queued press; a behaviour key codes the frame the press was stamped with.
// Presses are dropped while a text field has the keyboard (typing a comment never codes),
// except Enter and Escape, which end text entry.
void handle_keys(Workbench& wb, KeyInput& input, bool text_field_active);

// Holding Left or Right steps one frame each time the previous step is on screen; not while
// a text field has the keyboard.
void handle_held_keys(Workbench& wb, KeyInput& input, GLFWwindow* window, int64_t now_us,
                      bool text_field_active);

// Codes the behaviour at the frame that was on screen (`seen`), or says why it cannot when
// none was; opens the modifier chooser when the scheme requires modifiers not given yet.
void code_behaviour(Workbench& wb, const BehaviourDef& b, const OnScreen& seen);
void finish_pending(Workbench& wb);  // codes the pending behaviour once its modifiers are chosen
// The modifiers the scheme requires for a behaviour, in the order the chooser asks for them.
std::vector<const ModifierDef*> required_modifiers(const BehaviourDef& b);
// Gives the pending behaviour's current modifier this value; codes it after the last one.
void choose_modifier(Workbench& wb, const std::string& value);

void undo(Workbench& wb);
void redo(Workbench& wb);
void jump_to_event(Workbench& wb, const Event& e);

}  // namespace attune::app
