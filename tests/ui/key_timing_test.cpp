// When a key acts, in the real workstation under xvfb-run: a held arrow never steps
// while a text field has the keyboard.
#include <catch2/catch.hpp>

#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;

TEST_CASE("holding Right in a text field moves the cursor, never the video", "[ui][keys]") {
    const UiStudy s = make_ui_study("hold_in_text_field", "ui_coding", 6);
    // Ctrl+G opens the go-to field with the keyboard in it; Right is held for 1.5 s there,
    // five times the hold delay.
    const std::string script =
        "open P01\nseek 10\nkey Ctrl+G\nframes 2\nhold Right 1500\nkey Escape\nframes 5\nquit\n";
    const std::string shot = s.dir + "/held.png";
    auto run =
        run_process(workstation_command(s, write_script(s, "hold.script", script), shot), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    CHECK(read_picture_note(shot).at("frame") == 10);
    const auto code = barcode_in_screenshot(shot);
    REQUIRE(code);
    CHECK(*code == 10u);
}
