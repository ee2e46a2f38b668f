// The binding table without a window: the default chords of coding/'s action table, lookup
// by chord, rebinding from keys.ini with each kind of refusal, and the open scheme's keys.
#include "bindings.hpp"
#include "shipped_scheme.hpp"

#include <catch2/catch.hpp>

using namespace attune;
using namespace attune::app;

namespace {
using attune::testing::ssp;
KeyChord chord(const std::string& text) {
    return parse_key_chord(text).value();
}
std::string action_on(const KeyBindings& b, const std::string& text) {
    const WorkstationAction* a = b.action_on(chord(text));
    return a ? std::string(a->name) : "";
}
}  // namespace

TEST_CASE("parse_chord reads chords as the key map and schemes write them", "[keys][bindings]") {
    CHECK(parse_chord("Shift+F1") == KeyChord{"F1", KeyChord::Shift});
    CHECK(parse_chord("ctrl+p") == KeyChord{"p", KeyChord::Ctrl});
    CHECK(parse_chord("Ctrl+P") == KeyChord{"p", KeyChord::Ctrl});
    CHECK(parse_chord("f") == KeyChord{"f", 0});
    CHECK(parse_chord("S") == KeyChord{"s", KeyChord::Shift});
    CHECK(parse_chord("Left") == KeyChord{"Left", 0});
    CHECK(parse_chord("[") == KeyChord{"[", 0});
    CHECK(parse_chord("Esc") == parse_chord("Escape"));
    CHECK(parse_chord("Ctrl+Shift+Z") == KeyChord{"z", KeyChord::Ctrl | KeyChord::Shift});
    CHECK_FALSE(parse_chord(""));
    CHECK_FALSE(parse_chord("Ctrl+"));
    CHECK_FALSE(parse_chord("Hyper+x"));
    CHECK_FALSE(parse_chord("NoSuchKey"));
}

TEST_CASE("the default bindings are coding/'s action table", "[bindings]") {
    const KeyBindings b;
    CHECK(action_on(b, "Space") == "play-pause");
    CHECK(action_on(b, "Right") == "step-forward");
    CHECK(action_on(b, "Shift+Left") == "jump-back");
    CHECK(action_on(b, "\\") == "normal-speed");
    CHECK(action_on(b, "Ctrl+Z") == "undo");
    CHECK(action_on(b, "Ctrl+Shift+Z") == "redo");
    CHECK(action_on(b, "Ctrl+Y") == "redo");
    CHECK(action_on(b, "Escape") == "cancel");
    CHECK(action_on(b, "s").empty());  // a letter is the scheme's
    CHECK(b.chords_text("redo") == "Ctrl+Shift+z / Ctrl+y");
    CHECK(b.chords_of("no-such-action").empty());

    SECTION("every chord of the table is one the scheme checker refuses, and no other") {
        size_t chords = 0;
        for (const WorkstationAction& a : workstation_actions()) {
            CHECK_FALSE(a.description.empty());
            for (std::string_view c : a.chords) {
                ++chords;
                CHECK(is_workstation_chord(chord(std::string(c))));
                CHECK(action_on(b, std::string(c)) == a.name);
            }
        }
        CHECK(chords == workstation_chords().size());
        // 29 + Ctrl+4 (show-audit) + Ctrl+5 (show-reliability) + Ctrl+6 (show-review) +
        // Ctrl+Down / Ctrl+Up (next- / previous-disagreement) + Ctrl+7 (show-feedback)
        CHECK(chords == 35);
        CHECK_FALSE(is_workstation_chord(chord("s")));
        // The feedback screens' keys are not the workstation's everywhere: a scheme may use
        // 'o' or 'f' (they never code on those screens).
        for (const WorkstationAction& a : feedback_actions())
            for (std::string_view c : a.chords) {
                INFO(a.name << " " << c);
                CHECK(parse_key_chord(c).ok());
                if (a.name.substr(0, 4) == "mark")
                    CHECK_FALSE(is_workstation_chord(chord(std::string(c))));
            }
    }
    SECTION("no chord runs two actions") {
        std::set<KeyChord> seen;
        for (std::string_view c : workstation_chords())
            CHECK(seen.insert(chord(std::string(c))).second);
    }
}

