// Video feedback's records (issue 14 points 1, 2, 3, 5, 6): the feedback protocol checked
// like a scheme, cases and visits, moments (their own lane: audited, undoable, never
// events), the visit plan across a case's sessions, consent and what it allows, the record
// of media made from a film, and what is due for deletion.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "attune/coding/consent.hpp"
#include "attune/coding/feedback.hpp"
#include "attune/coding/moments.hpp"
#include "attune/coding/sign_off.hpp"
#include "pass_fixture.hpp"

using namespace attune;
using namespace attune::testing;

namespace {

const std::string kGeneric = std::string(ATTUNE_SCHEMA_DIR) + "/feedback-generic.json";

Moment moment(int64_t in, int64_t out, std::string caption = "I want to show you my tower") {
    Moment m;
    m.in = at_frame(in), m.out = at_frame(out);
    m.title = "Tower", m.caption = std::move(caption), m.note = "mother tense at first";
    m.theme = "speaking-for-the-child";
    return m;
}

// A family followed over two visits: sessions V1 and V2, one therapist pass on each.
struct CaseFixture {
    Study study = Study::in_memory("therapist");
    int64_t v1 = 0, v2 = 0, pass1 = 0, pass2 = 0;
    CaseFixture() {
        const int64_t snap = *add_scheme_snapshot(study, tiny_scheme());
        v1 = *add_session(study, {0, "F01", "F01-V1", {}, {}, {}, {}, {}});
        v2 = *add_session(study, {0, "F01", "F01-V2", {}, {}, {}, {}, {}});
        pass1 = *ensure_pass(study, v1, "th", PassRole::Primary, snap);
        pass2 = *ensure_pass(study, v2, "th", PassRole::Primary, snap);
        auto protocol = load_protocol_file(kGeneric);
        REQUIRE(protocol.ok());
        REQUIRE(add_case(study, "F01", *protocol).ok());
        REQUIRE(set_case_visit(study, "F01", v1, 1, "2026-11-02").ok());
        REQUIRE(set_case_visit(study, "F01", v2, 2, "2026-11-16").ok());
    }
};

}  // namespace

TEST_CASE("the shipped feedback protocol loads with a theme for each of its six visits",
          "[feedback]") {
    auto p = load_protocol_file(kGeneric);
    REQUIRE(p.ok());
    CHECK(p->id == "generic-theme-per-visit");
    REQUIRE(p->visits.size() == 6);
    CHECK(p->visit(1)->theme == "exploring-and-coming-back");
    CHECK(p->visit(2)->theme == "speaking-for-the-child");
    CHECK(p->visit(7) == nullptr);
    CHECK(p->max_moment_seconds == 10.0);
    CHECK(p->max_moments_per_visit == 3);
    CHECK(p->references.size() == 3);
}

TEST_CASE("a protocol with mistakes gets every problem at once, with its path and line",
          "[feedback]") {
    const std::string text = R"({
  "formatVersion": "attune-protocol/1",
  "protocol": {
    "id": "p", "name": "P", "version": "1",
    "visits": [
      {"visit": 1, "theme": "a", "title": "A"},
      {"visit": 1, "theme": "b", "title": "B", "colour": "red"},
      {"visit": 3, "title": "C"}
    ]
  }
})";
    const auto issues = check_protocol_text(text, nullptr);
    std::vector<std::string> said;
    for (const auto& i : issues)
        said.push_back(std::to_string(i.line) + " " + i.path + ": " + i.message);
    CHECK(said == std::vector<std::string>{
                      "7 /protocol/visits/1/colour: unknown field 'colour' (this build would "
                      "ignore it)",
                      "7 /protocol/visits/1/visit: visit 1 twice",
                      "8 /protocol/visits/2: needs \"theme\" (text)",
                      "5 /protocol/visits: visits are numbered 1, 2, 3... without a gap; 2 is "
                      "missing"});
    CHECK(check_protocol_text("{\"formatVersion\": 3", nullptr)
              .front()
              .message.find("not valid JSON") == 0);
}

