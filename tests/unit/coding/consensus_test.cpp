// Disagreements between two coders' passes of a session (disagreements.hpp) and the
// consensus pass built from them (consensus.hpp), on an in-memory study under the tiny
// scheme: primary coder "ab" (A), reliability coder "cd" (B), supervisor "sup". Every
// expected item is derived by hand from the codes entered below (30 fps, tolerance 2 s).
#include <catch2/catch.hpp>

#include "attune/coding/consensus.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/reliability.hpp"
#include "attune/coding/sign_off.hpp"
#include "attune/coding/study_queries.hpp"
#include "pass_fixture.hpp"

using namespace attune;
using attune::testing::at_frame;

namespace {

struct TwoCoders {
    Study study = Study::in_memory("sup");
    Scheme scheme = attune::testing::tiny_scheme();
    int64_t session = 0, a = 0, b = 0;
    TwoCoders() {
        const int64_t snap = *add_scheme_snapshot(study, scheme);
        session = *add_session(study, {0, "P01", "S1", {}, {}, {}, {}, {}});
        a = *ensure_pass(study, session, "ab", PassRole::Primary, snap);
        b = *ensure_pass(study, session, "cd", PassRole::Reliability, snap);
        EventLog la(study, scheme, a), lb(study, scheme, b);
        // Agree: CRY 10-20 s (B starts 1 s later: within 2 s, stops within 2 s).
        REQUIRE(la.add(state("CRY", 300, 600)));
        REQUIRE(lb.add(state("CRY", 330, 630)));
        // Stop: IN_CONTACT 30 s, A stops at 40 s, B at 50 s.
        REQUIRE(la.add(state("IN_CONTACT", 900, 1200)));
        REQUIRE(lb.add(state("IN_CONTACT", 900, 1500)));
        // Code: at 60 s A codes FUSS, B CRY.
        REQUIRE(la.add(state("FUSS", 1800, 1900)));
        REQUIRE(lb.add(state("CRY", 1800, 1900)));
        // Only A: an approach to the parent at 70 s; only B: one to the stranger at 90 s.
        REQUIRE(la.add(point("APPROACH", 2100, "parent")));
        REQUIRE(lb.add(point("APPROACH", 2700, "stranger")));
        REQUIRE(set_rating(study, scheme, a, "PS", "parent", "E1", 3));
        REQUIRE(set_rating(study, scheme, b, "PS", "parent", "E1", 3));
        REQUIRE(set_rating(study, scheme, a, "PS", "parent", "E3", 5));
        REQUIRE(set_rating(study, scheme, b, "PS", "parent", "E3", 6));
        REQUIRE(set_classification(study, scheme, a, {"B3", {}, {}, 2, "clear reunion"}));
        REQUIRE(set_classification(study, scheme, b, {"B1", {}, {}, 2, ""}));
    }
    Event state(const std::string& behaviour, int64_t from, int64_t to) {
        Event e;
        e.subject = "child";
        e.behaviour = behaviour;
        e.start_frame = from;
        e.start_us = at_frame(from).t_us;
        e.stop_frame = to;
        e.stop_us = at_frame(to).t_us;
        return e;
    }
    Event point(const std::string& behaviour, int64_t at, const std::string& target) {
        Event e = state(behaviour, at, at);
        e.modifiers = {{"target", target}};
        return e;
    }
    DoubleCodedSession loaded() {
        auto d = load_double_coded_session(study, "S1");
        REQUIRE(d);
        return std::move(*d);
    }
};

std::vector<std::string> summaries(const SessionComparison& c) {
    std::vector<std::string> out;
    for (const auto& d : c.disagreements) out.push_back(d.summary);
    return out;
}

const Disagreement& find(const SessionComparison& c, DisagreementKind kind) {
    for (const auto& d : c.disagreements)
        if (d.kind == kind) return d;
    FAIL("no disagreement of kind " << to_string(kind));
    throw std::logic_error("unreachable");
}

std::vector<std::string> codes(const std::vector<Event>& events) {
    std::vector<std::string> out;
    for (const auto& e : events)
        out.push_back(e.behaviour + "@" + std::to_string(e.start_frame) +
                      (e.modifiers.empty() ? "" : ":" + e.modifiers.begin()->second));
    return out;
}

}  // namespace

