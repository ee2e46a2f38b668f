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
    CHECK(spans[1].too_short);  // 40 s < 60 - 10
    CHECK_FALSE(spans[1].curtail_marked);
    CHECK(std::string(length_word(spans[1])) == "short");  // shorter is not curtailed
    CHECK(spans[2].too_long);                              // 90 s > 60 + 10
    CHECK(std::string(length_word(spans[2])) == "long");
    CHECK_FALSE(spans[0].too_short);
    CHECK(std::string(length_word(spans[0])).empty());
    CHECK(episode_at(spans, at_seconds(45).frame)->id == "E2");
    CHECK(episode_at(spans, at_seconds(200).frame) == nullptr);
}

TEST_CASE("the n-th occurrence starts an episode, a CURTAILED marker is seen", "[episodes]") {
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

namespace {
// The shipped SSP up to the first reunion: E1 at 0 s, E2 at 20 s, E3 at 200 s, E4 (first
// P_EXIT) at 380 s, E5 (first P_ENTER) at 383 s; CRY from 390 to 400 s, inside E5.
void code_to_first_reunion(EventLog& log) {
    log.code("SESSION_START", at_seconds(0)).value();
    log.code("P_PUT_DOWN", at_seconds(20)).value();
    log.code("S_ENTER", at_seconds(200)).value();
    log.code("P_EXIT", at_seconds(380)).value();
    log.code("P_ENTER", at_seconds(383)).value();
    log.code("CRY", at_seconds(390)).value();
    log.code("CRY", at_seconds(400)).value();
}
const EpisodeSpan& span(const std::vector<EpisodeSpan>& spans, const std::string& id) {
    for (const EpisodeSpan& s : spans)
        if (s.id == id) return s;
    FAIL("no episode " << id);
    return spans.front();
}
}  // namespace

TEST_CASE("a procedural key pressed twice never makes an episode negative", "[episodes]") {
    // Issue 9: Ctrl+P twice, 10 frames apart, made the repeat the second P_EXIT: E6 started
    // 10 frames into E4, E5 lasted -3 s and CRY fell into E6.
    PassFixture f(ssp_scheme());
    auto log = f.log();
    code_to_first_reunion(log);
    const int64_t repeat = at_seconds(380).frame + 10;
    log.code("P_EXIT", at_frame(repeat)).value();
    const int64_t cry = at_seconds(395).frame;

    SECTION("the repeat is left out: E5 runs on, E6 waits for the real second exit") {
        const auto spans = derive_episodes(f.scheme, log.events(), {});
        CHECK(span(spans, "E4").start == at_seconds(380));
        CHECK(span(spans, "E4").end == at_seconds(383));
        CHECK(span(spans, "E5").start == at_seconds(383));
        CHECK_FALSE(span(spans, "E5").end.has_value());
        CHECK(span(spans, "E6").source == EpisodeSpan::Source::Missing);
        REQUIRE(episode_at(spans, cry));
        CHECK(episode_at(spans, cry)->id == "E5");
        for (const EpisodeSpan& s : spans)
            if (auto actual = s.actual_us()) CHECK(*actual >= 0);
    }
    SECTION("the real second exit starts E6 and ends E5") {
        log.code("P_EXIT", at_seconds(570)).value();
        const auto spans = derive_episodes(f.scheme, log.events(), {});
        CHECK(span(spans, "E5").end == at_seconds(570));
        CHECK(*span(spans, "E5").actual_us() == 187000000);
        CHECK(span(spans, "E6").start == at_seconds(570));
        CHECK(episode_at(spans, cry)->id == "E5");
    }
    SECTION("the repeat is named by the check that finds it") {
        const auto repeats = repeated_markers(f.scheme, log.events());
        REQUIRE(repeats.size() == 1);
        CHECK(repeats[0].event.start_frame == repeat);
        CHECK(repeats[0].repeats.start_frame == at_seconds(380).frame);
        CHECK(repeats[0].repeats.behaviour == "P_EXIT");
    }
}

TEST_CASE("a marker that lies before an earlier episode's start is left out", "[episodes]") {
    // P_ENTER (E3) coded at 20 s, before P_EXIT (E2) at 30 s: E2 used to end before it began.
    PassFixture f;
    auto log = f.log();
    log.code("SESSION_START", at_seconds(0)).value();
    log.code("P_EXIT", at_seconds(30)).value();
    log.code("P_ENTER", at_seconds(20)).value();
    log.code("PROC_END", at_seconds(160)).value();
    const auto spans = derive_episodes(f.scheme, log.events(), {});
    CHECK(spans[0].end == at_seconds(30));
    CHECK(spans[1].start == at_seconds(30));
    CHECK(spans[1].end == at_seconds(160));
    CHECK(spans[2].source == EpisodeSpan::Source::Missing);
    REQUIRE(spans[2].out_of_order);
    CHECK(spans[2].out_of_order->at == at_seconds(20));
    CHECK(spans[2].out_of_order->source == EpisodeSpan::Source::Event);
    for (const EpisodeSpan& s : spans)
        if (auto actual = s.actual_us()) CHECK(*actual >= 0);
}

TEST_CASE("episodes never run backwards or overlap, whatever markers are coded", "[episodes]") {
    const Scheme ssp = ssp_scheme();
    const std::vector<std::string> markers = {"SESSION_START", "P_PUT_DOWN", "S_ENTER",
                                              "P_EXIT",        "P_ENTER",    "PROC_END"};
    uint32_t seed = 20240917;
    const auto next = [&seed](uint32_t n) {
        seed = seed * 1664525u + 1013904223u;  // Numerical Recipes' LCG: the same run everywhere
        return (seed >> 8) % n;
    };
    for (int trial = 0; trial < 300; ++trial) {
        std::vector<Event> events;
        const int count = 1 + static_cast<int>(next(14));
        for (int i = 0; i < count; ++i) {
            Event e;
            e.id = i + 1;
            e.behaviour = markers[next(static_cast<uint32_t>(markers.size()))];
            e.start_frame = *(e.stop_frame = next(2000));
            e.start_us = *(e.stop_us = e.start_frame * 1000000 / 30);
            events.push_back(e);
        }
        std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
            return a.start_frame != b.start_frame ? a.start_frame < b.start_frame : a.id < b.id;
        });
        const auto spans = derive_episodes(ssp, events, {});
        int64_t reached = -1;
        for (const EpisodeSpan& s : spans) {
            if (s.source == EpisodeSpan::Source::Missing) continue;
            INFO("trial " << trial << ", " << s.id);
            CHECK(s.start.frame >= reached);
            if (s.end) CHECK(s.end->frame >= s.start.frame);
            reached = s.end ? s.end->frame : s.start.frame;
        }
    }
}
