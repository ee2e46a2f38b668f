#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>

#include "attune/coding/dates.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/study_queries.hpp"
#include "attune/coding/validity.hpp"
#include "pass_fixture.hpp"
#include "study_access.hpp"

using namespace attune;
using namespace attune::testing;

namespace {
std::vector<ValidityIssue> issues(PassFixture& f) {
    return check_validity(f.scheme, load_pass_content(f.study, f.scheme, f.pass));
}
const ValidityIssue* find(const std::vector<ValidityIssue>& all, const std::string& check) {
    for (const auto& i : all)
        if (i.check == check) return &i;
    return nullptr;
}
void code_procedure(EventLog& log, double exit_s = 30, double enter_s = 90, double end_s = 150) {
    log.code("SESSION_START", at_seconds(0)).value();
    log.code("P_EXIT", at_seconds(exit_s)).value();
    log.code("P_ENTER", at_seconds(enter_s)).value();
    log.code("PROC_END", at_seconds(end_s)).value();
}
}  // namespace

TEST_CASE("validity: open states and events after the procedure end", "[validity]") {
    PassFixture f;
    auto log = f.log();
    code_procedure(log);
    const int64_t cry = log.code("CRY", at_seconds(100))->event_id;
    log.code("APPROACH", at_seconds(151), {{"target", "parent"}}).value();
    const auto all = issues(f);
    const auto* open = find(all, "open_state");
    REQUIRE(open);
    CHECK(open->event_id == cry);
    CHECK(open->frame == at_seconds(100).frame);
    CHECK(open->message ==
          "CRY started at frame 3000 is still running; press its key where it ends");
    const auto* after = find(all, "after_end");
    REQUIRE(after);
    CHECK(after->frame == at_seconds(151).frame);
}

TEST_CASE("validity: overlapping exclusive states and missing modifiers (after edits or imports)",
          "[validity]") {
    PassFixture f;
    auto log = f.log();
    code_procedure(log);
    Event a{0, 0, "child", "CRY", 100, 3333333, 200, 6666666, {}, ""};
    Event b{0, 0, "child", "FUSS", 150, 5000000, 250, 8333333, {}, ""};
    REQUIRE(log.add_all({a, b}).ok());
    study_db(f.study).exec(
        "INSERT INTO event (pass_id, subject, behaviour, start_frame, start_us, stop_frame, "
        "stop_us) "
        "VALUES (" +
        std::to_string(f.pass) + ", 'child', 'APPROACH', 300, 10000000, 300, 10000000)");
    const auto all = issues(f);
    const auto* overlap = find(all, "exclusive_overlap");
    REQUIRE(overlap);
    CHECK(overlap->severity == ValidityIssue::Severity::Error);
    CHECK(overlap->frame == 150);
    const auto* mod = find(all, "missing_modifier");
    REQUIRE(mod);
    CHECK_THAT(mod->message, Catch::Contains("APPROACH needs modifier 'target'"));
}

TEST_CASE("validity: episode durations and boundaries", "[validity]") {
    SECTION("a curtailed separation without a CURTAILED marker") {
        PassFixture f;
        auto log = f.log();
        code_procedure(log, 30, 60, 130);  // E2 lasts 30 s against 60
        const auto found_d = issues(f);
        const auto* d = find(found_d, "episode_duration");
        REQUIRE(d);
        CHECK(d->episode == "E2");
        CHECK(d->message ==
              "E2 lasts 30.0 s (nominal 60 s), shorter than its window (50-70 s): if it was "
              "curtailed, code CURTAILED with the reason");
        log.code("CURTAILED", at_seconds(59), {{"reason", "infant distress"}}).value();
        CHECK_FALSE(find(issues(f), "episode_duration"));
    }
    SECTION("an extendable reunion may run long") {
        PassFixture f;
        auto log = f.log();
        code_procedure(log, 30, 90, 200);  // E3 110 s, extendable
        CHECK_FALSE(find(issues(f), "episode_duration"));
    }
    SECTION("a missing boundary") {
        PassFixture f;
        auto log = f.log();
        log.code("SESSION_START", at_seconds(0)).value();
        const auto found_m = issues(f);
        const auto* m = find(found_m, "missing_boundary");
        REQUIRE(m);
        CHECK(m->message == "E2 has no start: code P_EXIT or set its start by hand");
    }
}