TEST_CASE("disagreements: each kind, in time order, with the agreements apart", "[consensus]") {
    TwoCoders t;
    const auto c = compare_passes(t.loaded());
    CHECK(c.tolerance_us == 2'000'000);
    CHECK(summaries(c) ==
          std::vector<std::string>{
              "child IN_CONTACT stops at 0:40.0 (A) and 0:50.0 (B)",
              "A coded child FUSS at 1:00.0-1:03.3; B coded child CRY at 1:00.0-1:03.3",
              "only A coded child APPROACH target=parent at 1:10.0",
              "only B coded child APPROACH target=stranger at 1:30.0", "PS/parent/E3: A 5, B 6",
              "classification: A B3, B B1"});
    REQUIRE(c.agreed_events.size() == 1);
    CHECK(c.agreed_events[0].a.start_frame == 300);
    CHECK(c.agreed_events[0].b.start_frame == 330);
    CHECK(c.agreed_ratings == std::vector<Rating>{{"PS", "parent", "E1", 3}});
    CHECK_FALSE(c.agreed_classification);
    const auto& stop = find(c, DisagreementKind::Stop);
    REQUIRE(stop.at);
    CHECK(stop.at->frame == 900);
    CHECK(find(c, DisagreementKind::OnlyB).item ==
          "event a- b" + std::to_string(find(c, DisagreementKind::OnlyB).b->id));
}

