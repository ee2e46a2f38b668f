#pragma once
// A key chord as a scheme and the workstation write it ("c", "S", "Shift+s", "Ctrl+P",
// "Alt+1", "Shift+F1", "Space"), in one canonical form. The scheme checker finds clashes
// with it and the workstation matches key presses with it, so the two can never disagree
// about which keys are the same ("S" is "Shift+s"; "Control+p" is not "p").
//
// A key is named by the character it types without Shift on the coder's keyboard ("z",
// "9", "[", "ö"), or by name for keys that type nothing (Space, Enter, F1, Left ...). A
// capital letter alone means Shift and that letter, as the scheme files write it; after
// modifiers the letter's case does not matter ("Ctrl+S" is Ctrl and s, as menus write it).
#include <compare>
#include <string>
#include <string_view>

#include "attune/result.hpp"

namespace attune {

struct KeyChord {
    enum Mod : int { Ctrl = 1, Alt = 2, Shift = 4, Super = 8 };

    std::string key;  // one character, lower case ("s", "ö", "["), or a name ("Space", "F1")
    int mods = 0;     // Mod bits

    // "Ctrl+Alt+Shift+Super+key": modifiers in this order, as the workstation shows them.
    std::string text() const;
    bool operator==(const KeyChord&) const = default;
    auto operator<=>(const KeyChord&) const = default;
};

// Modifier names ignore case (Ctrl or Control, Alt, Shift, Super); so do key names. An
// unknown modifier or key, or a chord without a key, is an error saying what to write.
Result<KeyChord> parse_key_chord(std::string_view text);

// The key as a chord names it: one character lower-cased (ASCII and Latin-1 letters), or
// the canonical spelling of a named key; empty when it is neither. Layouts report some keys
// in upper case; this is how such a report becomes a chord's key.
std::string canonical_key(std::string_view key);

// True for a letter (ASCII or Latin-1), the keys whose case means Shift.
bool is_letter_key(std::string_view key);

}  // namespace attune