TEST_CASE("validity: empty ratings, D without a secondary, D rating against the code, hints",
          "[validity]") {
    PassFixture f;
    auto log = f.log();
    code_procedure(log);
    auto all = issues(f);
    int empty = 0;
    for (const auto& i : all) empty += i.check == "empty_rating";
    CHECK(empty == 3);  // PS.parent.E1, PS.parent.E3, D_RATING.parent.ALL

    REQUIRE(set_classification(f.study, f.scheme, f.pass, {"D", 6, {}, 2, ""}).ok());
    all = issues(f);
    REQUIRE(find(all, "d_without_secondary"));
    CHECK(find(all, "d_without_secondary")->message ==
          "D needs a secondary (best-fitting organized) classification, e.g. D/B3");

    REQUIRE(set_classification(f.study, f.scheme, f.pass, {"B3", 6, {}, 2, ""}).ok());
    const auto found_dv = issues(f);
    const auto* dv = find(found_dv, "d_rating_vs_code");
    REQUIRE(dv);
    CHECK_THAT(dv->message,
               Catch::Contains("at or above the cutoff 5, but the classification is B3"));

    REQUIRE(set_classification(f.study, f.scheme, f.pass, {"B3", 2, {}, 2, ""}).ok());
    REQUIRE(set_rating(f.study, f.scheme, f.pass, "PS", "parent", "E1", 1).ok());
    REQUIRE(set_rating(f.study, f.scheme, f.pass, "PS", "parent", "E3", 2).ok());
    const auto found_h = issues(f);
    const auto* h = find(found_h, "hint_disagrees");
    REQUIRE(h);
    CHECK_THAT(h->message, Catch::Contains("H_A suggests A") && Catch::Contains("not binding"));
    // Classification is never changed by a hint.
    CHECK(load_classification(f.study, f.scheme, f.pass)->code == "B3");
}

TEST_CASE("ratings are checked against the scheme's grid", "[validity][ratings]") {
    PassFixture f;
    CHECK(rating_grid(f.scheme).size() == 3);
    auto absent = set_rating(f.study, f.scheme, f.pass, "PS", "parent", "E2", 4);
    REQUIRE_FALSE(absent.ok());
    CHECK(absent.error().message == "scale PS is not rated toward parent in E2");
    auto range = set_rating(f.study, f.scheme, f.pass, "PS", "parent", "E3", 8);
    REQUIRE_FALSE(range.ok());
    CHECK(range.error().message == "a PS rating must be between 1 and 7, not 8");
    REQUIRE(set_rating(f.study, f.scheme, f.pass, "PS", "parent", "E3", 5).ok());
    REQUIRE(set_rating(f.study, f.scheme, f.pass, "PS", "parent", "E3", 6).ok());
    const auto ratings = load_ratings(f.study, f.pass);
    REQUIRE(ratings.size() == 1);
    CHECK(ratings[0] == Rating{"PS", "parent", "E3", 6});
    auto bad = set_classification(f.study, f.scheme, f.pass, {"E7", {}, {}, {}, ""});
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("'E7' is not a classification code"));
}

TEST_CASE("validity: a repeated procedural marker is flagged with the one it repeats",
          "[validity]") {
    PassFixture f;
    auto log = f.log();
    code_procedure(log);
    const int64_t repeat = log.code("P_EXIT", at_frame(at_seconds(30).frame + 10))->event_id;
    const auto all = issues(f);
    const auto* r = find(all, "repeated_marker");
    REQUIRE(r);
    CHECK(r->severity == ValidityIssue::Severity::Warning);
    CHECK(r->event_id == repeat);
    CHECK(r->frame == 910);
    CHECK(r->message ==
          "P_EXIT at frame 910 repeats P_EXIT at frame 900 with no other episode boundary "
          "between; it is left out of the episodes: delete the one that is wrong");
    CHECK_FALSE(find(all, "episode_duration"));  // E2 still 30-90 s, as coded
}

TEST_CASE("validity: an episode whose marker lies before an earlier episode is named",
          "[validity]") {
    PassFixture f;
    auto log = f.log();
    code_procedure(log, 30, 20, 150);  // P_ENTER (E3) at 20 s, before P_EXIT (E2) at 30 s
    const auto all = issues(f);
    const auto* o = find(all, "episode_order");
    REQUIRE(o);
    CHECK(o->severity == ValidityIssue::Severity::Error);
    CHECK(o->episode == "E3");
    CHECK(o->frame == 600);
    CHECK(o->message ==
          "E3 would start at frame 600, before E2 starts (frame 900); it is left out of the "
          "episodes: move or delete P_ENTER");
    for (const auto& i : all) CHECK_FALSE((i.check == "missing_boundary" && i.episode == "E3"));
}

