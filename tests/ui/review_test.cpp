// Disagreement review and consensus in the workstation (issue 12 points 5-6), in a real
// window: alice codes the primary pass and bob the reliability pass of P01 (10-s barcode
// clip, 30 fps); a supervisor opens the review, steps to each disagreement (the video
// seeks there and plays the preference's 2 s before to 2 s after it, then pauses), starts
// the consensus pass and settles the disagreements.
#include <algorithm>
#include <catch2/catch.hpp>

#include "attune/coding/event_log.hpp"
#include "attune/coding/records.hpp"
#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;

namespace {

// "P_GREET@150" for each event of the session's consensus pass.
std::vector<std::string> consensus_events(const std::string& path) {
    auto study = Study::open(path, "test");
    REQUIRE(study.ok());
    const auto session = find_session(*study, "P01");
    REQUIRE(session);
    const auto pass = find_pass(*study, session->id, "sup", PassRole::Consensus);
    REQUIRE(pass);
    auto scheme = load_scheme_snapshot(*study, pass->scheme_snapshot_id);
    REQUIRE(scheme.ok());
    std::vector<std::string> out;
    for (const Event& e : EventLog(*study, *scheme, pass->id).events())
        out.push_back(e.behaviour + "@" + std::to_string(e.start_frame));
    return out;
}

}  // namespace

TEST_CASE("the review steps through two coders' disagreements and builds the consensus",
          "[ui][review]") {
    const UiStudy s = make_ui_study("review", "ui_coding", 10);
    code_two_passes(s, "seek 35\nkey Alt+g\nseek 150\nkey Alt+g\nseek 270\nkey Alt+u\n");

    SECTION("a coder's keys do not code on the review; the step keys seek and play") {
        const std::string shot = s.dir + "/review.png";
        const auto r = run_ok(as_coder(
            "sup",
            workstation_command(s,
                                write_script(s, "review.script",
                                             "review P01\nframes 5\nkey Alt+g\nkey Ctrl+Down\nkey "
                                             "Ctrl+Down\nkey Ctrl+Up\nwait 6000\nframes 3\nquit\n"),
                                shot)));
        CHECK_THAT(r.output, Catch::Contains("Reviewing P01: 2 disagreement(s)"));
        CHECK_THAT(r.output,
                   Catch::Contains("disagreement 1 of 2: A coded parent P_PICK_UP at 0:05.0; B "
                                   "coded parent P_GREET at 0:05.0"));
        CHECK_THAT(r.output,
                   Catch::Contains("disagreement 2 of 2: only B coded parent P_PICK_UP at 0:09.0"));
        // Disagreement 1 is at 5 s: played from 3 s and paused on reaching 7 s (frame 210),
        // within the frames a late picture can skip at 1x.
        const auto code = barcode_in_screenshot(shot);
        REQUIRE(code);
        CHECK(*code >= 210);
        CHECK(*code <= 213);
        CHECK(coded_events(s.study).size() == 2);  // Alt+g on the review coded nothing
    }
    SECTION("consensus: agreements carried over, each disagreement settled, audited") {
        const auto r = run_ok(as_coder(
            "sup", workstation_command(
                       s,
                       write_script(s, "consensus.script",
                                    "review P01\nframes 5\nconsensus a\nframes 2\nconsensus "
                                    "start\nframes 5\nkey Ctrl+Down\nconsensus b\nframes 2\nkey "
                                    "Ctrl+Down\nconsensus a\nframes 3\nquit\n"),
                       s.dir + "/consensus.png")));
        CHECK_THAT(r.output, Catch::Contains("start the consensus pass first"));
        CHECK_THAT(r.output, Catch::Contains("Started the consensus pass of P01"));
        CHECK_THAT(r.output, Catch::Contains("Took B's version into the consensus pass"));
        // The agreed greeting (A's frame 30), B's greeting at 150; B's pick-up at 270 left out.
        CHECK(consensus_events(s.study) == std::vector<std::string>{"P_GREET@30", "P_GREET@150"});
        std::vector<std::string> argv = {ATTUNE_CLI_PATH, "audit",    "list",
                                         s.study,         "--format", "csv"};
        const auto audit = run_ok(argv);
        // Each decision is an audited row by the supervisor, in the consensus pass's change.
        CHECK_THAT(audit.output,
                   Catch::Contains(",sup,do,consensus_decision,insert,") &&
                       Catch::Contains("consensus: take B, A coded parent P_PICK_UP") &&
                       Catch::Contains("consensus: take A, only B coded parent"));
    }
}
