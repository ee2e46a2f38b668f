#include "attune/coding/key_chord.hpp"

#include <array>
#include <optional>

namespace attune {
namespace {

struct Named {
    std::string_view name, canonical;
};
// Keys that type nothing, by name; a few characters have names too ("Minus" for "-").
constexpr std::array kNamed = {
    Named{"Space", "Space"},
    Named{"Enter", "Enter"},
    Named{"Return", "Enter"},
    Named{"Tab", "Tab"},
    Named{"Escape", "Escape"},
    Named{"Esc", "Escape"},
    Named{"Backspace", "Backspace"},
    Named{"Delete", "Delete"},
    Named{"Del", "Delete"},
    Named{"Insert", "Insert"},
    Named{"Ins", "Insert"},
    Named{"Home", "Home"},
    Named{"End", "End"},
    Named{"PageUp", "PageUp"},
    Named{"PgUp", "PageUp"},
    Named{"PageDown", "PageDown"},
    Named{"PgDn", "PageDown"},
    Named{"Left", "Left"},
    Named{"Right", "Right"},
    Named{"Up", "Up"},
    Named{"Down", "Down"},
    Named{"F1", "F1"},
    Named{"F2", "F2"},
    Named{"F3", "F3"},
    Named{"F4", "F4"},
    Named{"F5", "F5"},
    Named{"F6", "F6"},
    Named{"F7", "F7"},
    Named{"F8", "F8"},
    Named{"F9", "F9"},
    Named{"F10", "F10"},
    Named{"F11", "F11"},
    Named{"F12", "F12"},
    Named{"Minus", "-"},
    Named{"Equal", "="},
    Named{"Plus", "+"},
};

constexpr std::string_view kKeyHelp =
    "a single character such as 'c', '9' or '[', or Space, Enter, Tab, Escape, Backspace, "
    "Delete, Insert, Home, End, PageUp, PageDown, Left, Right, Up, Down, F1-F12";

bool same_word(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

// The code point of a string that holds exactly one (UTF-8), else nothing.
std::optional<char32_t> single_code_point(std::string_view s) {
    if (s.empty()) return std::nullopt;
    const auto b = static_cast<unsigned char>(s[0]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || s.size() != n) return std::nullopt;
    char32_t cp = n == 1 ? b : b & (0xFF >> (n + 1));
    for (size_t i = 1; i < n; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c >> 6) != 0x2) return std::nullopt;
        cp = (cp << 6) | (c & 0x3F);
    }
    return cp;
}

std::string utf8(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

// Latin-1 upper case letters (À-Þ without ×) and ASCII A-Z.
bool is_upper(char32_t cp) {
    return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}
bool is_letter(char32_t cp) {
    return is_upper(cp) || (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7);
}
char32_t lower(char32_t cp) {
    return is_upper(cp) ? cp + 0x20 : cp;
}
bool printable(char32_t cp) {
    return cp > 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0);
}

std::optional<int> modifier(std::string_view word) {
    if (same_word(word, "ctrl") || same_word(word, "control")) return KeyChord::Ctrl;
    if (same_word(word, "alt")) return KeyChord::Alt;
    if (same_word(word, "shift")) return KeyChord::Shift;
    if (same_word(word, "super")) return KeyChord::Super;
    return std::nullopt;
}

}  // namespace

std::string KeyChord::text() const {
    std::string out;
    if (mods & Ctrl) out += "Ctrl+";
    if (mods & Alt) out += "Alt+";
    if (mods & Shift) out += "Shift+";
    if (mods & Super) out += "Super+";
    return out + key;
}

std::string canonical_key(std::string_view key) {
    if (auto cp = single_code_point(key); cp && printable(*cp)) return utf8(lower(*cp));
    for (const Named& n : kNamed)
        if (same_word(key, n.name)) return std::string(n.canonical);
    return {};
}

bool is_letter_key(std::string_view key) {
    const auto cp = single_code_point(key);
    return cp && is_letter(*cp);
}

Result<KeyChord> parse_key_chord(std::string_view text) {
    text = trim(text);
    if (text.empty()) return Error{"no key given; write one such as 'c', 'Shift+S' or 'F1'"};
    // The last '+' of "Ctrl++" or a lone "+" is the key itself.
    std::optional<std::string_view> head;  // the modifiers, when there are any
    std::string_view base;
    if (text == "+") {
        base = text;
    } else if (text.size() >= 2 && text.substr(text.size() - 2) == "++") {
        head = text.substr(0, text.size() - 2), base = "+";
    } else if (const auto plus = text.rfind('+'); plus == std::string_view::npos) {
        base = text;
    } else {
        head = text.substr(0, plus), base = trim(text.substr(plus + 1));
        if (base.empty())
            return Error{"'" + std::string(text) +
                         "' names no key after its modifiers; add one, e.g. 'Shift+S'"};
    }
    KeyChord c;
    for (std::string_view rest = head.value_or(""); head;) {
        const auto plus = rest.find('+');
        const std::string_view word = trim(rest.substr(0, plus));
        if (word.empty())
            return Error{
                "'" + std::string(text) +
                "' has an empty modifier (nothing before a '+'); write chords as 'Ctrl+Shift+S'"};
        const auto m = modifier(word);
        if (!m)
            return Error{"'" + std::string(word) + "' in '" + std::string(text) +
                         "' is not a modifier; use Ctrl, Alt, Shift or Super"};
        c.mods |= *m;
        if (plus == std::string_view::npos) break;
        rest = rest.substr(plus + 1);
    }
    if (modifier(base))
        return Error{"'" + std::string(text) +
                     "' is only a modifier; add the key it goes with, e.g. 'Shift+S'"};
    if (auto cp = single_code_point(base); cp && printable(*cp)) {
        // A capital letter alone is Shift and the letter, as scheme files write "S".
        if (is_upper(*cp) && c.mods == 0) c.mods = KeyChord::Shift;
        c.key = utf8(lower(*cp));
        return c;
    }
    c.key = canonical_key(base);
    if (c.key.empty())
        return Error{"'" + std::string(base) + "' is not a key; use " + std::string(kKeyHelp)};
    return c;
}

}  // namespace attune
