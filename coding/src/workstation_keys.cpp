#include "attune/coding/workstation_keys.hpp"

#include <bit>

namespace attune {

const std::vector<WorkstationAction>& workstation_actions() {
    static const std::vector<WorkstationAction> actions = {
        {"play-pause", {"Space"}, "play / pause"},
        {"step-back", {"Left"}, "one frame back (hold to keep stepping)"},
        {"step-forward", {"Right"}, "one frame forward (hold to keep stepping)"},
        {"jump-back", {"Shift+Left"}, "jump back (5 s; Edit > Jump)"},
        {"jump-forward", {"Shift+Right"}, "jump forward (5 s; Edit > Jump)"},
        {"slower", {"["}, "slower (down to 0.1x)"},
        {"faster", {"]"}, "faster (up to 4x)"},
        {"normal-speed", {"\\"}, "back to 1x"},
        {"first-frame", {"Home"}, "first frame"},
        {"last-frame", {"End"}, "last frame"},
        {"previous-event", {"Up"}, "previous event"},
        {"next-event", {"Down"}, "next event"},
        {"previous-episode", {"PageUp"}, "previous episode"},
        {"next-episode", {"PageDown"}, "next episode"},
        {"go-to", {"Ctrl+G"}, "go to a time or frame"},
        {"undo", {"Ctrl+Z"}, "undo (also after a restart)"},
        {"redo", {"Ctrl+Shift+Z", "Ctrl+Y"}, "redo"},
        {"delete-selected", {"Delete"}, "delete the selected events"},
        {"rate-cell", {"Ctrl+R"}, "rate: the first empty cell of the grid; type values, Esc ends"},
        {"next-subject", {"Tab"}, "switch subject (the key map lists its behaviours first)"},
        {"key-map", {"F1"}, "key map"},
        {"show-sessions", {"Ctrl+1"}, "sessions screen"},
        {"show-coding", {"Ctrl+2"}, "coding screen"},
        {"show-tallies", {"Ctrl+3"}, "tallies screen"},
        {"show-audit", {"Ctrl+4"}, "audit log: who changed what, and its hash chain"},
        {"show-reliability", {"Ctrl+5"}, "reliability: agreement of the double-coded sessions"},
        {"show-review", {"Ctrl+6"}, "review: the disagreements of the session under review"},
        {"show-feedback", {"Ctrl+7"}, "video feedback: the open session's moments and visit plan"},
        {"next-disagreement", {"Ctrl+Down"}, "review: the next disagreement (seeks and plays it)"},
        {"previous-disagreement", {"Ctrl+Up"}, "review: the previous disagreement"},
        {"open-study", {"Ctrl+O"}, "open a study"},
        {"new-study", {"Ctrl+N"}, "new study"},
        {"quit", {"Ctrl+Q"}, "quit (everything is already saved)"},
        {"cancel", {"Esc"}, "cancel the modifier chooser, close a dialog, clear the selection"},
    };
    return actions;
}

const std::vector<WorkstationAction>& feedback_actions() {
    static const std::vector<WorkstationAction> actions = {
        {"mark-in", {"i"}, "moment: its first frame is the one on screen"},
        {"mark-out", {"o"}, "moment: its last frame is the one on screen"},
        {"mark-freeze", {"f"}, "moment: pause on the frame on screen when it is shown"},
        {"save-moment", {"Ctrl+S"}, "save the marked moment with the editor's fields"},
        {"previous-moment", {"Up"}, "the previous moment"},
        {"next-moment", {"Down"}, "the next moment"},
        {"plan-earlier", {"Alt+Up"}, "plan: show the selected moment earlier"},
        {"plan-later", {"Alt+Down"}, "plan: show the selected moment later"},
        {"present", {"F5"}, "show the visit plan to the family"},
        {"replay", {"r"}, "showing: the moment again from its first frame"},
        {"speed-1", {"1"}, "showing: normal speed"},
        {"speed-half", {"2"}, "showing: half speed, the sound kept at its pitch"},
        {"speed-quarter", {"4"}, "showing: quarter speed, the sound muted"},
        {"end-present", {"Esc"}, "showing: back to the plan"},
    };
    return actions;
}

const WorkstationAction* workstation_action(std::string_view name) {
    for (const WorkstationAction& a : workstation_actions())
        if (a.name == name) return &a;
    return nullptr;
}

std::vector<std::string_view> workstation_chords() {
    std::vector<std::string_view> ours;
    for (const WorkstationAction& a : workstation_actions())
        ours.insert(ours.end(), a.chords.begin(), a.chords.end());
    return ours;
}

bool is_workstation_chord(const KeyChord& chord) {
    for (std::string_view k : workstation_chords())
        if (auto ours = parse_key_chord(k); ours && *ours == chord) return true;
    return false;
}

std::optional<std::string> untypeable_key_reason(const KeyChord& chord) {
    if (std::popcount(static_cast<unsigned>(chord.mods)) > 2)
        return "three modifiers at once cannot be pressed while watching the video; use at most "
               "two (e.g. 'Ctrl+Shift+" +
               chord.key + "')";
    return std::nullopt;
}

}  // namespace attune