namespace {
// The overlap check as it was (every pair), to hold the sweep to the same answers.
std::vector<ValidityIssue> overlaps_by_every_pair(const Scheme& scheme,
                                                  const std::vector<Event>& events) {
    std::vector<ValidityIssue> out;
    for (const ExclusiveGroup& g : scheme.exclusive_groups) {
        std::vector<const Event*> members;
        for (const Event& e : events)
            if (std::find(g.members.begin(), g.members.end(), e.behaviour) != g.members.end())
                members.push_back(&e);
        for (size_t i = 0; i < members.size(); ++i)
            for (size_t j = i + 1; j < members.size(); ++j) {
                const Event& a = *members[i];
                const Event& b = *members[j];
                const int64_t a_end = a.stop_frame.value_or(INT64_MAX),
                              b_end = b.stop_frame.value_or(INT64_MAX);
                if (b.start_frame < a_end && a.start_frame < b_end)
                    out.push_back({ValidityIssue::Severity::Error, "exclusive_overlap",
                                   a.behaviour + " and " + b.behaviour + " overlap from frame " +
                                       std::to_string(std::max(a.start_frame, b.start_frame)) +
                                       "; they are exclusive (" + g.id + "): shorten one",
                                   std::max(a.start_frame, b.start_frame), b.id, "", std::nullopt});
            }
    }
    return out;
}
std::vector<ValidityIssue> only(const std::vector<ValidityIssue>& all, const std::string& check) {
    std::vector<ValidityIssue> out;
    for (const auto& i : all)
        if (i.check == check) out.push_back(i);
    return out;
}
}  // namespace

TEST_CASE("validity: the overlap sweep finds exactly the pairs the every-pair check found",
          "[validity]") {
    const Scheme scheme = tiny_scheme();
    uint32_t seed = 7;
    const auto next = [&seed](uint32_t n) {
        seed = seed * 1664525u + 1013904223u;  // Numerical Recipes' LCG: the same run everywhere
        return static_cast<int64_t>((seed >> 8) % n);
    };
    const char* kinds[] = {"CRY", "FUSS", "IN_CONTACT", "APPROACH"};
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<Event> events;
        const int count = static_cast<int>(next(40));
        for (int i = 0; i < count; ++i) {
            Event e{i + 1, 1, "child", kinds[next(4)], next(500), 0, {}, {}, {}, ""};
            if (e.behaviour == "APPROACH") e.modifiers["target"] = "parent";
            const int64_t shape = next(10);  // open, zero-length or a bout of up to 60 frames
            if (shape > 0) e.stop_frame = e.start_frame + (shape == 1 ? 0 : next(60));
            if (e.behaviour == "APPROACH") e.stop_frame = e.start_frame;
            events.push_back(e);
        }
        if (trial % 2 == 0)  // as passes hold them; odd trials keep the coded order
            std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
                return a.start_frame != b.start_frame ? a.start_frame < b.start_frame : a.id < b.id;
            });
        INFO("trial " << trial);
        const auto swept = only(check_validity(scheme, {events, {}, {}, {}}), "exclusive_overlap");
        const auto paired = overlaps_by_every_pair(scheme, events);
        REQUIRE(swept.size() == paired.size());
        for (size_t i = 0; i < swept.size(); ++i) {
            CHECK(swept[i].message == paired[i].message);
            CHECK(swept[i].frame == paired[i].frame);
            CHECK(swept[i].event_id == paired[i].event_id);
        }
    }
}

TEST_CASE("validity: 50000 bouts of one exclusive group are checked in linear time", "[validity]") {
    // Every pair of 50,000 bouts is 1.25e9 comparisons (seconds); a sweep is milliseconds.
    const Scheme scheme = tiny_scheme();
    std::vector<Event> events;
    for (int64_t i = 0; i < 50000; ++i)
        events.push_back(
            {i + 1, 1, "child", i % 2 ? "CRY" : "FUSS", i * 10, 0, i * 10 + 10, 0, {}, ""});
    events.back().start_frame = 5;  // one bout 5-15 across the first two: two issues to find
    events.back().stop_frame = 15;
    std::sort(events.begin(), events.end(),
              [](const Event& a, const Event& b) { return a.start_frame < b.start_frame; });
    const auto t0 = std::chrono::steady_clock::now();
    const auto all = check_validity(scheme, {events, {}, {}, {}});
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    const auto found = only(all, "exclusive_overlap");
    REQUIRE(found.size() == 2);  // with the first bout (0-10) and the second (10-20)
    CHECK(found[0].frame == 5);
    CHECK(found[1].frame == 10);
    CHECK(ms < 500);
}