TEST_CASE("a case groups sessions as numbered visits, a moment's theme is the next visit's",
          "[feedback]") {
    CaseFixture f;
    const auto c = find_case(f.study, "F01");
    REQUIRE(c);
    REQUIRE(c->visits.size() == 2);
    CHECK(c->visits[0].session == "F01-V1");
    CHECK(c->visits[0].date == "2026-11-02");
    CHECK(c->visits[1].theme == "speaking-for-the-child");
    CHECK(case_of_session(f.study, f.v2)->code == "F01");
    // Moments filmed at visit 1 are shown at visit 2.
    CHECK(theme_for_moments_of(f.study, f.v1) == "speaking-for-the-child");
    CHECK(theme_for_moments_of(f.study, f.v2) == "signal-and-answer");
    CHECK(theme_title(f.study, f.v1, "speaking-for-the-child") ==
          "Putting the child's signals into words");
    CHECK(theme_title(f.study, f.v1, "our-own-theme") == "our-own-theme");

    CHECK(add_case(f.study, "F01", std::nullopt).error().message.find("already") !=
          std::string::npos);
    const auto taken = set_case_visit(f.study, "F01", f.v2, 1, std::nullopt);
    REQUIRE_FALSE(taken.ok());
    CHECK(taken.error().message == "visit 1 of case F01 is session F01-V1 already");
    CHECK_FALSE(set_case_visit(f.study, "F01", f.v2, 2, "2026-02-30").ok());
    // A case is one family: another participant's session is refused, and a session is in
    // one case only.
    const int64_t other = *add_session(f.study, {0, "F02", "F02-V1", {}, {}, {}, {}, {}});
    CHECK(set_case_visit(f.study, "F01", other, 3, std::nullopt).error().message ==
          "that session is participant F02's, and case F01 holds participant F01's visits: a "
          "case is one family");
    REQUIRE(add_case(f.study, "F02", std::nullopt).ok());
    CHECK(set_case_visit(f.study, "F02", f.v1, 1, std::nullopt).error().message ==
          "that session is visit 1 of case F01; a session belongs to one family's case");
    CHECK_FALSE(set_case_visit(f.study, "F09", f.v2, 2, std::nullopt).ok());
}

TEST_CASE("a moment is its own lane: saved, edited, undone and redone, never an event",
          "[feedback]") {
    PassFixture f;
    Moment m = moment(300, 540);
    m.freeze = at_frame(420);
    const auto id = add_moment(f.study, f.pass, m);
    REQUIRE(id.ok());
    auto saved = list_moments(f.study, f.pass);
    REQUIRE(saved.size() == 1);
    CHECK(saved[0].in == at_frame(300));
    CHECK(saved[0].out == at_frame(540));
    CHECK(saved[0].freeze == at_frame(420));
    CHECK(saved[0].caption == "I want to show you my tower");
    CHECK(saved[0].note == "mother tense at first");
    CHECK(f.log().events().empty());  // no behaviour statistic can see it

    saved[0].caption = "Look, Mum!";
    saved[0].kind = MomentKind::Think;
    REQUIRE(update_moment(f.study, saved[0]).ok());
    CHECK(get_moment(f.study, *id)->caption == "Look, Mum!");
    CHECK(f.study.undo(f.pass)->value().label == "edit moment 300-540");
    CHECK(get_moment(f.study, *id)->caption == "I want to show you my tower");
    CHECK(get_moment(f.study, *id)->kind == MomentKind::Strength);
    REQUIRE(f.study.undo(f.pass).ok());  // the add, and its place in the plan
    CHECK(list_moments(f.study, f.pass).empty());
    CHECK(visit_plan(f.study, f.pass).empty());
    REQUIRE(f.study.redo(f.pass).ok());
    CHECK(list_moments(f.study, f.pass).size() == 1);
    CHECK(visit_plan(f.study, f.pass).size() == 1);
    REQUIRE(remove_moment(f.study, *id).ok());
    CHECK(visit_plan(f.study, f.pass).empty());
    REQUIRE(f.study.undo(f.pass).ok());
    CHECK(visit_plan(f.study, f.pass).size() == 1);
}

TEST_CASE("a moment's frames are checked, and a signed-off pass refuses new ones", "[feedback]") {
    PassFixture f;
    CHECK(add_moment(f.study, f.pass, moment(500, 400)).error().message ==
          "the out frame (400) is before the in frame (500)");
    Moment m = moment(100, 200);
    m.freeze = at_frame(201);
    CHECK(add_moment(f.study, f.pass, m).error().message ==
          "the freeze frame (201) is outside the moment (100-200)");
    CHECK(add_moment(f.study, f.pass, moment(1, 2, std::string(161, 'x')))
              .error()
              .message.find("the caption is 161 characters") == 0);
    // 160 characters of two bytes each are within the limit: characters, not bytes.
    std::string accents;
    for (int i = 0; i < 160; ++i) accents += "\xC3\xA9";
    CHECK(add_moment(f.study, f.pass, moment(1, 2, accents)).ok());
    CHECK(add_moment(f.study, f.pass, moment(1, 2, "bad \xFF\xFE")).error().message ==
          "the moment's text is not valid UTF-8 (save the text as UTF-8 and try again)");
    REQUIRE(sign_off_pass(f.study, f.pass).ok());
    CHECK_FALSE(add_moment(f.study, f.pass, moment(10, 20)).ok());
}

