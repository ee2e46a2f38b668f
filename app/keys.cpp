#include "keys.hpp"

#include <GLFW/glfw3.h>

#include <array>
#include <cctype>
#include <sstream>
#include <vector>

namespace attune::app {
namespace {

struct Named {
    const char* name;
    int key;
};
constexpr std::array kNamed = {
    Named{"Space", GLFW_KEY_SPACE},
    Named{"Left", GLFW_KEY_LEFT},
    Named{"Right", GLFW_KEY_RIGHT},
    Named{"Up", GLFW_KEY_UP},
    Named{"Down", GLFW_KEY_DOWN},
    Named{"PageUp", GLFW_KEY_PAGE_UP},
    Named{"PageDown", GLFW_KEY_PAGE_DOWN},
    Named{"Home", GLFW_KEY_HOME},
    Named{"End", GLFW_KEY_END},
    Named{"Delete", GLFW_KEY_DELETE},
    Named{"Escape", GLFW_KEY_ESCAPE},
    Named{"Esc", GLFW_KEY_ESCAPE},
    Named{"Enter", GLFW_KEY_ENTER},
    Named{"Return", GLFW_KEY_ENTER},
    Named{"Tab", GLFW_KEY_TAB},
    Named{"Backspace", GLFW_KEY_BACKSPACE},
    Named{"Insert", GLFW_KEY_INSERT},
    Named{"Minus", GLFW_KEY_MINUS},
    Named{"Equal", GLFW_KEY_EQUAL},
};

// Characters whose key the US layout has in the same place (what GLFW reports).
int key_of_char(char c) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return c;
    switch (c) {
        case '[':
            return GLFW_KEY_LEFT_BRACKET;
        case ']':
            return GLFW_KEY_RIGHT_BRACKET;
        case '-':
            return GLFW_KEY_MINUS;
        case '=':
            return GLFW_KEY_EQUAL;
        case ',':
            return GLFW_KEY_COMMA;
        case '.':
            return GLFW_KEY_PERIOD;
        case '/':
            return GLFW_KEY_SLASH;
        case ';':
            return GLFW_KEY_SEMICOLON;
        case '\'':
            return GLFW_KEY_APOSTROPHE;
        case '\\':
            return GLFW_KEY_BACKSLASH;
        case '`':
            return GLFW_KEY_GRAVE_ACCENT;
        default:
            return 0;
    }
}

bool same_word(const std::string& a, const char* b) {
    std::string x = a, y = b;
    for (auto& c : x) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto& c : y) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return x == y;
}

}  // namespace

std::optional<KeyChord> parse_chord(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream ss(text);
    for (std::string p; std::getline(ss, p, '+');) parts.push_back(p);
    if (!text.empty() && text.back() == '+') parts.push_back("+");  // "Shift++" is not a thing
    if (parts.empty() || parts.back().empty()) return std::nullopt;
    KeyChord c;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        if (same_word(parts[i], "shift"))
            c.mods |= GLFW_MOD_SHIFT;
        else if (same_word(parts[i], "ctrl") || same_word(parts[i], "control"))
            c.mods |= GLFW_MOD_CONTROL;
        else if (same_word(parts[i], "alt"))
            c.mods |= GLFW_MOD_ALT;
        else
            return std::nullopt;
    }
    const std::string& base = parts.back();
    if (base.size() == 1) {
        c.key = key_of_char(base[0]);
        // An upper-case letter alone means Shift+letter, as the scheme files write it.
        if (std::isupper(static_cast<unsigned char>(base[0])) && parts.size() == 1)
            c.mods |= GLFW_MOD_SHIFT;
        return c.key ? std::optional(c) : std::nullopt;
    }
    if ((base[0] == 'F' || base[0] == 'f') && base.size() <= 3 &&
        std::isdigit(static_cast<unsigned char>(base[1]))) {
        const int n = std::stoi(base.substr(1));
        if (n >= 1 && n <= 12) return c.key = GLFW_KEY_F1 + n - 1, c;
        return std::nullopt;
    }
    for (const Named& n : kNamed)
        if (same_word(base, n.name)) return c.key = n.key, c;
    return std::nullopt;
}

std::optional<KeyInput::Press> KeyInput::pop() {
    if (presses_.empty()) return std::nullopt;
    Press p = presses_.front();
    presses_.pop_front();
    return p;
}

void KeyInput::hold(int key, bool down) {
    if (down)
        held_.insert(key);
    else
        held_.erase(key);
}

}  // namespace attune::app
