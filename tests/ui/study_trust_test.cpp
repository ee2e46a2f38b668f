// The workstation when the study file cannot be written (issue 9 point 3): the key
// press is refused on screen with the reason, the workstation goes on, nothing is lost.
#include <catch2/catch.hpp>
#include <filesystem>

#include "skip.hpp"
#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;

TEST_CASE("a key press on a read-only study is refused with a message, never an abort",
          "[ui][failure]") {
    const UiStudy s = make_ui_study("read_only_study", "ui_coding", 3);
    auto first = run_process(
        workstation_command(
            s, write_script(s, "code.script", "open P01\nseek 10\nkey Alt+g\nquit\n"), ""),
        180);
    REQUIRE(first.ok());
    REQUIRE(first->exit_code == 0);
    REQUIRE(coded_events(s.study).size() == 1);

    auto frozen = run_process({"chattr", "+i", s.study}, 30);
    if (!frozen.ok() || frozen->exit_code != 0) return skip_reason("chattr +i is not available");
    auto again = run_process(
        workstation_command(
            s, write_script(s, "refused.script", "open P01\nseek 20\nkey Alt+g\nframes 3\nquit\n"),
            s.dir + "/read-only.png"),
        180);
    (void)run_process({"chattr", "-i", s.study}, 30);
    REQUIRE(again.ok());
    INFO(again->output);
    CHECK(again->exit_code == 0);
    CHECK_FALSE(again->timed_out);
    // Said when the study opens, and again when the key is refused.
    const std::string after_open = again->output.substr(again->output.find("Coding P01"));
    CHECK_THAT(again->output, Catch::Contains("is read-only: you can look"));
    CHECK_THAT(after_open, Catch::Contains("error: ") && Catch::Contains("is read-only"));
    const auto events = coded_events(s.study);
    REQUIRE(events.size() == 1);
    CHECK(events[0].start_frame == 10);
}

TEST_CASE("opening a coded pass, then another, never shows the first one's rows", "[ui][coding]") {
    const UiStudy s = make_ui_study("two_passes_lists", "ui_coding", 4);
    add_ui_session(s, "P02", s.recording);
    auto coding = run_process(
        workstation_command(s,
                            write_script(s, "code.script",
                                         "open P01\nseek 5\nkey Alt+g\nseek 10\nkey Alt+g\nseek "
                                         "15\nkey Alt+g\nseek 20\nkey Alt+g\nquit\n"),
                            ""),
        180);
    REQUIRE(coding.ok());
    REQUIRE(coding->exit_code == 0);
    REQUIRE(coded_events(s.study, "P01").size() == 4);
    // Both passes open unchanged since their opening: the lists must still be rebuilt.
    const std::string script =
        "open P01\ntab events\nframes 3\nopen P02\ntab events\nframes 3\nseek 30\nkey "
        "Alt+g\nframes 3\nopen P01\nframes 3\nquit\n";
    auto run = run_process(
        workstation_command(s, write_script(s, "two.script", script), s.dir + "/two.png"), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    CHECK(run->exit_code == 0);
    CHECK(coded_events(s.study, "P01").size() == 4);
    REQUIRE(coded_events(s.study, "P02").size() == 1);
    CHECK(coded_events(s.study, "P02")[0].start_frame == 30);
}
