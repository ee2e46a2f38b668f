// The Reliability screen (Ctrl+5, issue 12 points 1 and 4), in a real window: the figures it
// computes in the background are attune-cli reliability's (the same function, counted
// figure for figure), and a reliability coder still blind to the primary pass is refused.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "ui_session.hpp"

using namespace attune::testing;

TEST_CASE("the Reliability screen shows attune-cli's figures, and refuses a blind coder",
          "[ui][reliability]") {
    const UiStudy s = make_ui_study("reliability_screen", "ui_coding", 10);
    code_two_passes(s, "seek 35\nkey Alt+g\n");

    const std::string screen = "screen reliability\nwait 3000\nframes 3\nquit\n";
    const auto blind = run_ok(as_coder(
        "bob", workstation_command(s, write_script(s, "blind.script", screen), s.dir + "/b.png")));
    CHECK_THAT(blind.output, Catch::Contains("bob codes the reliability pass of 1 session(s) and "
                                             "is blind to their primary passes"));
    CHECK_THAT(blind.output, !Catch::Contains("Agreement computed"));

    const auto cli =
        run_ok({ATTUNE_CLI_PATH, "--user", "sup", "reliability", s.study, "--format", "json"});
    const auto report = nlohmann::json::parse(cli.output);
    const size_t figures = report.at("figures").size();
    REQUIRE(figures > 0);
    const auto sup = run_ok(as_coder(
        "sup", workstation_command(s, write_script(s, "sup.script", screen), s.dir + "/sup.png")));
    CHECK_THAT(sup.output, Catch::Contains("Agreement computed for 1 double-coded session(s): " +
                                           std::to_string(figures) + " figures"));
}
