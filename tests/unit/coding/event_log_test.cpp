#include <catch2/catch.hpp>

#include "pass_fixture.hpp"

using namespace attune;
using namespace attune::testing;

TEST_CASE("a point key lands on the frame on screen", "[events]") {
    PassFixture f;
    auto log = f.log();
    auto r = log.code("APPROACH", at_frame(123), {{"target", "parent"}}, "reaches arms");
    REQUIRE(r.ok());
    CHECK(r->kind == CodeResult::Kind::Point);
    const auto events = log.events();
    REQUIRE(events.size() == 1);
    CHECK(events[0].start_frame == 123);
    CHECK(events[0].stop_frame == 123);
    CHECK(events[0].start_us == 4100000);
    CHECK(events[0].subject == "child");
    CHECK(events[0].modifiers.at("target") == "parent");
    CHECK(events[0].comment == "reaches arms");
}

TEST_CASE("a state key starts, then stops, its behaviour", "[events]") {
    PassFixture f;
    auto log = f.log();
    CHECK(log.code("IN_CONTACT", at_frame(10))->kind == CodeResult::Kind::Started);
    CHECK(log.events()[0].open());
    CHECK(log.code("IN_CONTACT", at_frame(25))->kind == CodeResult::Kind::Stopped);
    const auto e = log.events();
    REQUIRE(e.size() == 1);
    CHECK(e[0].start_frame == 10);
    CHECK(e[0].stop_frame == 25);
    CHECK(e[0].stop_us == 833333);
}

TEST_CASE("starting a member of an exclusive group stops the running one on the same frame",
          "[events]") {
    PassFixture f;
    auto log = f.log();
    log.code("CRY", at_frame(100)).value();
    auto r = log.code("FUSS", at_frame(160));
    REQUIRE(r.ok());
    REQUIRE(r->stopped.size() == 1);
    const auto e = log.events();
    REQUIRE(e.size() == 2);
    CHECK(e[0].behaviour == "CRY");
    CHECK(e[0].stop_frame == 160);
    CHECK(e[1].behaviour == "FUSS");
    CHECK(e[1].start_frame == 160);
    CHECK(e[1].open());
    // A state outside the group is untouched.
    log.code("IN_CONTACT", at_frame(170)).value();
    log.code("CRY", at_frame(200)).value();
    for (const auto& x : log.events())
        if (x.behaviour == "IN_CONTACT") CHECK(x.open());
}

TEST_CASE("required modifiers are enforced with a message that lists the choices", "[events]") {
    PassFixture f;
    auto log = f.log();
    auto r = log.code("APPROACH", at_frame(5));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "APPROACH needs modifier 'target' (parent | stranger)");
    auto bad = log.code("APPROACH", at_frame(5), {{"target", "dog"}});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message ==
          "APPROACH modifier 'target' cannot be 'dog'; choose parent | stranger");
    CHECK(log.events().empty());
}

TEST_CASE("a state still open stays open: never dropped, never closed silently", "[events]") {
    PassFixture f;
    auto log = f.log();
    log.code("CRY", at_frame(100)).value();
    log.code("PROC_END", at_frame(900)).value();
    auto e = log.events();
    REQUIRE(e.size() == 2);
    CHECK(e[0].open());
}

TEST_CASE("unknown behaviours and backwards stops are refused", "[events]") {
    PassFixture f;
    auto log = f.log();
    CHECK_FALSE(log.code("DANCE", at_frame(1)).ok());
    log.code("CRY", at_frame(100)).value();
    auto r = log.code("CRY", at_frame(90));
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("cannot stop before it started"));
}

TEST_CASE("edit, nudge and delete events", "[events]") {
    PassFixture f;
    auto log = f.log();
    const int64_t id = log.code("APPROACH", at_frame(10), {{"target", "parent"}})->event_id;
    Event e = log.events()[0];
    e.start_frame = e.stop_frame.emplace(11);
    e.start_us = e.stop_us.emplace(366666);
    e.modifiers["target"] = "stranger";
    REQUIRE(log.update(e).ok());
    CHECK(log.events()[0].start_frame == 11);
    CHECK(log.events()[0].modifiers.at("target") == "stranger");
    REQUIRE(log.remove({id}).ok());
    CHECK(log.events().empty());
}

TEST_CASE("comments sit at a frame or on the whole pass, and are undoable", "[events][comments]") {
    PassFixture f;
    REQUIRE(add_comment(f.study, f.pass, at_frame(300), "mother hesitates at the door").ok());
    REQUIRE(add_comment(f.study, f.pass, std::nullopt, "camera 2 drops out in E6").ok());
    CHECK_FALSE(add_comment(f.study, f.pass, std::nullopt, "").ok());
    auto all = list_comments(f.study, f.pass);
    REQUIRE(all.size() == 2);
    CHECK_FALSE(all[0].at.has_value());
    CHECK(all[1].at == at_frame(300));
    CHECK(all[1].text == "mother hesitates at the door");
    REQUIRE(f.study.undo(f.pass).ok());
    CHECK(list_comments(f.study, f.pass).size() == 1);
}

TEST_CASE("changes_since names exactly the events a change, undo or redo touched", "[events]") {
    PassFixture f;
    auto log = f.log();
    REQUIRE(log.code("IN_CONTACT", at_frame(10)).ok());
    const int64_t mark = log.latest_audit_id();

    SECTION("a stop updates the running event") {
        REQUIRE(log.code("IN_CONTACT", at_frame(40)).ok());
        const auto c = log.changes_since(mark);
        REQUIRE(c.current.size() == 1);
        CHECK(c.current[0] == log.events()[0]);
        CHECK(c.gone.empty());
        CHECK(c.audit_id > mark);
        CHECK(log.changes_since(c.audit_id).current.empty());
    }
    SECTION("undo of a new event reports it gone; redo brings it back as it was") {
        auto point = log.code("APPROACH", at_frame(20), {{"target", "parent"}});
        REQUIRE(point.ok());
        const Event added = log.events()[1];
        const int64_t before_undo = log.latest_audit_id();
        REQUIRE(f.study.undo(f.pass).ok());
        const auto undone = log.changes_since(before_undo);
        CHECK(undone.current.empty());
        CHECK(undone.gone == std::vector<int64_t>{point->event_id});
        const int64_t before_redo = undone.audit_id;
        REQUIRE(f.study.redo(f.pass).ok());
        const auto redone = log.changes_since(before_redo);
        REQUIRE(redone.current.size() == 1);
        CHECK(redone.current[0] == added);
    }
    SECTION("changes to other tables are flagged, not listed") {
        CHECK_FALSE(log.changes_since(mark).other_tables);
        REQUIRE(add_comment(f.study, f.pass, std::nullopt, "note").ok());
        CHECK(log.changes_since(mark).other_tables);
    }
}