TEST_CASE("consensus: agreements carried over, each decision written and recorded", "[consensus]") {
    TwoCoders t;
    const auto d = t.loaded();
    const auto c = compare_passes(d);
    auto pass = start_consensus(t.study, d, c);
    REQUIRE(pass);
    CHECK(load_pass_content(t.study, t.scheme, *pass).events.size() == 1);  // the agreed CRY
    CHECK(load_ratings(t.study, *pass) == std::vector<Rating>{{"PS", "parent", "E1", 3}});
    auto again = start_consensus(t.study, d, c);
    REQUIRE_FALSE(again);
    CHECK_THAT(again.error().message, Catch::Contains("already has a consensus pass (by sup)"));

    REQUIRE(decide(t.study, d, *pass, find(c, DisagreementKind::Code), ConsensusChoice::B));
    REQUIRE(decide(t.study, d, *pass, find(c, DisagreementKind::OnlyA), ConsensusChoice::A));
    REQUIRE(decide(t.study, d, *pass, find(c, DisagreementKind::OnlyB), ConsensusChoice::A));
    REQUIRE(decide(t.study, d, *pass, find(c, DisagreementKind::Rating), ConsensusChoice::B));
    REQUIRE(
        decide(t.study, d, *pass, find(c, DisagreementKind::Classification), ConsensusChoice::A));
    REQUIRE(decide(t.study, d, *pass, find(c, DisagreementKind::Stop), ConsensusChoice::Edit));
    const auto content = load_pass_content(t.study, t.scheme, *pass);
    CHECK(codes(content.events) ==
          std::vector<std::string>{"CRY@300", "CRY@1800", "APPROACH@2100:parent"});
    CHECK(load_ratings(t.study, *pass) ==
          std::vector<Rating>{{"PS", "parent", "E1", 3}, {"PS", "parent", "E3", 6}});
    REQUIRE(content.classification);
    CHECK(content.classification->code == "B3");
    CHECK(content.classification->notes == "clear reunion");

    const auto state = consensus_state(t.study, t.session);
    REQUIRE(state.pass);
    CHECK(state.pass->coder == "sup");
    CHECK(state.decisions.size() == 6);
    CHECK(state.decisions.at("classification").who == "sup");
    CHECK(state.decisions.at(find(c, DisagreementKind::Stop).item).choice == ConsensusChoice::Edit);

    SECTION("deciding again replaces what the first decision wrote") {
        REQUIRE(decide(t.study, d, *pass, find(c, DisagreementKind::Code), ConsensusChoice::A));
        CHECK(codes(load_pass_content(t.study, t.scheme, *pass).events) ==
              std::vector<std::string>{"CRY@300", "FUSS@1800", "APPROACH@2100:parent"});
    }
    SECTION("undo in the consensus pass takes the last decision back") {
        REQUIRE(t.study.undo(*pass));
        CHECK(consensus_state(t.study, t.session).decisions.size() == 5);
    }
    SECTION("undo takes back a decision that wrote an event, and the event with it") {
        REQUIRE(decide(t.study, d, *pass, find(c, DisagreementKind::OnlyB), ConsensusChoice::B));
        CHECK(codes(load_pass_content(t.study, t.scheme, *pass).events) ==
              std::vector<std::string>{"CRY@300", "CRY@1800", "APPROACH@2100:parent",
                                       "APPROACH@2700:stranger"});
        REQUIRE(t.study.undo(*pass));
        CHECK(codes(load_pass_content(t.study, t.scheme, *pass).events) ==
              std::vector<std::string>{"CRY@300", "CRY@1800", "APPROACH@2100:parent"});
        CHECK(consensus_state(t.study, t.session)
                  .decisions.at(find(c, DisagreementKind::OnlyB).item)
                  .choice == ConsensusChoice::A);
    }
    SECTION("the tallies count the consensus pass; the reliability report compares A with B") {
        REQUIRE(decide(t.study, d, *pass, find(c, DisagreementKind::Classification),
                       ConsensusChoice::B));
        const auto tally = study_tally_inputs(t.study);
        REQUIRE(tally);
        REQUIRE(tally->inputs.size() == 1);
        CHECK(tally->inputs[0].code == "B1");  // the consensus, not A's B3
        const auto report = reliability_report(t.study, {});
        REQUIRE(report);
        bool found = false;
        for (const auto& f : report->figures)
            if (f.session == "S1" && f.criterion_kind == "classification-subgroup" &&
                f.statistic == "percent_agreement") {
                found = true;
                REQUIRE(f.result.value);
                CHECK(*f.result.value == Approx(0.0));  // B3 against B1: the original passes
            }
        CHECK(found);
    }
    SECTION("the A and B passes are only read") {
        const auto a = load_pass_content(t.study, t.scheme, t.a);
        const auto b = load_pass_content(t.study, t.scheme, t.b);
        CHECK(a.events.size() == 4);
        CHECK(b.events.size() == 4);
        CHECK(load_ratings(t.study, t.a) ==
              std::vector<Rating>{{"PS", "parent", "E1", 3}, {"PS", "parent", "E3", 5}});
        CHECK(load_ratings(t.study, t.b) ==
              std::vector<Rating>{{"PS", "parent", "E1", 3}, {"PS", "parent", "E3", 6}});
        REQUIRE(a.classification);
        REQUIRE(b.classification);
        CHECK(a.classification->code == "B3");
        CHECK(b.classification->code == "B1");
    }
}

TEST_CASE("consensus: taking a classification leaves the D rating cell to its own decision",
          "[consensus]") {
    TwoCoders t;
    REQUIRE(set_rating(t.study, t.scheme, t.a, "D_RATING", "parent", "ALL", 6));
    REQUIRE(set_rating(t.study, t.scheme, t.b, "D_RATING", "parent", "ALL", 3));
    const auto d = t.loaded();
    const auto c = compare_passes(d);
    auto pass = start_consensus(t.study, d, c);
    REQUIRE(pass);
    const Disagreement* cell = nullptr;
    for (const auto& x : c.disagreements)
        if (x.kind == DisagreementKind::Rating && x.rating_a && x.rating_a->scale == "D_RATING")
            cell = &x;
    REQUIRE(cell);
    REQUIRE(decide(t.study, d, *pass, *cell, ConsensusChoice::B));  // 3
    // A's classification carries A's D rating (6): taking it must not overwrite the cell.
    REQUIRE(
        decide(t.study, d, *pass, find(c, DisagreementKind::Classification), ConsensusChoice::A));
    std::optional<int> value;
    for (const Rating& r : load_ratings(t.study, *pass))
        if (r.scale == "D_RATING") value = r.value;
    CHECK(value == std::optional<int>(3));
    CHECK(load_pass_content(t.study, t.scheme, *pass).classification->code == "B3");
}
