// The mapping step and the import plan on a small foreign project built here (the peers'
// own files are read in the integration tests): proposals that must stay consistent,
// choices naming codes the file lacks, the frame clock of an indexed recording, and a
// pass that fills up between planning and committing.
#include <catch2/catch.hpp>
#include <cmath>

#include "attune/coding/event_log.hpp"
#include "attune/coding/interop/foreign_import.hpp"
#include "attune/coding/interop/import_mapping.hpp"
#include "attune/coding/records.hpp"

using namespace attune;
using namespace attune::interop;

namespace {

// Two subjects approach; only the child's approach has a target in the scheme.
Scheme two_approaches() {
    return load_scheme_text(R"({"formatVersion": "attune-scheme/1",
      "scheme": {"id": "two", "name": "two", "version": "1"},
      "roles": [{"id": "child", "label": "child"}, {"id": "parent", "label": "parent"}],
      "behaviors": [
        {"id": "APPROACH", "label": "Approach", "type": "point", "subject": "child",
         "modifiers": [{"id": "target", "kind": "single", "values": ["parent", "stranger"]}]},
        {"id": "P_APPROACH", "label": "Approach", "type": "point", "subject": "parent"},
        {"id": "CRY", "label": "Cry", "type": "state", "subject": "child"}]})",
                            "two.json")
        .value();
}

ForeignEvent point(const std::string& subject, int64_t ms, const std::string& target) {
    ForeignEvent e;
    e.subject = subject, e.behaviour = "Approach", e.modifiers = {target};
    e.start_us = e.stop_us.emplace(ms * 1000), e.point = true;
    e.where = "event at " + std::to_string(ms) + " ms";
    return e;
}

ForeignProject approaches_project() {
    ForeignProject p;
    p.format = "test", p.subjects = {"child", "parent"};
    ForeignBehaviour b;
    b.code = "Approach";
    b.modifiers.push_back({"target", ModifierKind::Single, {"parent", "stranger"}});
    p.ethogram.push_back(b);
    ForeignObservation o;
    o.id = "o1";
    o.events = {point("child", 1033, "parent"), point("parent", 2000, "stranger")};
    p.observations.push_back(o);
    return p;
}

RecordingClock thirty_fps() {
    return {frames_at_rate(30), {}};
}

}  // namespace

TEST_CASE(
    "mapping: a modifier set proposed for one of two targets stays mapped and places "
    "its values only where the target has the modifier",
    "[interop][mapping]") {
    const Scheme scheme = two_approaches();
    const ForeignProject project = approaches_project();
    const auto& o = project.observations[0];
    const ImportMapping m = propose_mapping(project, {&o}, scheme, "f");
    REQUIRE(m.code("child", "Approach")->to == "APPROACH");
    REQUIRE(m.code("parent", "Approach")->to == "P_APPROACH");
    const ModifierMapping* set = m.modifier("Approach", "target");
    REQUIRE(set);
    CHECK(set->choice == MapChoice::Mapped);
    CHECK(set->to == "target");
    REQUIRE(merge_mapping(m, m, project, scheme).ok());

    const MappedRows rows = mapped_rows(o, m, scheme, thirty_fps(), project);
    REQUIRE(rows.rows.size() == 2);
    REQUIRE(rows.header.back() == "modifier_target");
    CHECK(rows.rows[0].back() == "parent");
    CHECK(rows.rows[1].back() == "");
    REQUIRE(rows.modifiers_left_out.size() == 1);
    CHECK(rows.modifiers_left_out.begin()->first ==
          "Approach: modifier set 'target' on P_APPROACH, which has no modifier target");
    CHECK(rows.modifiers_left_out.begin()->second == 1);
}

TEST_CASE("mapping: a modifier set onto a modifier no target has is refused",
          "[interop][mapping]") {
    const Scheme scheme = two_approaches();
    const ForeignProject project = approaches_project();
    const auto& o = project.observations[0];
    ImportMapping chosen = propose_mapping(project, {&o}, scheme, "f");
    for (auto& c : chosen.codes)
        if (c.subject == "child") c.choice = MapChoice::Dropped;
    auto refused =
        merge_mapping(propose_mapping(project, {&o}, scheme, "f"), chosen, project, scheme);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message ==
          "mapping Approach: modifier set 'target' maps to 'target', which none of its targets "
          "(P_APPROACH) has; map it to one of their modifiers or drop it (\"to\": null)");
}