TEST_CASE("validity: a child older or younger than the scheme is meant for is warned of",
          "[validity][age]") {
    const Scheme& ssp = shipped_scheme("ssp-infant.json");
    REQUIRE(ssp.age_months.has_value());
    CHECK(ssp.age_months->min == 12);
    CHECK(ssp.age_months->max == 20);
    PassContent content;
    for (double age : {12.0, 16.5, 20.0}) {
        content.child_age_months = age;
        CHECK(find(check_validity(ssp, content), "age_outside_range") == nullptr);
    }
    for (double age : {11.9, 20.5, 36.0}) {
        content.child_age_months = age;
        const auto all = check_validity(ssp, content);
        const ValidityIssue* warned = find(all, "age_outside_range");
        REQUIRE(warned != nullptr);
        CHECK(warned->severity == ValidityIssue::Severity::Warning);
        CHECK_THAT(warned->message, Catch::Contains("is for 12.0 to 20.0 months"));
    }
    content.child_age_months.reset();  // no age known: nothing to check, nothing said
    CHECK(find(check_validity(ssp, content), "age_outside_range") == nullptr);
}

TEST_CASE("the child's age at the session: its own, from a birth date, or a variable",
          "[validity][age]") {
    CHECK(*months_between("2025-01-15", "2026-01-15") == 12.0);  // a first birthday
    CHECK(*months_between("2025-01-31", "2025-02-28") == 1.0);   // a month on, held to the 28th
    CHECK(*months_between("2025-01-31", "2025-03-01") == Approx(1 + 1 / 30.4375));
    CHECK(*months_between("2024-05-10", "2026-01-10") == 20.0);
    CHECK(*months_between("2026-01-15", "2025-01-15") == -12.0);
    CHECK_FALSE(months_between("2025-02-30", "2026-01-15"));
    Session s;
    CHECK_FALSE(child_age_months(s));
    s.variables["age_months"] = "14.5";
    CHECK(*child_age_months(s) == 14.5);
    s.variables["age_months"] = "fourteen";
    CHECK_FALSE(child_age_months(s));
    s.variables["birth_date"] = "2025-01-01";
    s.date = "2026-07-01";
    CHECK(*child_age_months(s) == 18.0);
    s.date = "2024-12-01";  // before the birth date: no age, and age_months is not one either
    CHECK_FALSE(child_age_months(s));
    s.date = "2026-07-01";
    s.child_age_months = 13;  // the session's own age wins
    CHECK(*child_age_months(s) == 13);

    // In a study: the pass's content carries the session's age into validity.
    Study study = Study::in_memory("tester");
    const Scheme scheme = tiny_scheme();
    const int64_t snap = *add_scheme_snapshot(study, scheme);
    const int64_t session = *add_session(study, {0, "P01", "P01-T1", {}, 30.0, {}, {}, {}});
    const int64_t pass = *ensure_pass(study, session, "ab", PassRole::Primary, snap);
    CHECK(load_pass_content(study, scheme, pass).child_age_months == 30);
}

namespace {
const Scheme& infant_ssp() {
    return shipped_scheme("ssp-infant.json");
}
// The infant SSP's markers with the given episode lengths in seconds (E1 to E8).
std::vector<Event> ssp_events(const std::vector<double>& lengths) {
    const char* starts[] = {"P_PUT_DOWN", "S_ENTER", "P_EXIT", "P_ENTER",
                            "P_EXIT",     "S_ENTER", "P_ENTER"};
    std::vector<Event> out;
    double t = 0;
    auto add = [&](const std::string& b, double at, std::optional<double> stop = {}) {
        Event e;
        e.id = static_cast<int64_t>(out.size()) + 1;
        e.subject = b == "HARD_CRY" ? "child" : "procedure";
        e.behaviour = b;
        e.start_frame = at_seconds(at).frame, e.start_us = at_seconds(at).t_us;
        if (stop) e.stop_frame = at_seconds(*stop).frame, e.stop_us = at_seconds(*stop).t_us;
        out.push_back(e);
    };
    add("SESSION_START", 0);
    for (size_t i = 0; i < lengths.size(); ++i) {
        t += lengths[i];
        add(i < 7 ? starts[i] : "PROC_END", t);
    }
    std::sort(out.begin(), out.end(),
              [](const Event& a, const Event& b) { return a.start_frame < b.start_frame; });
    return out;
}
}  // namespace

