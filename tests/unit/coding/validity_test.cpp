#include <catch2/catch.hpp>

#include "attune/coding/ratings.hpp"
#include "attune/coding/study_queries.hpp"
#include "attune/coding/validity.hpp"
#include "pass_fixture.hpp"

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
    f.study.db().exec(
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
              "E2 lasts 30.0 s against a nominal 60 s; mark the reason with CURTAILED");
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
