#include <catch2/catch.hpp>

#include "attune/coding/episodes.hpp"
#include "pass_fixture.hpp"

using namespace attune;
using namespace attune::testing;

namespace {
// Session start at 0 s, parent exits at 30 s, enters at 70 s (separation curtailed to 40 s
// against 60 nominal), procedure end at 160 s (reunion extended to 90 s against 60 nominal).
void code_procedure(EventLog& log) {
    log.code("SESSION_START", at_seconds(0)).value();
    log.code("P_EXIT", at_seconds(30)).value();
    log.code("P_ENTER", at_seconds(70)).value();
    log.code("PROC_END", at_seconds(160)).value();
}
}  // namespace

TEST_CASE("episodes come from the procedural events", "[episodes]") {
    PassFixture f;
    auto log = f.log();
    code_procedure(log);
    const auto spans = derive_episodes(f.scheme, log.events(), {});
    REQUIRE(spans.size() == 3);
    CHECK(spans[0].start == at_seconds(0));
    CHECK(spans[0].end == at_seconds(30));
    CHECK(spans[1].start == at_seconds(30));
    CHECK(spans[1].end == at_seconds(70));
    CHECK(spans[2].end == at_seconds(160));
    CHECK(*spans[1].actual_us() == 40000000);
    CHECK(spans[1].curtailed);  // 40 s < 60 - 10
    CHECK_FALSE(spans[1].curtail_marked);
    CHECK(spans[2].extended);  // 90 s > 60 + 10
    CHECK_FALSE(spans[0].curtailed);
    CHECK(episode_at(spans, at_seconds(45).frame)->id == "E2");
    CHECK(episode_at(spans, at_seconds(200).frame) == nullptr);
}

TEST_CASE("the n-th occurrence starts an episode; a CURTAILED marker is seen", "[episodes]") {
    PassFixture f;
    auto log = f.log();
    code_procedure(log);
    log.code("CURTAILED", at_seconds(69), {{"reason", "infant distress"}}).value();
    const auto spans = derive_episodes(f.scheme, log.events(), {});
    CHECK(spans[1].curtail_marked);
}

TEST_CASE("a manual boundary overrides the event, and is stored per pass", "[episodes]") {
    PassFixture f;
    auto log = f.log();
    code_procedure(log);
    REQUIRE(set_episode_override(f.study, f.pass, "E3", at_seconds(75)).ok());
    const auto overrides = load_episode_overrides(f.study, f.pass);
    const auto spans = derive_episodes(f.scheme, log.events(), overrides);
    CHECK(spans[2].source == EpisodeSpan::Source::Override);
    CHECK(spans[2].start == at_seconds(75));
    CHECK(spans[1].end == at_seconds(75));
    REQUIRE(set_episode_override(f.study, f.pass, "E3", std::nullopt).ok());
    CHECK(load_episode_overrides(f.study, f.pass).empty());
}

TEST_CASE("a missing boundary leaves the episode without a start", "[episodes]") {
    PassFixture f;
    auto log = f.log();
    log.code("SESSION_START", at_seconds(0)).value();
    log.code("PROC_END", at_seconds(100)).value();
    const auto spans = derive_episodes(f.scheme, log.events(), {});
    CHECK(spans[1].source == EpisodeSpan::Source::Missing);
    CHECK(spans[0].end == at_seconds(100));
}
