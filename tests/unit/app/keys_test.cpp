// What a key event means in the workstation, without a window: the layout's character
// for printable keys (glfwGetKeyName's answer is passed in, as each layout reports it),
// GLFW codes for keys that type nothing, and the held-arrow rule.
#include "keys.hpp"
#include "shipped_scheme.hpp"

#include <GLFW/glfw3.h>

#include <catch2/catch.hpp>

using namespace attune;
using namespace attune::app;

namespace {
using attune::testing::ssp;
std::string coded(int glfw_key, const char* layout_name, int glfw_mods = 0) {
    auto e = key_event(glfw_key, layout_name, glfw_mods);
    REQUIRE(e);
    const BehaviourDef* b = behaviour_on(ssp(), e->chord);
    return b ? b->id : "";
}
KeyChord chord(const std::string& text) {
    return parse_key_chord(text).value();
}
}  // namespace

TEST_CASE("a key codes the behaviour bound to the character its layout puts on it", "[keys]") {
    SECTION("QWERTZ: the key labelled z is at the US y place") {
        CHECK(coded(GLFW_KEY_Y, "z") == "VOC_TO");   // 'z'
        CHECK(coded(GLFW_KEY_Z, "y") == "TANTRUM");  // 'y'
        CHECK(key_event(GLFW_KEY_Y, "z", 0)->position == chord("y"));
    }
    SECTION("AZERTY: a and q change places, and so do z and w") {
        CHECK(coded(GLFW_KEY_Q, "a") == "APPROACH");
        CHECK(coded(GLFW_KEY_A, "q") == "SQUIRM_DOWN");
        CHECK(coded(GLFW_KEY_W, "z") == "VOC_TO");
    }
    SECTION("US: the layout's name and the place agree") {
        CHECK(coded(GLFW_KEY_H, "h") == "HARD_CRY");
        CHECK(coded(GLFW_KEY_G, "g", GLFW_MOD_ALT) == "P_GREET");
    }
    SECTION("Shift and a letter is the scheme's capital letter") {
        CHECK(coded(GLFW_KEY_S, "s", GLFW_MOD_SHIFT) == "S_ENTER");   // "Shift+S"
        CHECK(coded(GLFW_KEY_S, "s", GLFW_MOD_CONTROL) == "S_EXIT");  // "Ctrl+S"
        CHECK(coded(GLFW_KEY_S, "s") == "SMILE_AT");                  // "s"
        CHECK(key_event(GLFW_KEY_Y, "z", GLFW_MOD_SHIFT)->chord == chord("Z"));
    }
    SECTION("digits stay digits where the layout types them with Shift (AZERTY)") {
        CHECK(coded(GLFW_KEY_9, "\xc3\xa7") == "D_MARKER");  // the key shows 9 and ç
        CHECK(coded(GLFW_KEY_0, "\xc3\xa0") == "FREEZE");
        CHECK(coded(GLFW_KEY_KP_8, "8") == "STEREOTYPY");
        CHECK(key_event(GLFW_KEY_1, "&", GLFW_MOD_ALT)->chord == chord("Alt+1"));
    }
    SECTION("a layout that reports upper case or nothing") {
        CHECK(key_event(GLFW_KEY_Y, "Z", 0)->chord == chord("z"));
        CHECK(key_event(GLFW_KEY_LEFT_BRACKET, nullptr, 0)->chord == chord("["));
        CHECK(key_event(GLFW_KEY_LEFT_BRACKET, "\xc3\xbc", 0)->chord == chord("\xc3\xbc"));  // ü
        CHECK(key_event(GLFW_KEY_LEFT_BRACKET, "\xc3\xbc", 0)->position == chord("["));
    }
    SECTION("keys that type nothing go by code, with their modifiers") {
        CHECK(key_event(GLFW_KEY_F1, nullptr, GLFW_MOD_SHIFT)->chord == chord("Shift+F1"));
        CHECK(coded(GLFW_KEY_F1, nullptr, GLFW_MOD_SHIFT) == "SESSION_START");
        CHECK(key_event(GLFW_KEY_SPACE, nullptr, 0)->chord == chord("Space"));
        CHECK(key_event(GLFW_KEY_RIGHT, nullptr, GLFW_MOD_SHIFT)->chord == chord("Shift+Right"));
        CHECK(key_event(GLFW_KEY_KP_ENTER, nullptr, 0)->chord == chord("Enter"));
        CHECK(key_event(GLFW_KEY_Z, "z", GLFW_MOD_CONTROL | GLFW_MOD_SHIFT)->chord ==
              chord("Ctrl+Shift+Z"));
        CHECK(key_event(GLFW_KEY_S, "s", GLFW_MOD_SUPER)->chord == chord("Super+s"));
    }
    SECTION("lock states are not modifiers; modifier keys alone are no chord") {
        CHECK(key_event(GLFW_KEY_H, "h", GLFW_MOD_CAPS_LOCK | GLFW_MOD_NUM_LOCK)->chord ==
              chord("h"));
        CHECK_FALSE(key_event(GLFW_KEY_LEFT_SHIFT, nullptr, GLFW_MOD_SHIFT));
        CHECK_FALSE(key_event(GLFW_KEY_RIGHT_ALT, nullptr, GLFW_MOD_ALT));
        CHECK_FALSE(key_event(GLFW_KEY_CAPS_LOCK, nullptr, 0));
    }
}

TEST_CASE("held arrows step after the hold delay, never while a text field has the keyboard",
          "[keys]") {
    int64_t since = -1;
    SECTION("a hold steps from 300 ms, each time the last step is on screen") {
        CHECK_FALSE(held_key_steps(since, true, false, true, 1'000'000));
        CHECK(since == 1'000'000);
        CHECK_FALSE(held_key_steps(since, true, false, true, 1'299'999));
        CHECK(held_key_steps(since, true, false, true, 1'300'000));
        CHECK_FALSE(held_key_steps(since, true, false, false, 1'400'000));  // step not shown yet
        CHECK_FALSE(held_key_steps(since, false, false, true, 1'500'000));
        CHECK(since == -1);
    }
    SECTION("in a text field Left/Right move the cursor, however long they are held") {
        CHECK_FALSE(held_key_steps(since, true, true, true, 1'000'000));
        CHECK_FALSE(held_key_steps(since, true, true, true, 5'000'000));
        CHECK(since == -1);
        // Leaving the field while still holding starts the hold again.
        CHECK_FALSE(held_key_steps(since, true, false, true, 5'100'000));
        CHECK_FALSE(held_key_steps(since, true, false, true, 5'399'999));
        CHECK(held_key_steps(since, true, false, true, 5'400'000));
    }
}
