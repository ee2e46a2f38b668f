// Sign-off locks a pass for every write path; unlocking needs a reason (issue 12 point 7);
// study settings, the supervisor's conventions for the study.
#include <catch2/catch.hpp>

#include "attune/coding/episodes.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/review_status.hpp"
#include "attune/coding/sign_off.hpp"
#include "attune/coding/study_settings.hpp"
#include "pass_fixture.hpp"

using namespace attune;
using namespace attune::testing;

namespace {

// A pass coded by "ab", opened by the supervisor on the same study.
struct SignedOff : PassFixture {
    int64_t cry = 0;
    SignedOff() {
        auto r = log().code("CRY", at_frame(30));
        REQUIRE(r.ok());
        REQUIRE(log().code("CRY", at_frame(60)).ok());
        cry = log().events().front().id;
        REQUIRE(set_rating(study, scheme, pass, "PS", "parent", "E1", 3).ok());
    }
};

template <class R>
void check_refused(const R& s) {
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.error().message, Catch::Contains("signed off") && Catch::Contains("unlock") &&
                                      Catch::Contains("Nothing of this change was saved"));
}

}  // namespace

TEST_CASE("a signed-off pass refuses every change: events, ratings, classification, episodes, undo",
          "[study][sign-off]") {
    SignedOff f;
    // The fixture's study user is "tester", not the pass's coder "ab".
    REQUIRE(sign_off_pass(f.study, f.pass).ok());
    REQUIRE(pass_sign_off(f.study, f.pass));
    CHECK(pass_sign_off(f.study, f.pass)->who == "tester");
    const auto before = f.log().events();

    check_refused(f.log().code("FUSS", at_frame(90)));
    Event moved = before.front();
    moved.start_frame = 31;
    check_refused(f.log().update(moved));
    check_refused(f.log().remove({f.cry}));
    check_refused(set_rating(f.study, f.scheme, f.pass, "PS", "parent", "E3", 5));
    check_refused(set_rating(f.study, f.scheme, f.pass, "PS", "parent", "E1", std::nullopt));
    check_refused(set_classification(f.study, f.scheme, f.pass, {"B3", {}, {}, {}, ""}));
    check_refused(set_episode_override(f.study, f.pass, "E2", at_frame(40)));
    check_refused(add_comment(f.study, f.pass, at_frame(40), "a note on a signed-off pass"));
    check_refused(accept_recording(f.study, f.pass, "/elsewhere/other.mp4", "1:abc", std::nullopt));
    check_refused(set_session_recording(f.study, 1, "/elsewhere/other.mp4", "1:abc"));
    auto undone = f.study.undo(f.pass);
    REQUIRE_FALSE(undone.ok());
    CHECK_THAT(undone.error().message, Catch::Contains("signed off"));

    CHECK(f.log().events() == before);  // nothing changed
    CHECK(load_ratings(f.study, f.pass).size() == 1);
}

TEST_CASE("unlocking needs a reason, is kept in the history, and lets the coder work again",
          "[study][sign-off]") {
    SignedOff f;
    REQUIRE(sign_off_pass(f.study, f.pass).ok());
    auto again = sign_off_pass(f.study, f.pass);
    REQUIRE_FALSE(again.ok());
    CHECK_THAT(again.error().message, Catch::Contains("already signed off by tester"));

    for (const char* empty : {"", "   "}) {
        auto refused = unlock_pass(f.study, f.pass, empty);
        REQUIRE_FALSE(refused.ok());
        CHECK_THAT(refused.error().message, Catch::Contains("say why"));
    }
    REQUIRE(unlock_pass(f.study, f.pass, "  E3 reunion needs recoding ").ok());
    CHECK_FALSE(pass_sign_off(f.study, f.pass));
    REQUIRE(f.log().code("FUSS", at_frame(90)).ok());

    const auto history = sign_off_history(f.study, f.pass);
    REQUIRE(history.size() == 2);
    CHECK(history[0].sign_off);
    CHECK_FALSE(history[1].sign_off);
    CHECK(history[1].reason == "E3 reunion needs recoding");
    CHECK(history[1].who == "tester");
    // The sign-off is the study's, not the pass's: the coder's undo in the pass undoes the
    // event, and no undo takes a sign-off back.
    REQUIRE(f.study.undo(f.pass).ok());
    auto undo_unlock = f.study.undo(std::nullopt);
    REQUIRE_FALSE(undo_unlock.ok());
    CHECK_THAT(undo_unlock.error().message, Catch::Contains("cannot be changed or taken back"));
    CHECK(sign_off_history(f.study, f.pass).size() == 2);
    auto unlock_again = unlock_pass(f.study, f.pass, "why not");
    REQUIRE_FALSE(unlock_again.ok());
    CHECK_THAT(unlock_again.error().message, Catch::Contains("not signed off"));
}

