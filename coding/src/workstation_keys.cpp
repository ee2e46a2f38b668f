#include "attune/coding/workstation_keys.hpp"

#include <bit>

namespace attune {

const std::vector<std::string_view>& workstation_chords() {
    static const std::vector<std::string_view> ours = {
        "Space",  "Left",     "Right",  "Shift+Left", "Shift+Right",  "[",
        "]",      "\\",       "Home",   "End",        "Up",           "Down",
        "PageUp", "PageDown", "Ctrl+G", "Ctrl+Z",     "Ctrl+Shift+Z", "Ctrl+Y",
        "Delete", "Tab",      "F1",     "Ctrl+1",     "Ctrl+2",       "Ctrl+3",
        "Ctrl+O", "Ctrl+N",   "Ctrl+Q", "Esc",        "Ctrl+R"};
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