TEST_CASE("keys.ini rebinds workstation actions and refuses what cannot work", "[bindings]") {
    KeyBindings b;
    SECTION("an action on another chord leaves its default") {
        CHECK(b.read("# mine\nplay-pause = p\n\n", "keys.ini").empty());
        CHECK(action_on(b, "p") == "play-pause");
        CHECK(action_on(b, "Space").empty());
        CHECK(b.chords_text("play-pause") == "p");
    }
    SECTION("two lines for one action give it both chords") {
        CHECK(b.read("undo = Ctrl+U\nundo = F2\n", "keys.ini").empty());
        CHECK(action_on(b, "Ctrl+U") == "undo");
        CHECK(action_on(b, "F2") == "undo");
        CHECK(action_on(b, "Ctrl+Z").empty());
    }
    SECTION("an unknown action") {
        const auto told = b.read("paly-pause = p\n", "/home/ana/.config/attune/keys.ini");
        REQUIRE(told.size() == 1);
        CHECK(told[0] ==
              "/home/ana/.config/attune/keys.ini line 1: 'paly-pause' is no workstation action; "
              "use a name the key map (F1) lists, e.g. play-pause");
        CHECK(action_on(b, "p").empty());
        CHECK(action_on(b, "Space") == "play-pause");
    }
    SECTION("a chord that does not parse keeps the default") {
        const auto told = b.read("\nundo = Ctrl+Bogus\n", "keys.ini");
        REQUIRE(told.size() == 1);
        CHECK_THAT(told[0], Catch::StartsWith("keys.ini line 2: 'Ctrl+Bogus' is no key chord ("));
        CHECK_THAT(told[0], Catch::EndsWith("); undo keeps its default keys"));
        CHECK(action_on(b, "Ctrl+Z") == "undo");
    }
    SECTION("a line without '='") {
        const auto told = b.read("undo Ctrl+U\n", "keys.ini");
        REQUIRE(told.size() == 1);
        CHECK(told[0] ==
              "keys.ini line 1: write 'action = chord' (e.g. 'play-pause = p'); ignored");
    }
    SECTION("two actions on one chord: the rebound one keeps its default") {
        const auto told = b.read("undo = Space\n", "keys.ini");
        REQUIRE(told.size() == 1);
        CHECK(told[0] ==
              "keys.ini line 1: Space already runs play-pause; give play-pause another chord in "
              "the file too, or choose a free one; undo keeps its default key Ctrl+Z");
        CHECK(action_on(b, "Space") == "play-pause");
        CHECK(action_on(b, "Ctrl+Z") == "undo");
    }
    SECTION("two rebound actions on one chord: both keep their defaults") {
        const auto told = b.read("undo = F2\nredo = F2\n", "keys.ini");
        REQUIRE(told.size() == 1);  // the second one refused frees F2 for the first
        CHECK(action_on(b, "F2") == "undo");
        CHECK(action_on(b, "Ctrl+Y") == "redo");
    }
    SECTION("swapping two chords works when both are rebound") {
        CHECK(b.read("undo = Space\nplay-pause = Ctrl+Z\n", "keys.ini").empty());
        CHECK(action_on(b, "Space") == "undo");
        CHECK(action_on(b, "Ctrl+Z") == "play-pause");
    }
    SECTION("a missing file is no error") {
        CHECK(b.load("/nonexistent/attune-config").empty());
        CHECK(action_on(b, "Space") == "play-pause");
    }
}

TEST_CASE("the open scheme's keys join the table and win over a rebinding", "[bindings]") {
    KeyBindings b;
    REQUIRE(b.read("undo = s\nplay-pause = F2\n", "keys.ini").empty());
    CHECK(action_on(b, "s") == "undo");

    const auto told = b.use_scheme(&ssp());
    REQUIRE(told.size() == 1);
    CHECK(told[0] ==
          "keys.ini line 1: s is the key of behaviour SMILE_AT in the open scheme; choose a chord "
          "the scheme does not use; undo keeps its default key Ctrl+Z");
    CHECK(action_on(b, "s").empty());
    CHECK(action_on(b, "Ctrl+Z") == "undo");
    CHECK(action_on(b, "F2") == "play-pause");  // the other rebinding stands
    REQUIRE(b.behaviour_on(chord("s")));
    CHECK(b.behaviour_on(chord("s"))->id == "SMILE_AT");
    CHECK(b.behaviour_on(chord("Shift+S"))->id == "S_ENTER");

    SECTION("closing the pass gives the rebinding back") {
        CHECK(b.use_scheme(nullptr).empty());
        CHECK(action_on(b, "s") == "undo");
        CHECK_FALSE(b.behaviour_on(chord("s")));
    }
}