TEST_CASE("a coder cannot sign off their own pass", "[study][sign-off]") {
    // The pass is "ab"'s: signing off in a study opened as "ab" is refused.
    Study ab = Study::in_memory("ab");
    const int64_t snap = *add_scheme_snapshot(ab, tiny_scheme());
    const int64_t session = *add_session(ab, {0, "P01", "P01-T1", {}, {}, {}, {}, {}});
    const int64_t pass = *ensure_pass(ab, session, "ab", PassRole::Primary, snap);
    auto refused = sign_off_pass(ab, pass);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message, Catch::Contains("ab coded this pass"));
    CHECK_FALSE(pass_sign_off(ab, pass));
}

TEST_CASE("a coder cannot unlock their own signed-off pass", "[study][sign-off]") {
    Study ab = Study::in_memory("ab");
    const int64_t snap = *add_scheme_snapshot(ab, tiny_scheme());
    const int64_t session = *add_session(ab, {0, "P01", "P01-T1", {}, {}, {}, {}, {}});
    const int64_t pass = *ensure_pass(ab, session, "ab", PassRole::Primary, snap);
    // Signed off by a supervisor on another connection of the same file is the real case;
    // in memory, the sign-off row is written as the supervisor would.
    REQUIRE(ab.change("sign off", std::nullopt, [&](sql::Db& db) {
                  db.prepare(
                        "INSERT INTO sign_off (pass_id, action, who, at) VALUES (?, "
                        "'sign_off', 'sup', 'now')")
                      .bind(1, pass)
                      .run();
                  return ok_status();
              }).ok());
    REQUIRE(pass_sign_off(ab, pass));
    auto refused = unlock_pass(ab, pass, "I want to change it");
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message, Catch::Contains("ab coded this pass, so cannot unlock it"));
    CHECK(pass_sign_off(ab, pass));
}

TEST_CASE("a study setting is set, replaced and removed, each as an undoable study change",
          "[study][settings]") {
    Study s = Study::in_memory("sup");
    CHECK_FALSE(study_setting(s, "criterion"));
    REQUIRE(
        set_study_setting(s, "criterion", std::string("{\"kappa\": 0.6}"), "set criterion").ok());
    REQUIRE(
        set_study_setting(s, "criterion", std::string("{\"kappa\": 0.7}"), "set criterion").ok());
    CHECK(study_setting(s, "criterion") == "{\"kappa\": 0.7}");
    REQUIRE(s.undo(std::nullopt).ok());
    CHECK(study_setting(s, "criterion") == "{\"kappa\": 0.6}");
    REQUIRE(set_study_setting(s, "criterion", std::nullopt, "clear criterion").ok());
    CHECK_FALSE(study_setting(s, "criterion"));
}

TEST_CASE("a session's review stage: coded, double-coded, reviewed, signed off",
          "[study][sign-off]") {
    using R = PassRole;
    auto stage = [](std::vector<PassStanding> p) {
        return std::string(to_string(review_stage(p)));
    };
    CHECK(stage({}) == "not started");
    CHECK(stage({{R::Primary, false, false}}) == "in progress");
    CHECK(stage({{R::Primary, true, false}}) == "coded");
    CHECK(stage({{R::Primary, true, false}, {R::Reliability, false, false}}) == "coded");
    CHECK(stage({{R::Primary, true, false}, {R::Reliability, true, false}}) == "double-coded");
    CHECK(stage({{R::Primary, true, false},
                 {R::Reliability, true, false},
                 {R::Consensus, false, false}}) == "reviewed");
    CHECK(stage({{R::Primary, true, true}}) == "signed off");
    // With a consensus pass, the consensus is what counts: a signed-off primary alone is not
    // the session's sign-off.
    CHECK(stage({{R::Primary, true, true}, {R::Consensus, true, false}}) == "reviewed");
    CHECK(stage({{R::Primary, true, false}, {R::Consensus, true, true}}) == "signed off");
    CHECK(stage({{R::Reliability, true, true}}) == "in progress");
}
