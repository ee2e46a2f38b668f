#pragma once
// The workstation's own actions with their default chords (transport, undo, views), and the
// rules a scheme's behaviour key must follow to be typeable. Here in coding/ so the scheme
// checker refuses a behaviour key the workstation would shadow before a pass is ever opened,
// and the workstation reads the very same table for its key dispatch, its key map (F1), its
// buttons and its clash check when it opens a pass. The handlers are the workstation's
// (app/workstation/core/commands.cpp), found by the action's name.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attune/coding/key_chord.hpp"

namespace attune {

// One action of the workstation: its name ("play-pause", as keys.ini and scripts write it),
// the chords that run it by default (as the key map shows them: "Space", "Ctrl+Z") and what
// it does, for the key map.
struct WorkstationAction {
    std::string_view name;
    std::vector<std::string_view> chords;
    std::string_view description;
};

// Every action the workstation binds to keys, in the order its key map lists them.
const std::vector<WorkstationAction>& workstation_actions();

// The keys of the video-feedback screens (marking moments, showing them to a family). They
// act only there, before the workstation's own (Up and Down go from moment to moment), and a
// scheme's keys never code there, so a behaviour key may be the same letter ('o', 'f').
const std::vector<WorkstationAction>& feedback_actions();

// The action of this name, or null.
const WorkstationAction* workstation_action(std::string_view name);

// Every chord the workstation acts on itself by default.
std::vector<std::string_view> workstation_chords();

// True when the workstation uses this chord itself by default.
bool is_workstation_chord(const KeyChord& chord);

// Why a coder could not press this chord as a behaviour key, or nothing when it is fine:
// three or more modifiers held at once while watching the video are not a coding key.
std::optional<std::string> untypeable_key_reason(const KeyChord& chord);

}  // namespace attune