TEST_CASE("the visit plan keeps its order, reorders, and draws on the case's other visits",
          "[feedback]") {
    CaseFixture f;
    const int64_t a = *add_moment(f.study, f.pass2, moment(10, 100));
    const int64_t b = *add_moment(f.study, f.pass2, moment(200, 290));
    const int64_t earlier = *add_moment(f.study, f.pass1, moment(50, 120));
    auto order = [&] {
        std::vector<int64_t> ids;
        for (const auto& i : visit_plan(f.study, f.pass2)) ids.push_back(i.moment.id);
        return ids;
    };
    CHECK(order() == std::vector<int64_t>{a, b});
    const auto offered = moments_of_case(f.study, f.pass2);
    REQUIRE(offered.size() == 1);
    CHECK(offered[0].session == "F01-V1");
    REQUIRE(add_to_plan(f.study, f.pass2, earlier).ok());
    CHECK(order() == std::vector<int64_t>{a, b, earlier});
    CHECK(move_in_plan(f.study, f.pass2, earlier, 3).error().message ==
          "the plan has 3 moments: give a place from 1 to 3");
    REQUIRE(move_in_plan(f.study, f.pass2, earlier, 0).ok());
    CHECK(order() == std::vector<int64_t>{earlier, a, b});
    REQUIRE(move_in_plan(f.study, f.pass2, earlier, 0).ok());  // there already: nothing written
    CHECK(f.study.undo(f.pass2)->value().label == "reorder the plan");  // so this is the first's
    CHECK(order() == std::vector<int64_t>{a, b, earlier});
    REQUIRE(f.study.redo(f.pass2).ok());
    CHECK(order() == std::vector<int64_t>{earlier, a, b});
    REQUIRE(set_plan_script(f.study, f.pass2, a, "What is he telling you here?").ok());
    CHECK(visit_plan(f.study, f.pass2)[1].script == "What is he telling you here?");
    REQUIRE(f.study.undo(f.pass2).ok());
    CHECK(visit_plan(f.study, f.pass2)[1].script.empty());
    REQUIRE(f.study.undo(f.pass2).ok());
    CHECK(order() == std::vector<int64_t>{a, b, earlier});
    REQUIRE(remove_from_plan(f.study, f.pass2, a).ok());
    CHECK(order() == std::vector<int64_t>{b, earlier});
    CHECK_FALSE(add_to_plan(f.study, f.pass2, b).ok());  // in it already

    // Another family's moment never reaches this plan.
    const int64_t snap = *scheme_for_new_pass(f.study);
    const int64_t other = *add_session(f.study, {0, "F02", "F02-V1", {}, {}, {}, {}, {}});
    const int64_t other_pass = *ensure_pass(f.study, other, "th", PassRole::Primary, snap);
    REQUIRE(add_case(f.study, "F02", std::nullopt).ok());
    REQUIRE(set_case_visit(f.study, "F02", other, 1, std::nullopt).ok());
    const int64_t theirs = *add_moment(f.study, other_pass, moment(1, 50));
    const auto refused = add_to_plan(f.study, f.pass2, theirs);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("another case") != std::string::npos);
}

