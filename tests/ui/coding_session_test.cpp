// The real workstation under xvfb-run, driven by a script the way a coder's keys
// drive it: step to a frame, start a state, step on, stop it, code a point, quit.
// The study must then hold exactly those events at exactly those frames, and the
// video area of the last screenshot must show (by its barcode) the last frame.
#include <catch2/catch.hpp>
#include <map>

#include "attune/coding/sqlite.hpp"
#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;

namespace {

// identity -> created_at of the frame indexes the study keeps.
std::map<std::string, std::string> kept_index(const std::string& study) {
    auto db = sql::Db::open(study, SQLITE_OPEN_READONLY);
    REQUIRE(db.ok());
    std::map<std::string, std::string> out;
    auto s = db->prepare("SELECT identity, created_at FROM media_index");
    while (s.step()) out[s.text(0)] = s.text(1);
    return out;
}

}  // namespace

TEST_CASE("coding by keys lands events on the frames shown", "[ui][coding]") {
    const UiStudy s = make_ui_study("coding_by_keys", "ui_coding", 6);
    const int n = 52, m = 11;  // steps across the keyframe at 60 with B-frames
    std::string script = "open P01\nseek " + std::to_string(n) + "\nkey f\n";
    for (int i = 0; i < m; ++i) script += "key Right\n";
    script += "key f\nkey Alt+g\nquit\n";
    const std::string shot = s.dir + "/last.png";
    auto run =
        run_process(workstation_command(s, write_script(s, "keys.script", script), shot), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE_FALSE(run->timed_out);
    REQUIRE(run->exit_code == 0);

    const auto events = coded_events(s.study);
    REQUIRE(events.size() == 2);
    CHECK(events[0].behaviour == "FUSS");
    CHECK(events[0].subject == "child");
    CHECK(events[0].start_frame == n);
    CHECK(events[0].stop_frame == n + m);
    CHECK(events[1].behaviour == "P_GREET");
    CHECK(events[1].start_frame == n + m);
    CHECK(events[1].stop_frame == n + m);
    CHECK(events[0].start_us == (n * 1000000LL + 29) / 30);  // 30 fps: t rounded up to the µs

    const auto note = read_picture_note(shot);
    REQUIRE(note.count("frame"));
    CHECK(note.at("frame") == n + m);
    const auto code = barcode_in_screenshot(shot);
    REQUIRE(code);
    CHECK(*code == static_cast<uint32_t>(n + m));
}

TEST_CASE("typing into a text field never codes", "[ui][coding]") {
    const UiStudy s = make_ui_study("typing_never_codes", "ui_coding", 6);
    // Ctrl+G opens the go-to field with the keyboard in it; "f" and "c" are behaviour keys.
    const std::string script =
        "open P01\nseek 10\nkey Ctrl+G\nframes 2\ntext fc\nkey f\nkey c\nkey Escape\nquit\n";
    auto run =
        run_process(workstation_command(s, write_script(s, "typing.script", script), ""), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    CHECK(coded_events(s.study).empty());
}

TEST_CASE("undo and redo in the workstation survive a restart", "[ui][coding]") {
    const UiStudy s = make_ui_study("undo_restart", "ui_coding", 6);
    auto first =
        run_process(workstation_command(
                        s,
                        write_script(s, "code.script",
                                     "open P01\nseek 30\nkey Alt+g\nseek 40\nkey Alt+g\nquit\n"),
                        ""),
                    180);
    REQUIRE(first.ok());
    REQUIRE(first->exit_code == 0);
    REQUIRE(coded_events(s.study).size() == 2);
    const auto first_index = kept_index(s.study);
    REQUIRE(first_index.size() == 1);  // the frame index was kept in the study
    auto second = run_process(
        workstation_command(s, write_script(s, "undo.script", "open P01\nkey Ctrl+Z\nquit\n"), ""),
        180);
    REQUIRE(second.ok());
    REQUIRE(second->exit_code == 0);
    auto events = coded_events(s.study);
    REQUIRE(events.size() == 1);
    CHECK(events[0].start_frame == 30);
    auto third = run_process(
        workstation_command(s, write_script(s, "redo.script", "open P01\nkey Ctrl+Shift+Z\nquit\n"),
                            ""),
        180);
    REQUIRE(third.ok());
    REQUIRE(coded_events(s.study).size() == 2);
    CHECK(kept_index(s.study) == first_index);  // later opens used it, never rebuilt it
}