TEST_CASE("mapping: choices for codes or modifier sets the file does not have are refused",
          "[interop][mapping]") {
    const Scheme scheme = two_approaches();
    ForeignProject project = approaches_project();
    const auto& o = project.observations[0];
    const ImportMapping proposal = propose_mapping(project, {&o}, scheme, "f");

    ImportMapping typo = proposal;
    typo.codes.push_back({"child", "Aproach", 0, true, MapChoice::Mapped, "APPROACH"});
    auto code = merge_mapping(proposal, typo, project, scheme);
    REQUIRE_FALSE(code.ok());
    CHECK(code.error().message ==
          "mapping child / Aproach: the file has no code 'Aproach' for subject 'child'; "
          "check the spelling against the file (write a starting mapping with --write-mapping)");

    ImportMapping bad_set = proposal;
    bad_set.modifiers.push_back({"Approach", "targte", MapChoice::Dropped, "", {}});
    auto set = merge_mapping(proposal, bad_set, project, scheme);
    REQUIRE_FALSE(set.ok());
    CHECK(set.error().message ==
          "mapping Approach: the file has no modifier set 'targte' for it; check the spelling "
          "against the file (write a starting mapping with --write-mapping)");

    // A code of another observation of the same file is not imported now, and is fine.
    ForeignObservation other;
    other.id = "o2";
    ForeignEvent cry;
    cry.subject = "child", cry.behaviour = "Cry", cry.start_us = 0, cry.stop_us = 1000000;
    other.events = {cry};
    project.observations.push_back(other);
    project.ethogram.push_back({"Cry", "", "", "", true, {}});
    ImportMapping later = proposal;
    later.codes.push_back({"child", "Cry", 1, true, MapChoice::Mapped, "CRY"});
    CHECK(merge_mapping(proposal, later, project, scheme).ok());
}

namespace {

// A recording indexed at 30 fps, as the study's frame index gives it: frame n at
// round(n / 30 s) in µs, the frame on screen at t the last one starting at or before t.
ImportTarget indexed_at_30(const Session&) {
    ImportTarget t;
    t.frame_count = 3000;
    t.frame_us = [](int64_t n) { return std::llround(static_cast<double>(n) * 1e6 / 30); };
    t.frame_at = [](int64_t us) {
        auto n = static_cast<int64_t>(std::floor(static_cast<double>(us) * 30 / 1e6));
        while (std::llround(static_cast<double>(n + 1) * 1e6 / 30) <= us) ++n;
        while (n > 0 && std::llround(static_cast<double>(n) * 1e6 / 30) > us) --n;
        return n;
    };
    return t;
}

struct ImportFixture {
    Study study = Study::in_memory("tester");
    Scheme scheme = two_approaches();
    ForeignProject project = approaches_project();
    int64_t session = 0;

    ImportFixture() {
        Session s;
        s.participant = "P01", s.label = "P01-T1", s.recording_path = "/absent/p01.mp4";
        s.recording_identity = "size 1 sha256 00";
        session = *add_session(study, s);
    }
    ImportRequest request() {
        ImportRequest r;
        r.file = "f", r.project = &project, r.observations = {&project.observations[0]};
        r.mapping = propose_mapping(project, r.observations, scheme, "f");
        r.session = "P01-T1", r.coder = "ab", r.recording_target = indexed_at_30;
        return r;
    }
};

}  // namespace

TEST_CASE(
    "import: times rounded to the ms land on the frame they round from, with a frame "
    "index as at a constant rate",
    "[interop][import]") {
    ImportFixture f;
    auto plan = plan_import(f.study, f.request(), f.scheme, 0);
    if (!plan) FAIL(plan.error().message);
    REQUIRE(plan->observations.size() == 1);
    const auto& events = plan->observations[0].events;
    REQUIRE(events.size() == 2);
    // 1.033 s is frame 31 (1.0333 s) rounded to the ms, as BORIS stores it.
    CHECK(events[0].start_frame == 31);
    CHECK(events[0].start_us == 1033333);
    CHECK(events[0].start_frame == frames_at_rate(30)(1033000));
    CHECK(events[1].start_frame == 60);
    CHECK(events[1].start_us == 2000000);
    CHECK(plan->summary().find("  note: Approach: modifier set 'target' on P_APPROACH, which has "
                               "no modifier target: 1 value left out\n") != std::string::npos);
}

TEST_CASE(
    "import: a pass that gets events between plan and commit is not filled, nothing "
    "is written",
    "[interop][import]") {
    ImportFixture f;
    const int64_t snap = *add_scheme_snapshot(f.study, f.scheme);
    const int64_t pass = *ensure_pass(f.study, f.session, "ab", PassRole::Primary, snap);
    auto plan = plan_import(f.study, f.request(), f.scheme, snap);
    if (!plan) FAIL(plan.error().message);
    REQUIRE(plan->observations[0].pass);
    EventLog log(f.study, f.scheme, pass);
    REQUIRE(log.code("CRY", {10, 333333}).ok());

    auto committed = commit_import(f.study, *plan);
    REQUIRE_FALSE(committed.ok());
    CHECK(committed.error().message ==
          "session 'P01-T1': ab's primary pass got events since the import was planned; "
          "an import fills an empty pass (nothing was imported)");
    CHECK(EventLog(f.study, f.scheme, pass).events().size() == 1);
}
