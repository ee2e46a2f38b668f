// More of the workstation under xvfb-run: the modifier chooser, a recording that
// has gone missing, and 10-bit video shown frame-exactly.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "attune/coding/event_log.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/records.hpp"
#include "clip_cache.hpp"
#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;

TEST_CASE("a behaviour with required modifiers asks for them by number", "[ui][coding]") {
    const UiStudy s = make_ui_study("modifier_chooser", "ui_coding", 6);
    // APPROACH (a) requires target (1 parent, 2 stranger) and extent (1 full, 2 partial).
    const std::string script =
        "open P01\nseek 33\nkey a\nkey 1\nkey 2\nseek 40\nkey a\nkey Escape\nquit\n";
    auto run = run_process(workstation_command(s, write_script(s, "mods.script", script), ""), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    const auto events = coded_events(s.study);
    REQUIRE(events.size() == 1);  // the second was cancelled with Esc
    CHECK(events[0].behaviour == "APPROACH");
    CHECK(events[0].start_frame == 33);
    CHECK(events[0].modifiers ==
          std::map<std::string, std::string>{{"target", "parent"}, {"extent", "partial"}});
}

TEST_CASE("a recording that has moved is reported, never a crash", "[ui][bad-input]") {
    ClipSpec spec = ui_clip(2);
    UiStudy s = make_ui_study("moved_recording", "ui_moved", spec);
    // Point the session at a copy, then take the copy away.
    const std::string copy = s.dir + "/moved.mp4";
    std::filesystem::copy_file(s.recording, copy);
    add_ui_session(s, "P02", copy);
    std::filesystem::remove(copy);
    const std::string shot = s.dir + "/moved.png";
    auto run = run_process(
        workstation_command(
            s, write_script(s, "moved.script", "open P02\nkey f\nkey Right\nframes 3\nquit\n"),
            shot),
        180);
    REQUIRE(run.ok());
    INFO(run->output);
    CHECK_FALSE(run->timed_out);
    CHECK(run->exit_code == 0);
    CHECK(std::filesystem::exists(shot));
    // The coder is told, and the state key codes nothing: there is no picture to code on.
    CHECK_THAT(run->output, Catch::Contains("moved.mp4") && Catch::Contains("Locate"));
    CHECK_THAT(run->output, Catch::Contains("error: Not coded"));
    CHECK(coded_events(s.study, "P02").empty());
}

TEST_CASE("10-bit HEVC is shown frame-exactly", "[ui][video]") {
    ClipSpec spec = ui_clip(3);
    spec.video.codec = "hevc";
    spec.video.pix_fmt = AV_PIX_FMT_YUV420P10LE;
    spec.container = "mkv";
    const UiStudy s = make_ui_study("ten_bit", "ui_hevc10", spec);
    const std::string shot = s.dir + "/ten_bit.png";
    auto run = run_process(
        workstation_command(s, write_script(s, "ten.script", "open P01\nseek 47\nkey Left\nquit\n"),
                            shot),
        180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    CHECK(read_picture_note(shot).at("frame") == 46);
    const auto code = barcode_in_screenshot(shot);
    REQUIRE(code);
    CHECK(*code == 46u);
}

TEST_CASE("a dropped recording becomes a session and a moved one is located again",
          "[ui][sessions]") {
    const UiStudy s = make_ui_study("drop_and_locate", "ui_coding", 6);
    auto clip = ensure_clip("ui_drop", ui_clip(3));  // not P01's: that would ask first
    REQUIRE(clip.ok());
    const std::string dropped = s.dir + "/P07-T2.mp4";
    std::filesystem::copy_file(*clip, dropped);
    auto first = run_process(
        workstation_command(
            s,
            write_script(s, "drop.script",
                         "drop " + dropped + "\nopen P07-T2\nseek 12\nkey Alt+g\nquit\n"),
            ""),
        180);
    REQUIRE(first.ok());
    INFO(first->output);
    REQUIRE(first->exit_code == 0);

    // Move the file; the workstation is told where it went and codes on it again.
    const std::string moved = s.dir + "/moved-P07-T2.mp4";
    std::filesystem::rename(dropped, moved);
    const std::string shot = s.dir + "/located.png";
    auto second = run_process(
        workstation_command(
            s,
            write_script(s, "locate.script",
                         "locate P07-T2 " + moved + "\nopen P07-T2\nseek 25\nkey Alt+g\nquit\n"),
            shot),
        180);
    REQUIRE(second.ok());
    INFO(second->output);
    REQUIRE(second->exit_code == 0);
    CHECK(barcode_in_screenshot(shot) == std::optional<uint32_t>(25));

    auto study = Study::open(s.study, "test");
    REQUIRE(study.ok());
    auto session = find_session(*study, "P07-T2");
    REQUIRE(session);
    CHECK(session->participant == "P07");
    CHECK(session->recording_path == std::filesystem::absolute(moved).string());
    const auto events = coded_events(s.study, "P07-T2");
    REQUIRE(events.size() == 2);
    CHECK(events[0].start_frame == 12);
    CHECK(events[1].start_frame == 25);
}

TEST_CASE("a rotated recording is shown upright and frame-exact", "[ui][video]") {
    ClipSpec spec = ui_clip(3);
    spec.video.rotate_degrees = 90;
    const UiStudy s = make_ui_study("rotated", "ui_rotated", spec);
    const std::string shot = s.dir + "/rotated.png";
    auto run = run_process(
        workstation_command(
            s, write_script(s, "rot.script", "open P01\nseek 21\nkey Right\nquit\n"), shot),
        180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    const auto note = read_picture_note(shot);
    CHECK(note.at("height") > note.at("width"));  // 640x360 turned a quarter: portrait
    CHECK(barcode_in_screenshot(shot, 90) == std::optional<uint32_t>(22));
}

TEST_CASE("opening another session shows its own picture from its first frame", "[ui][video]") {
    const UiStudy s = make_ui_study("two_sessions", "ui_coding", 6);  // 640x360
    ClipSpec small = ui_clip(2);
    small.video.width = 320;
    small.video.height = 240;
    auto other = ensure_clip("ui_small", small);
    REQUIRE(other.ok());
    add_ui_session(s, "P02", *other);
    // Both first frames answer the first command of a new player: same serial, same index.
    const std::string shot = s.dir + "/second.png";
    auto run = run_process(
        workstation_command(
            s, write_script(s, "two.script", "open P01\nframes 3\nopen P02\nframes 3\nquit\n"),
            shot),
        180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    const auto note = read_picture_note(shot);
    const double aspect =
        static_cast<double>(note.at("width")) / static_cast<double>(note.at("height"));
    CHECK(aspect == Approx(320.0 / 240.0).epsilon(0.02));  // the 4:3 clip, not the 16:9 one
    CHECK(barcode_in_screenshot(shot) == std::optional<uint32_t>(0));
}

TEST_CASE("Ctrl+R rates from the keyboard: each value moves on to the next cell", "[ui][ratings]") {
    const UiStudy s = make_ui_study("rate_by_keys", "ui_coding", 6);
    // Digits are behaviour keys too (0 freeze, 8 stereotypy, 9 D marker): not while rating.
    const std::string script =
        "open P01\nkey Ctrl+R\nframes 2\nkey 6\nframes 2\nkey 5\nframes 2\nkey 9\n"
        "key Escape\nframes 2\nquit\n";
    auto run = run_process(workstation_command(s, write_script(s, "rate.script", script), ""), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    auto study = Study::open(s.study, "test");
    REQUIRE(study.ok());
    auto pass = find_pass(*study, find_session(*study, "P01")->id, "alice", PassRole::Primary);
    REQUIRE(pass);
    auto scheme = load_scheme_snapshot(*study, pass->scheme_snapshot_id);
    REQUIRE(scheme.ok());
    const auto grid = rating_grid(*scheme);
    REQUIRE(grid.size() > 2);
    auto ratings = load_ratings(*study, pass->id);
    REQUIRE(ratings.size() == 2);
    auto value_of = [&](const Rating& cell) {
        for (const Rating& r : ratings)
            if (r.scale == cell.scale && r.target == cell.target && r.episode == cell.episode)
                return r.value;
        return 0;
    };
    CHECK(value_of(grid[0]) == 6);
    CHECK(value_of(grid[1]) == 5);
    CHECK(EventLog(*study, *scheme, pass->id).events().empty());  // "9" did not code
}

TEST_CASE("bench-ui measures on a scratch copy and leaves the study untouched", "[ui][bench]") {
    const UiStudy s = make_ui_study("bench_ui", "ui_coding", 6);
    const auto before = std::filesystem::last_write_time(s.study);
    auto run = run_process(
        {"env", ATTUNE_GUI_ENV, "XDG_CONFIG_HOME=" + s.config, "xvfb-run", "-a", "-s",
         "-screen 0 1280x800x24", ATTUNE_APP_PATH, s.study, "--bench-ui", "P01", "--sound", "null"},
        240);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    // Figures are for people to read (docs/performance.md); the test checks they are printed.
    CHECK(run->output.find("frame time, empty pass:") != std::string::npos);
    CHECK(run->output.find("events:") != std::string::npos);
    CHECK(run->output.find("key to visible: 1 frame(s)") != std::string::npos);
    CHECK(run->output.find("holding Right:") != std::string::npos);
    CHECK(std::filesystem::last_write_time(s.study) == before);
    CHECK(coded_events(s.study).empty());
}

TEST_CASE("the timeline: a click seeks, dragging a state's edge moves it frame-exactly",
          "[ui][timeline]") {
    const UiStudy s = make_ui_study("timeline_mouse", "ui_coding", 6);
    // First run: code FUSS 10..40 and learn where the timeline is drawn.
    const std::string first_shot = s.dir + "/layout.png";
    auto first =
        run_process(workstation_command(
                        s,
                        write_script(s, "code.script",
                                     "open P01\nseek 10\nkey f\nseek 40\nkey f\nframes 3\nquit\n"),
                        first_shot),
                    180);
    REQUIRE(first.ok());
    REQUIRE(first->exit_code == 0);
    const auto at = read_picture_note(first_shot);
    REQUIRE(at.count("timeline_x0"));
    const double x0 = static_cast<double>(at.at("timeline_x0")),
                 width = static_cast<double>(at.at("timeline_width"));
    const double start = static_cast<double>(at.at("timeline_start_us")),
                 span = static_cast<double>(at.at("timeline_span_us"));
    auto x_of_frame = [&](double frame) {  // the middle of a frame's time on screen (30 fps)
        return static_cast<int>(
            std::lround(x0 + ((frame + 0.5) / 30.0 * 1e6 - start) / span * width));
    };
    auto x_of_us = [&](double us) {
        return static_cast<int>(std::lround(x0 + (us - start) / span * width));
    };
    const int lane_y = static_cast<int>(at.at("timeline_lanes_y") +
                                        at.at("timeline_row") / 2);  // FUSS: the only lane
    auto mouse = [&](int x) {
        return "mouse " + std::to_string(x) + " " + std::to_string(lane_y) + "\nframes 2\n";
    };

    // Second run: click empty lane space at frame 150; select FUSS; drag its stop edge to frame 70.
    std::string script =
        "open P01\nframes 3\n" + mouse(x_of_frame(150)) + "press\nframes 2\nrelease\nframes 5\n";
    script += mouse(x_of_frame(25)) + "press\nframes 2\nrelease\nframes 3\n";
    script += mouse(x_of_us(40 * 1e6 / 30)) + "press\nframes 2\n" + mouse(x_of_frame(55)) +
              mouse(x_of_frame(70)) + "release\nframes 3\nquit\n";
    const std::string shot = s.dir + "/clicked.png";
    auto second =
        run_process(workstation_command(s, write_script(s, "mouse.script", script), shot), 180);
    REQUIRE(second.ok());
    INFO(second->output);
    REQUIRE(second->exit_code == 0);
    CHECK(read_picture_note(shot).at("frame") == 150);
    CHECK(barcode_in_screenshot(shot) == std::optional<uint32_t>(150));
    auto events = coded_events(s.study);
    REQUIRE(events.size() == 1);
    CHECK(events[0].start_frame == 10);
    CHECK(events[0].stop_frame == 70);
    CHECK(events[0].stop_us == (70 * 1000000LL + 29) / 30);

    // The drag was one change: undo puts the edge back.
    auto third = run_process(
        workstation_command(s, write_script(s, "undo.script", "open P01\nkey Ctrl+Z\nquit\n"), ""),
        180);
    REQUIRE(third.ok());
    REQUIRE(third->exit_code == 0);
    events = coded_events(s.study);
    REQUIRE(events.size() == 1);
    CHECK(events[0].stop_frame == 40);
}