TEST_CASE("consent: uses checked, the newest record applies, a recording's own first",
          "[feedback][consent]") {
    CaseFixture f;
    CHECK(*parse_consent_uses("export, feedback") ==
          std::vector<std::string>{"feedback", "export"});
    CHECK(parse_consent_uses("none")->empty());
    CHECK(parse_consent_uses("feedback,copies").error().message.find("'copies' is not a use") == 0);

    const std::string today = "2026-12-07";
    const auto none = consent_refusal(f.study, f.v1, "export", today);
    REQUIRE(none);
    CHECK(none->find("no consent is recorded for participant F01's film (session F01-V1)") == 0);
    CHECK(none->find("--participant F01 --allow export") != std::string::npos);

    REQUIRE(
        record_consent(f.study, "F01", std::nullopt, {"feedback"}, "2027-06-30", "J. Smith").ok());
    CHECK_FALSE(consent_refusal(f.study, f.v1, "feedback", today));
    const auto no_copies = consent_refusal(f.study, f.v1, "export", today);
    REQUIRE(no_copies);
    CHECK(no_copies->find("allows feedback, not export") != std::string::npos);
    // One recording's own, newer consent applies to it; the participant's to the others.
    REQUIRE(record_consent(f.study, "F01", f.v2, {"feedback", "export"}, "2027-06-30", "J. Smith")
                .ok());
    CHECK_FALSE(consent_refusal(f.study, f.v2, "export", today));
    CHECK(consent_refusal(f.study, f.v1, "export", today));
    {  // A later withdrawal for all recordings ends the one recording's consent too.
        CaseFixture g;
        REQUIRE(record_consent(g.study, "F01", g.v2, {"feedback", "export"}, {}, "JS").ok());
        REQUIRE(record_consent(g.study, "F01", std::nullopt, {}, {}, "JS").ok());
        const auto withdrawn = consent_refusal(g.study, g.v2, "export", today);
        REQUIRE(withdrawn);
        CHECK(withdrawn->find("allows none, not export") != std::string::npos);
        const auto due = due_for_deletion(g.study, today);
        REQUIRE(due.size() == 2);
        CHECK(due[0].why.find("consent withdrawn on ") == 0);
    }
    {  // A later consent for all recordings never undoes one film's own withdrawal.
        CaseFixture g;
        REQUIRE(record_consent(g.study, "F01", g.v1, {}, {}, "JS").ok());
        REQUIRE(
            record_consent(g.study, "F01", std::nullopt, {"feedback", "export"}, "2027-01-31", "JS")
                .ok());
        CHECK(consent_refusal(g.study, g.v1, "export", today));
        CHECK_FALSE(consent_refusal(g.study, g.v2, "export", today));
        // And a narrower one for all recordings narrows a film's own wider consent, with the
        // earlier last day.
        REQUIRE(
            record_consent(g.study, "F01", g.v2, {"feedback", "export"}, "2028-01-01", "JS").ok());
        REQUIRE(
            record_consent(g.study, "F01", std::nullopt, {"feedback"}, "2027-03-01", "JS").ok());
        const auto v2 = consent_for_session(g.study, g.v2);
        REQUIRE(v2);
        CHECK(v2->uses == std::vector<std::string>{"feedback"});
        CHECK(v2->until == "2027-03-01");
    }
    // Past its last day the film is not used at all.
    CHECK(consent_refusal(f.study, f.v2, "export", "2027-07-01")->find("ran until 2027-06-30") !=
          std::string::npos);
    CHECK_FALSE(consent_refusal(f.study, f.v2, "export", "2027-06-30"));
    CHECK(consent_history(f.study).size() == 2);
    CHECK_FALSE(record_consent(f.study, "F01", std::nullopt, {}, "2027-13-01", "x").ok());
    CHECK_FALSE(record_consent(f.study, "F01", std::nullopt, {}, std::nullopt, " ").ok());
    CHECK_FALSE(record_consent(f.study, "F99", std::nullopt, {}, std::nullopt, "x").ok());
}

TEST_CASE("media made from a film is recorded with its consent, lapsed consents are due",
          "[feedback][consent]") {
    CaseFixture f;
    const int64_t consent =
        *record_consent(f.study, "F01", std::nullopt, {"feedback", "export"}, "2026-12-01", "JS");
    REQUIRE(record_media_export(f.study, f.v1, "reel", "/tmp/reel.mp4").ok());
    const auto made = list_media_exports(f.study);
    REQUIRE(made.size() == 1);
    CHECK(made[0].session == "F01-V1");
    CHECK(made[0].kind == "reel");
    CHECK(made[0].who == "therapist");
    CHECK(made[0].consent_id == consent);
    const auto due = due_for_deletion(f.study, "2026-12-07");
    REQUIRE(due.size() == 2);
    CHECK(due[0].session == "F01-V1");
    CHECK(due[0].until == "2026-12-01");
    CHECK(due_for_deletion(f.study, "2026-12-01").empty());
}

TEST_CASE("a fidelity scheme's section names point behaviours that carry the kind modifier",
          "[feedback][fidelity]") {
    auto shipped = load_scheme_file(std::string(ATTUNE_SCHEMA_DIR) + "/feedback-fidelity.json");
    REQUIRE(shipped.ok());
    REQUIRE(shipped->fidelity);
    CHECK(shipped->fidelity->on_target == "COMMENT_ON");
    CHECK(shipped->fidelity->standard_share == 0.8);
    auto edited = nlohmann::json::parse(shipped->json);
    edited["fidelity"]["offTarget"] = "NOPE";
    edited["fidelity"]["onTarget"] = "SESSION_START";
    edited["fidelity"]["standardShareOnTarget"] = 80;
    std::vector<std::string> said;
    for (const auto& i : check_scheme_text(edited.dump(2), nullptr))
        said.push_back(i.path + ": " + i.message);
    CHECK(said == std::vector<std::string>{
                      "/fidelity/standardShareOnTarget: the standard is a share of comments, more "
                      "than 0 and at most 1 (0.8 for 80%)",
                      "/fidelity/kindModifier: 'SESSION_START' has no modifier 'kind'",
                      "/fidelity/offTarget: no behaviour 'NOPE' in the scheme"});
}
