#pragma once
// Key chords ("Space", "Shift+Right", "Ctrl+G", "c", "Alt+1") as the scheme's key map
// and the transport write them, and the queue of key presses the workstation acts on.
// Presses come from the window (GLFW) and from a replayed script through the same
// queue, so a script drives exactly the code a coder's fingers do.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace attune::app {

struct KeyChord {
    int key = 0;   // GLFW key code (US layout position)
    int mods = 0;  // GLFW_MOD_SHIFT | GLFW_MOD_CONTROL | GLFW_MOD_ALT
    bool operator==(const KeyChord&) const = default;
    auto operator<=>(const KeyChord&) const = default;
};

// "Shift+F1", "ctrl+p", "f", "Left", "[" ... nullopt for what no key produces.
std::optional<KeyChord> parse_chord(const std::string& text);

class KeyInput {
  public:
    struct Press {
        KeyChord chord;
        bool repeat = false;  // the system's auto-repeat while held
    };
    void push(Press p) { presses_.push_back(p); }
    std::optional<Press> pop();

    // A key held by the script ("hold Right 2000"); real keys are asked of the window.
    void hold(int key, bool down);
    bool script_holds(int key) const { return held_.count(key) > 0; }
    // When a held key went down (-1 while up), for stepping on at the display rate.
    int64_t& hold_started(int key) { return hold_started_.try_emplace(key, -1).first->second; }

  private:
    std::deque<Press> presses_;
    std::set<int> held_;
    std::map<int, int64_t> hold_started_;
};

}  // namespace attune::app
