#pragma once
// The command table: what every workstation action does (mpv's player/command.c). Each
// action of coding/'s table (workstation_keys.hpp: name, default chord, description) has one
// handler here, found by name; the binding table (bindings.hpp) says which chord runs it. A
// key press becomes an intent::Key, and acting on it (act_on_press) runs the action its chord
// is bound to, codes the scheme's behaviour, rates the selected cell or answers the modifier
// chooser, so the window's keys and a script's do the same thing.
#include <string>
#include <string_view>
#include <vector>

#include "keys.hpp"
#include "workbench.hpp"

namespace attune::app {

// Runs a workstation action by name; false when there is no such action. Actions of the
// coding screen do nothing elsewhere (or without an open pass).
bool run_action(Workbench& wb, std::string_view action);
// True when every action of coding/'s table has a handler here (a unit test checks it).
bool every_action_has_a_handler();

// The scheme's behaviour keys that the workstation's own keys, as bound now (defaults and
// keys.ini), shadow (reported on open).
std::vector<std::string> key_clashes(const Scheme& scheme, const KeyBindings& bindings);

// The frame on screen now, or why there is none. A key press is stamped with it when it goes
// down (the window's key callback, a script's key), before the next frame is taken.
OnScreen frame_on_screen(const Workbench& wb);

// Posts every queued press as an intent::Key. Presses are dropped while a text field has the
// keyboard (typing a comment never codes), except Enter and Escape, which end text entry;
// auto-repeat never codes or jumps twice (held arrows step in handle_held_keys).
void post_keys(Workbench& wb, KeyInput& input, bool text_field_active);
// One press, when its turn in the intent queue comes; a behaviour key codes the frame the
// press was stamped with.
void act_on_press(Workbench& wb, const KeyInput::Press& press);

// Holding the key of step-forward or step-back (Right, Left) steps one frame each time the
// previous step is on screen; not while a text field has the keyboard. Reads what is held
// from `input` (the window's keys and a script's), never from the window.
void handle_held_keys(Workbench& wb, KeyInput& input, int64_t now_us, bool text_field_active);
// The keys whose holding matters (GLFW codes): what step-forward and step-back are bound to
// (the arrows, unless keys.ini says otherwise), and the Shift keys that make them jumps.
std::vector<int> held_step_keys(const Workbench& wb);

// Shows a screen when there is something to show on it (coding: an open pass; tallies: a study).
void show_screen(Workbench& wb, Screen screen);

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
