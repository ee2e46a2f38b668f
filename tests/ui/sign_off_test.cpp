// Sign-off in the workstation (issue 12 point 7): a supervisor signs a coder's pass off
// from the sessions screen, the coder's keys are then refused on screen with how to
// unlock, and a supervisor's unlock (with a reason) lets the coder go on.
#include <algorithm>
#include <catch2/catch.hpp>

#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;

TEST_CASE("a signed-off pass refuses the coder's keys until a supervisor unlocks it",
          "[ui][sign-off]") {
    const UiStudy s = make_ui_study("sign_off", "ui_coding", 3);
    run_ok(workstation_command(
        s, write_script(s, "code.script", "open P01\nseek 10\nkey Alt+g\nquit\n"), ""));
    REQUIRE(coded_events(s.study).size() == 1);

    const auto own = run_ok(workstation_command(
        s, write_script(s, "own.script", "sign-off P01 alice primary\nframes 3\nquit\n"), ""));
    CHECK_THAT(own.output, Catch::Contains("alice coded this pass, so cannot sign it off"));

    const auto signed_off = run_ok(as_coder(
        "sup",
        workstation_command(
            s, write_script(s, "sign.script", "sign-off P01 alice primary\nframes 3\nquit\n"),
            "")));
    CHECK_THAT(signed_off.output, Catch::Contains("Signed off the pass"));

    const auto refused = run_ok(workstation_command(
        s, write_script(s, "refused.script", "open P01\nseek 20\nkey Alt+g\nframes 3\nquit\n"),
        s.dir + "/signed-off.png"));
    CHECK_THAT(refused.output, Catch::Contains("error: Refused: this pass is signed off") &&
                                   Catch::Contains("unlock"));
    REQUIRE(coded_events(s.study).size() == 1);

    run_ok(as_coder(
        "sup", workstation_command(
                   s,
                   write_script(s, "unlock.script",
                                "unlock P01 alice primary recode the reunion\nframes 3\nquit\n"),
                   "")));
    run_ok(workstation_command(
        s, write_script(s, "again.script", "open P01\nseek 20\nkey Alt+g\nquit\n"), ""));
    const auto events = coded_events(s.study);
    REQUIRE(events.size() == 2);
    CHECK(events[1].start_frame == 20);
}

namespace {

void cli_ok(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {ATTUNE_CLI_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_process(argv, 60);
    REQUIRE(r.ok());
    INFO(r->output);
    REQUIRE(r->exit_code == 0);
}

}  // namespace

TEST_CASE(
    "a blind reliability coder cannot open the primary pass, nor see its codes, until "
    "unblinded",
    "[ui][blinding]") {
    const UiStudy s = make_ui_study("blind", "ui_coding", 3);
    cli_ok({"--user", "ab", "classification", "set", s.study, "--session", "P01", "--coder", "ab",
            "--code", "B3"});
    cli_ok({"--user", "sup", "double-coding", "select", s.study, "--sessions", "P01"});
    cli_ok({"--user", "alice", "rating", "set", s.study, "--session", "P01", "--coder", "alice",
            "--role", "reliability", "--scale", "PS", "--target", "parent", "--episode", "E5",
            "--value", "3"});
    const std::string script = "screen tallies\nframes 5\nopen P01 as ab primary\nframes 3\nquit\n";
    const auto blind = run_ok(
        workstation_command(s, write_script(s, "blind.script", script), s.dir + "/blind.png"));
    CHECK_THAT(blind.output, Catch::Contains("alice codes the reliability pass of session P01"));
    CHECK_THAT(blind.output, !Catch::Contains("Coding P01: ab's primary pass"));

    cli_ok({"--user", "sup", "double-coding", "unblind", s.study, "--session", "P01"});
    const auto seen = run_ok(workstation_command(s, write_script(s, "seen.script", script), ""));
    CHECK_THAT(seen.output, Catch::Contains("Coding P01: ab's primary pass"));
}
