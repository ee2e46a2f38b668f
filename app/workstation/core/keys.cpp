#include "keys.hpp"

#include <GLFW/glfw3.h>

#include <array>

namespace attune::app {
namespace {

struct Code {
    int key;
    const char* name;
};
// Keys that type nothing go by GLFW code (the same on every layout).
constexpr std::array kNamed = {
    Code{GLFW_KEY_SPACE, "Space"},    Code{GLFW_KEY_ENTER, "Enter"},
    Code{GLFW_KEY_KP_ENTER, "Enter"}, Code{GLFW_KEY_TAB, "Tab"},
    Code{GLFW_KEY_ESCAPE, "Escape"},  Code{GLFW_KEY_BACKSPACE, "Backspace"},
    Code{GLFW_KEY_DELETE, "Delete"},  Code{GLFW_KEY_INSERT, "Insert"},
    Code{GLFW_KEY_HOME, "Home"},      Code{GLFW_KEY_END, "End"},
    Code{GLFW_KEY_PAGE_UP, "PageUp"}, Code{GLFW_KEY_PAGE_DOWN, "PageDown"},
    Code{GLFW_KEY_LEFT, "Left"},      Code{GLFW_KEY_RIGHT, "Right"},
    Code{GLFW_KEY_UP, "Up"},          Code{GLFW_KEY_DOWN, "Down"},
};

// The character a printable key types on a US keyboard (GLFW codes are US positions).
std::string us_character(int key) {
    if (key >= GLFW_KEY_A && key <= GLFW_KEY_Z) return std::string(1, char('a' + key - GLFW_KEY_A));
    if (key >= GLFW_KEY_0 && key <= GLFW_KEY_9) return std::string(1, char('0' + key - GLFW_KEY_0));
    if (key >= GLFW_KEY_KP_0 && key <= GLFW_KEY_KP_9)
        return std::string(1, char('0' + key - GLFW_KEY_KP_0));
    switch (key) {
        case GLFW_KEY_APOSTROPHE:
            return "'";
        case GLFW_KEY_COMMA:
            return ",";
        case GLFW_KEY_MINUS:
        case GLFW_KEY_KP_SUBTRACT:
            return "-";
        case GLFW_KEY_PERIOD:
        case GLFW_KEY_KP_DECIMAL:
            return ".";
        case GLFW_KEY_SLASH:
        case GLFW_KEY_KP_DIVIDE:
            return "/";
        case GLFW_KEY_SEMICOLON:
            return ";";
        case GLFW_KEY_EQUAL:
        case GLFW_KEY_KP_EQUAL:
            return "=";
        case GLFW_KEY_LEFT_BRACKET:
            return "[";
        case GLFW_KEY_BACKSLASH:
            return "\\";
        case GLFW_KEY_RIGHT_BRACKET:
            return "]";
        case GLFW_KEY_GRAVE_ACCENT:
            return "`";
        case GLFW_KEY_KP_MULTIPLY:
            return "*";
        case GLFW_KEY_KP_ADD:
            return "+";
        default:
            return {};
    }
}

bool is_digit_key(int key) {
    return (key >= GLFW_KEY_0 && key <= GLFW_KEY_9) ||
           (key >= GLFW_KEY_KP_0 && key <= GLFW_KEY_KP_9);
}

int chord_mods(int glfw_mods) {
    int m = 0;
    if (glfw_mods & GLFW_MOD_CONTROL) m |= KeyChord::Ctrl;
    if (glfw_mods & GLFW_MOD_ALT) m |= KeyChord::Alt;
    if (glfw_mods & GLFW_MOD_SHIFT) m |= KeyChord::Shift;
    if (glfw_mods & GLFW_MOD_SUPER) m |= KeyChord::Super;
    return m;  // Caps Lock and Num Lock are states, not modifiers of a chord
}

}  // namespace

std::optional<KeyChord> parse_chord(const std::string& text) {
    auto c = parse_key_chord(text);
    if (!c) return std::nullopt;
    return std::move(*c);
}

std::optional<KeyEvent> key_event(int glfw_key, const char* layout_name, int glfw_mods) {
    if (glfw_key >= GLFW_KEY_LEFT_SHIFT && glfw_key <= GLFW_KEY_RIGHT_SUPER) return std::nullopt;
    const int mods = chord_mods(glfw_mods);
    if (glfw_key >= GLFW_KEY_F1 && glfw_key <= GLFW_KEY_F12) {
        const KeyChord c{"F" + std::to_string(glfw_key - GLFW_KEY_F1 + 1), mods};
        return KeyEvent{c, c};
    }
    for (const Code& n : kNamed)
        if (n.key == glfw_key) return KeyEvent{{n.name, mods}, {n.name, mods}};
    const std::string us = us_character(glfw_key);
    // Digits by place: every layout has them on the top row (AZERTY types them with Shift,
    // and its unshifted "&" is no key a scheme would name).
    if (is_digit_key(glfw_key)) return KeyEvent{{us, mods}, {us, mods}};
    std::string on_layout = layout_name ? canonical_key(layout_name) : std::string();
    if (on_layout.empty()) on_layout = us;  // a dead key, or a layout that names none
    if (on_layout.empty()) return std::nullopt;
    return KeyEvent{{on_layout, mods}, {us.empty() ? on_layout : us, mods}};
}

int glfw_key_of(const KeyChord& chord) {
    for (const Code& n : kNamed)
        if (chord.key == n.name) return n.key;
    return 0;
}

const BehaviourDef* behaviour_on(const Scheme& scheme, const KeyChord& chord) {
    for (const BehaviourDef& b : scheme.behaviours)
        if (!b.key.empty() && parse_chord(b.key) == chord) return &b;
    return nullptr;
}

bool held_key_steps(int64_t& since_us, bool down, bool text_field_active, bool step_on_screen,
                    int64_t now_us) {
    if (!down || text_field_active) {
        since_us = -1;  // a hold begins again when the field lets go of the keyboard
        return false;
    }
    if (since_us < 0) since_us = now_us;
    return now_us - since_us >= kHoldDelayUs && step_on_screen;
}

std::optional<KeyInput::Press> KeyInput::pop() {
    if (presses_.empty()) return std::nullopt;
    Press p = std::move(presses_.front());
    presses_.pop_front();
    return p;
}

void KeyInput::hold(int key, bool down) {
    if (down)
        held_.insert(key);
    else
        held_.erase(key);
}

void KeyInput::window_down(int key, bool down) {
    if (down)
        window_held_.insert(key);
    else
        window_held_.erase(key);
}

bool KeyInput::window_holds_shift() const {
    return window_holds(GLFW_KEY_LEFT_SHIFT) || window_holds(GLFW_KEY_RIGHT_SHIFT);
}

}  // namespace attune::app