TEST_CASE("validity: each episode is held against the scheme's own duration window",
          "[validity][episodes]") {
    const Scheme& ssp = infant_ssp();
    const EpisodeDef& e2 = *ssp.episode("E2");
    CHECK(*e2.min_sec == 150);  // validationWarnings: E2, E3 outside [150, 210]
    CHECK(*e2.max_sec == 210);
    CHECK_FALSE(ssp.episode("E4")->min_sec);  // E4, E6, E7: longer than 200
    CHECK(*ssp.episode("E4")->max_sec == 200);
    CHECK(*ssp.episode("E5")->min_sec == 150);  // E5: shorter than 150
    CHECK_FALSE(ssp.episode("E5")->max_sec);

    PassContent c;
    // E2 at 160 s is inside its window (the flat +-30 s would have flagged nothing either);
    // E3 at 140 s is below it; E4 at 205 s above; E5 at 400 s may run long (extendable).
    c.events = ssp_events({30, 160, 140, 205, 400, 180, 180, 180});
    c.episodes = derive_episodes(ssp, c.events, {});
    std::vector<std::string> flagged;
    for (const ValidityIssue& v : check_validity(ssp, c))
        if (v.check == "episode_duration") flagged.push_back(v.episode);
    CHECK(flagged == std::vector<std::string>{"E3", "E4"});
    CHECK(std::string(length_word(c.episodes[2])) == "short");
    CHECK(std::string(length_word(c.episodes[3])) == "long");

    // A separation the scheme limits only above is still short when it ends early unmarked.
    c.events = ssp_events({30, 180, 180, 40, 180, 180, 180, 180});
    c.episodes = derive_episodes(ssp, c.events, {});
    const auto all = check_validity(ssp, c);
    const auto short_e4 = std::find_if(all.begin(), all.end(), [](const ValidityIssue& v) {
        return v.check == "episode_duration" && v.episode == "E4";
    });
    REQUIRE(short_e4 != all.end());
    CHECK_THAT(short_e4->message, Catch::Contains("shorter than its window (150-200 s): if it was "
                                                  "curtailed, code CURTAILED with the reason"));
    // The marker coded on the frame the parent comes back curtails E4, not the reunion.
    Event mark;
    mark.id = 99, mark.subject = "procedure", mark.behaviour = "CURTAILED";
    mark.start_frame = c.episodes[4].start.frame, mark.start_us = c.episodes[4].start.t_us;
    c.events.push_back(mark);
    c.episodes = derive_episodes(ssp, c.events, {});
    CHECK(c.episodes[3].curtail_marked);
    CHECK_FALSE(c.episodes[4].curtail_marked);
    for (const ValidityIssue& v : check_validity(ssp, c)) CHECK(v.check != "episode_duration");
}

TEST_CASE("validity: a separation with more crying than the curtailment threshold",
          "[validity][episodes]") {
    const Scheme& ssp = infant_ssp();
    REQUIRE(ssp.curtail_crying == std::vector<std::string>{"HARD_CRY"});
    REQUIRE(ssp.curtail_threshold_sec == 60);
    PassContent c;
    c.events = ssp_events({30, 180, 180, 180, 180, 180, 180, 180});
    // E4 runs 390-570 s: 70 s of hard crying in two bouts, not curtailed.
    Event cry;
    cry.subject = "child", cry.behaviour = "HARD_CRY";
    for (auto [from, to] : {std::pair{400.0, 440.0}, std::pair{500.0, 530.0}}) {
        cry.id = static_cast<int64_t>(c.events.size()) + 1;
        cry.start_frame = at_seconds(from).frame, cry.start_us = at_seconds(from).t_us;
        cry.stop_frame = at_seconds(to).frame, cry.stop_us = at_seconds(to).t_us;
        c.events.push_back(cry);
    }
    c.episodes = derive_episodes(ssp, c.events, {});
    auto crying = [&] {
        for (const ValidityIssue& v : check_validity(ssp, c))
            if (v.check == "uncurtailed_crying") return v;
        return ValidityIssue{};
    };
    CHECK(crying().episode == "E4");
    CHECK_THAT(crying().message, Catch::StartsWith("E4 has 70.0 s of crying (HARD_CRY), more "
                                                   "than the curtailment threshold of 60 s"));
    c.events.back().stop_us = at_seconds(515).t_us;  // 55 s in all: under the threshold
    c.episodes = derive_episodes(ssp, c.events, {});
    CHECK(crying().check.empty());
}
