#pragma once
// Key presses as the workstation acts on them: a GLFW key event becomes the chord the
// coder's keyboard means (the character the layout puts on the key, so the key labelled
// "z" on a QWERTZ keyboard is "z"), stamped with the frame on screen when it went down.
// Presses come from the window (GLFW) and from a replayed script through the same queue,
// so a script drives exactly the code a coder's fingers do. Chords are parsed and compared
// by coding/'s KeyChord, the same parser the scheme checker uses.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "attune/coding/key_chord.hpp"
#include "attune/coding/model.hpp"
#include "attune/coding/scheme.hpp"

namespace attune::app {

using attune::KeyChord;

// "Shift+F1", "ctrl+p", "f", "Left", "[" ... nullopt for what is no key chord.
std::optional<KeyChord> parse_chord(const std::string& text);

// What a key event means. `chord` is the key on the coder's layout: for printable keys the
// name the layout gives it (glfwGetKeyName), so on QWERTZ GLFW_KEY_Y with name "z" is "z";
// digits stay digits (AZERTY types them with Shift), keys that type nothing go by GLFW code.
// `position` is the chord of the same place on a US keyboard, for the workstation's own
// punctuation keys ([ ] \) on layouts that have other characters there.
struct KeyEvent {
    KeyChord chord, position;
};
// nullopt for modifier keys alone and keys without a meaning here. `layout_name` may be
// null (the layout names no character for the key). Pure: testable without a window.
std::optional<KeyEvent> key_event(int glfw_key, const char* layout_name, int glfw_mods);

// The GLFW key code of a chord's key, for keys the workstation asks the window about while
// held (Left, Right); 0 for the rest.
int glfw_key_of(const KeyChord& chord);

// The scheme's behaviour bound to a chord, if any.
const BehaviourDef* behaviour_on(const Scheme& scheme, const KeyChord& chord);

// The frame on screen when a key went down, or why no frame was (nothing decoded yet, or
// the recording cannot be decoded where it is): a key never codes a frame nobody saw.
struct OnScreen {
    std::optional<FrameTime> frame;
    std::string why_none;
    uint64_t recording = 0;  // which opening of a recording showed it (Workbench::media_opened)
};

// Whether a held arrow steps now: after kHoldDelayUs down, each time the last step is on
// screen; never while a text field has the keyboard (there Left/Right move the cursor).
// `since_us` is when the key went down (-1 while up), kept by the caller.
constexpr int64_t kHoldDelayUs = 300'000;  // a tap steps once; a hold steps on from here
bool held_key_steps(int64_t& since_us, bool down, bool text_field_active, bool step_on_screen,
                    int64_t now_us);

class KeyInput {
  public:
    struct Press {
        KeyChord chord;
        bool repeat = false;  // the system's auto-repeat while held
        // The frame on screen when the key went down; nullopt: when it is handled.
        std::optional<OnScreen> seen = std::nullopt;
        std::optional<KeyChord> position = std::nullopt;  // the US-layout chord when it differs
    };
    void push(Press p) { presses_.push_back(std::move(p)); }
    std::optional<Press> pop();

    // A key held by the script ("hold Right 2000").
    void hold(int key, bool down);
    bool script_holds(int key) const { return held_.count(key) > 0; }
    // What the window says is held now (GLFW key codes), told once a frame before the
    // dispatch, which asks this and never the window.
    void window_down(int key, bool down);
    bool window_holds(int key) const { return window_held_.count(key) > 0; }
    bool window_holds_shift() const;
    // The keys whose being held matters (the arrows and Shift), for the window to report.
    // When a held key went down (-1 while up), for stepping on at the display rate.
    int64_t& hold_started(int key) { return hold_started_.try_emplace(key, -1).first->second; }

  private:
    std::deque<Press> presses_;
    std::set<int> held_, window_held_;
    std::map<int, int64_t> hold_started_;
};

}  // namespace attune::app
