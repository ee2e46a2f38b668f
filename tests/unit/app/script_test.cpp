// The `--script` parser: what each line becomes, and the message for each kind of mistake.
#include <catch2/catch.hpp>

#include "script.hpp"

using attune::app::parse_script;

TEST_CASE("a script's lines become commands with what the runner needs", "[app][script]") {
    auto parsed = parse_script(
        "# a comment\n"
        "open P01 as bob reliability\n"
        "\n"
        "seek 120   # comment after a command\r\n"
        "key Shift+s\n"
        "hold Right 2000\n"
        "text a # b\n",
        "t.script");
    REQUIRE(parsed);
    const auto& c = *parsed;
    REQUIRE(c.size() == 5);
    CHECK(c[0].verb == "open");
    CHECK(c[0].arg == "P01 as bob reliability");
    CHECK(c[0].line == 2);
    CHECK(c[1].verb == "seek");
    CHECK(c[1].number == 120);
    CHECK(c[1].arg == "120");
    CHECK(c[1].line == 4);
    REQUIRE(c[2].chord);
    CHECK(c[2].chord->text() == "Shift+s");
    REQUIRE(c[3].chord);
    CHECK(c[3].chord->text() == "Right");
    CHECK(c[3].number == 2000);
    CHECK(c[4].verb == "text");
    CHECK(c[4].arg == "a # b");  // typed as it is, '#' included
}

TEST_CASE("every wrong line is named with its number and what to write instead", "[app][script]") {
    auto parsed = parse_script(
        "seek ten\n"
        "wait -5\n"
        "frobnicate 3\n"
        "hold Right\n"
        "screen kitchen\n"
        "tab nope\n"
        "mouse 1\n"
        "point D rating nan\n"
        "point D rating 1.5\n"
        "open P01 as bob boss\n"
        "answer\n"
        "locate P02\n"
        "key Ctrl+\n",
        "t.script");
    REQUIRE_FALSE(parsed);
    const std::string& m = parsed.error().message;
    CHECK_THAT(m, Catch::Contains("t.script:1: 'seek' needs a whole number, e.g. 'seek 10'"));
    CHECK_THAT(m, Catch::Contains("t.script:2: 'wait' needs a whole number"));
    CHECK_THAT(m, Catch::Contains("t.script:3: unknown command 'frobnicate' ("));
    CHECK_THAT(m, Catch::Contains("t.script:4: 'hold' needs a key"));
    CHECK_THAT(m, Catch::Contains(
                      "t.script:5: 'screen' takes sessions, coding, tallies, audit, reliability, "
                      "review or feedback"));
    CHECK_THAT(m, Catch::Contains("t.script:6: 'tab' takes events"));
    CHECK_THAT(m, Catch::Contains("t.script:7: 'mouse' needs pixel coordinates"));
    CHECK_THAT(m, Catch::Contains("t.script:8: 'point' needs a control and a fraction"));
    CHECK_THAT(m, Catch::Contains("t.script:9: 'point' needs a control and a fraction"));
    CHECK_THAT(m, Catch::Contains("t.script:10: 'open P01 as CODER ROLE'"));
    CHECK_THAT(m, Catch::Contains("t.script:11: 'answer' needs the button's name"));
    CHECK_THAT(m, Catch::Contains("t.script:12: 'locate' needs a session label and a file"));
    CHECK_THAT(m, Catch::Contains("t.script:13: 'key Ctrl+':"));
    CHECK_THAT(m, Catch::EndsWith("Fix these lines of the script and run again."));
}

TEST_CASE("an unknown command's message lists every verb the runner knows", "[app][script]") {
    auto parsed = parse_script("dance\n", "s");
    REQUIRE_FALSE(parsed);
    for (const char* verb :
         {"open", "seek", "key", "hold", "text", "wait", "frames", "screen", "tab", "drop",
          "locate", "mouse", "point", "press", "release", "answer", "quit"})
        CHECK_THAT(parsed.error().message, Catch::Contains(verb));
}
