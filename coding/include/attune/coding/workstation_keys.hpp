#pragma once
// The chords the workstation keeps for itself (transport, undo, views) and the rules a
// scheme's behaviour key must follow to be typeable. Here in coding/ so the scheme checker
// refuses a behaviour key the workstation would shadow before a pass is ever opened, and the
// workstation reads the very same list when it opens one.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attune/coding/key_chord.hpp"

namespace attune {

// Every chord the workstation acts on itself, as written in its key map ("Space", "Ctrl+Z").
const std::vector<std::string_view>& workstation_chords();

// True when the workstation uses this chord itself.
bool is_workstation_chord(const KeyChord& chord);

// Why a coder could not press this chord as a behaviour key, or nothing when it is fine:
// three or more modifiers held at once while watching the video are not a coding key.
std::optional<std::string> untypeable_key_reason(const KeyChord& chord);

}  // namespace attune
