// Review comments in the workstation (issue 12 point 7), in a real window: a supervisor
// comments (attune-cli) on the event alice coded and on her classification; alice opens her
// pass, is told about them, sees the badge on the event in the timeline (read back from the
// screenshot's pixels), and replies on the Comments tab.
#include <catch2/catch.hpp>
#include <cmath>

#include "png_image.hpp"
#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;

namespace {

// Whether the pixel is the badge's colour (palette::kCommentBadge, 140 205 255).
bool badge_colour(const RgbImage& img, int x, int y) {
    const size_t at =
        (static_cast<size_t>(y) * static_cast<size_t>(img.width) + static_cast<size_t>(x)) * 3;
    return std::abs(img.rgb[at] - 140) < 12 && std::abs(img.rgb[at + 1] - 205) < 12 &&
           std::abs(img.rgb[at + 2] - 255) < 12;
}

// The pixel at the badge's centre on the first lane, for an event starting on `frame`.
bool badge_at(const std::string& shot, int frame) {
    const auto at = read_picture_note(shot);
    REQUIRE(at.count("timeline_x0"));
    const double x = static_cast<double>(at.at("timeline_x0")) +
                     (frame / 30.0 * 1e6 - static_cast<double>(at.at("timeline_start_us"))) /
                         static_cast<double>(at.at("timeline_span_us")) *
                         static_cast<double>(at.at("timeline_width"));
    const auto img = read_png(shot);
    REQUIRE(img.ok());
    return badge_colour(*img, static_cast<int>(std::lround(x)) + 4,
                        static_cast<int>(at.at("timeline_lanes_y")) + 4);
}

}  // namespace

TEST_CASE("a supervisor's comments reach the coder as badges and threads she can answer",
          "[ui][comments]") {
    const UiStudy s = make_ui_study("comments", "ui_coding", 10);
    const std::string before = s.dir + "/before.png";
    run_ok(workstation_command(
        s, write_script(s, "a.script", "open P01\nseek 30\nkey Alt+g\nseek 60\nframes 3\nquit\n"),
        before));
    CHECK_FALSE(badge_at(before, 30));  // no comment yet: no badge

    const std::vector<std::string> pass = {"--session", "P01", "--coder", "alice"};
    auto cli = [&](std::vector<std::string> argv) {
        argv.insert(argv.begin(), {ATTUNE_CLI_PATH, "--user", "sup"});
        return run_ok(argv);
    };
    cli({"comment", "add", s.study, "--session", "P01", "--coder", "alice", "--event", "30",
         "--text", "the greeting starts earlier?"});
    cli({"comment", "add", s.study, "--session", "P01", "--coder", "alice", "--classification",
         "--text", "B3 or B4?"});

    const std::string after = s.dir + "/after.png";
    const auto r = run_ok(workstation_command(
        s,
        write_script(s, "b.script",
                     "open P01\nseek 60\ntab comments\nframes 3\nreply 1 no, frame 30 is "
                     "right\nframes 5\nquit\n"),
        after));
    CHECK_THAT(r.output, Catch::Contains("2 review comment(s) on this pass"));
    CHECK(badge_at(after, 30));

    const auto list = cli({"comment", "list", s.study, "--format", "csv"});
    CHECK_THAT(list.output, Catch::Contains("3,1,P01,alice,primary,event P_GREET (parent) at "
                                            "frame 30,alice,") &&
                                Catch::Contains(",\"no, frame 30 is right\""));
}
