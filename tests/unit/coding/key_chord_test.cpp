#include "attune/coding/key_chord.hpp"

#include <catch2/catch.hpp>

using namespace attune;

namespace {
std::string canonical(const std::string& text) {
    auto c = parse_key_chord(text);
    if (!c) FAIL(text << ": " << c.error().message);
    return c->text();
}
std::string error_of(const std::string& text) {
    auto c = parse_key_chord(text);
    if (c) FAIL(text << " parsed as " << c->text());
    return c.error().message;
}
}  // namespace

TEST_CASE("key chords have one canonical form", "[keys]") {
    SECTION("modifiers in a fixed order, whatever the spelling") {
        CHECK(canonical("ctrl+p") == "Ctrl+p");
        CHECK(canonical("Control+p") == "Ctrl+p");
        CHECK(canonical("shift+CTRL+x") == "Ctrl+Shift+x");
        CHECK(canonical("Super+Alt+1") == "Alt+Super+1");
        CHECK(canonical(" Ctrl + g ") == "Ctrl+g");
    }
    SECTION("a capital letter alone is Shift and the letter") {
        CHECK(canonical("S") == "Shift+s");
        CHECK(canonical("Shift+s") == "Shift+s");
        CHECK(canonical("Shift+S") == "Shift+s");
        CHECK(parse_key_chord("S").value() == parse_key_chord("Shift+s").value());
        CHECK(canonical("Ö") == "Shift+ö");
    }
    SECTION("after a modifier the letter's case does not matter, as menus write it") {
        CHECK(canonical("Ctrl+S") == "Ctrl+s");
        CHECK(canonical("Alt+G") == "Alt+g");
        CHECK(canonical("Ctrl+Shift+Z") == "Ctrl+Shift+z");
    }
    SECTION("different modifiers are different keys") {
        CHECK(parse_key_chord("Control+p").value() != parse_key_chord("p").value());
        CHECK(parse_key_chord("Alt+1").value() != parse_key_chord("1").value());
        CHECK(parse_key_chord("s").value() != parse_key_chord("S").value());
    }
    SECTION("named keys, with their usual short names") {
        CHECK(canonical("space") == "Space");
        CHECK(canonical("Esc") == "Escape");
        CHECK(canonical("return") == "Enter");
        CHECK(canonical("pgdn") == "PageDown");
        CHECK(canonical("Shift+f1") == "Shift+F1");
        CHECK(canonical("F12") == "F12");
        CHECK(canonical("Minus") == "-");
    }
    SECTION("punctuation, digits, the plus key and characters of other layouts") {
        CHECK(canonical("[") == "[");
        CHECK(canonical("\\") == "\\");
        CHECK(canonical("9") == "9");
        CHECK(canonical("+") == "+");
        CHECK(canonical("Ctrl++") == "Ctrl++");
        CHECK(canonical("ü") == "ü");
        CHECK(canonical("Alt+é") == "Alt+é");
    }
}

TEST_CASE("a chord that names no key says what to write instead", "[keys]") {
    CHECK(error_of("Hyper+x") ==
          "'Hyper' in 'Hyper+x' is not a modifier; use Ctrl, Alt, Shift or Super");
    CHECK(error_of("Shift+") ==
          "'Shift+' names no key after its modifiers; add one, e.g. 'Shift+S'");
    CHECK(error_of("Shift") ==
          "'Shift' is only a modifier; add the key it goes with, e.g. 'Shift+S'");
    CHECK(error_of("") == "no key given; write one such as 'c', 'Shift+S' or 'F1'");
    CHECK_THAT(error_of("Ctrl+Foo"), Catch::StartsWith("'Foo' is not a key; use a single character "
                                                       "such as 'c', '9' or '[', or Space"));
    CHECK_THAT(error_of("ab"), Catch::StartsWith("'ab' is not a key"));
    CHECK_THAT(error_of("F13"), Catch::StartsWith("'F13' is not a key"));
    CHECK(error_of("Ctrl++x") ==
          "'Ctrl++x' has an empty modifier (nothing before a '+'); write chords as 'Ctrl+Shift+S'");
    CHECK(error_of("+x") ==
          "'+x' has an empty modifier (nothing before a '+'); write chords as 'Ctrl+Shift+S'");
}

TEST_CASE("keys as a layout reports them become chord keys", "[keys]") {
    CHECK(canonical_key("z") == "z");
    CHECK(canonical_key("Z") == "z");
    CHECK(canonical_key("Ä") == "ä");
    CHECK(canonical_key("&") == "&");
    CHECK(canonical_key("space") == "Space");
    CHECK(canonical_key("") == "");
    CHECK(canonical_key("dead_circumflex") == "");
    CHECK(is_letter_key("q"));
    CHECK(is_letter_key("ß"));
    CHECK_FALSE(is_letter_key("["));
    CHECK_FALSE(is_letter_key("1"));
    CHECK_FALSE(is_letter_key("Space"));
}
