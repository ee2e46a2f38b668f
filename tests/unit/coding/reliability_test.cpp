// The study reliability report on a small in-memory study of four double-coded sessions
// (tiny scheme, primary coder "ab", reliability coder "cd"). Every expected value is
// derived by hand below from the codes entered; the statistics themselves are tested
// against published vectors in agreement_test.cpp and multi_rater_test.cpp.
#include <catch2/catch.hpp>

#include "attune/coding/ratings.hpp"
#include "attune/coding/reliability.hpp"
#include "attune/coding/study_settings.hpp"
#include "pass_fixture.hpp"

using namespace attune;
using attune::testing::at_frame;

namespace {

struct Coded {
    std::string primary, reliability;  // classification codes
    std::optional<std::string> primary_secondary, reliability_secondary;
    int ps_primary = 0, ps_reliability = 0;  // PS / parent / E1
};

// S1 B3/B1, S2 A1/A2, S3 C1/B2, S4 D (forced B2) / D (forced C1).
const std::vector<Coded> coded = {{"B3", "B1", {}, {}, 3, 3},
                                  {"A1", "A2", {}, {}, 5, 4},
                                  {"C1", "B2", {}, {}, 2, 4},
                                  {"D", "D", "B2", "C1", 6, 6}};

struct SmallStudy {
    Study study = Study::in_memory("tester");
    Scheme scheme = attune::testing::tiny_scheme();
    SmallStudy() {
        const int64_t snap = *add_scheme_snapshot(study, scheme);
        for (size_t i = 0; i < coded.size(); ++i) {
            const std::string label = "S" + std::to_string(i + 1);
            const int64_t s = *add_session(
                study,
                {0, "P" + label, label, "2024-03-0" + std::to_string(4 - i), {}, {}, {}, {}});
            const int64_t a = *ensure_pass(study, s, "ab", PassRole::Primary, snap);
            const int64_t b = *ensure_pass(study, s, "cd", PassRole::Reliability, snap);
            code(a, coded[i].primary, coded[i].primary_secondary, coded[i].ps_primary);
            code(b, coded[i].reliability, coded[i].reliability_secondary, coded[i].ps_reliability);
            if (i == 0) markers(a, b);
        }
    }
    void code(int64_t pass, const std::string& c, const std::optional<std::string>& secondary,
              int ps) {
        Classification k{c, {}, secondary, 2, ""};
        if (c == "D") k.d_rating = 7;
        REQUIRE(set_classification(study, scheme, pass, k));
        REQUIRE(set_rating(study, scheme, pass, "PS", "parent", "E1", ps));
    }
    // S1: both start at frame 0; the parent leaves at frame 900 (primary) and 930
    // (reliability); only the primary coder marks the return (frame 2700).
    void markers(int64_t a, int64_t b) {
        EventLog la(study, scheme, a), lb(study, scheme, b);
        REQUIRE(la.code("SESSION_START", at_frame(0)));
        REQUIRE(la.code("P_EXIT", at_frame(900)));
        REQUIRE(la.code("P_ENTER", at_frame(2700)));
        REQUIRE(lb.code("SESSION_START", at_frame(0)));
        REQUIRE(lb.code("P_EXIT", at_frame(930)));
    }
};

const ReliabilityFigure& find(const ReliabilityReport& r, const std::string& session,
                              const std::string& criterion_kind, const std::string& item,
                              const std::string& statistic) {
    for (const auto& f : r.figures)
        if (f.session == session && f.criterion_kind == criterion_kind && f.item == item &&
            f.statistic == statistic)
            return f;
    FAIL("no figure " << session << " " << criterion_kind << " " << item << " " << statistic);
    throw std::logic_error("unreachable");
}

double value(const ReliabilityFigure& f) {
    REQUIRE(f.result.value);
    return *f.result.value;
}

}  // namespace

TEST_CASE("reliability report: classification in its forms", "[reliability]") {
    SmallStudy s;
    auto r = reliability_report(s.study, {});
    REQUIRE(r);
    CHECK(r->double_coded_sessions == 4);
    SECTION("4-way: pairs B/B, A/A, C/B, D/D") {
        // po = 3/4; rows A,B,C,D 1/4 each, columns A 1/4, B 1/2, C 0, D 1/4:
        // pe = (1 + 2 + 0 + 1) / 16 = 1/4, kappa = (3/4 - 1/4) / (3/4) = 2/3.
        CHECK(value(find(*r, "pooled", "classification-4way", "4-way (A/B/C/D)",
                         "percent_agreement")) == Approx(75.0).margin(1e-9));
        const auto& k = find(*r, "pooled", "classification-4way", "4-way (A/B/C/D)", "cohen_kappa");
        CHECK(value(k) == Approx(2.0 / 3).margin(1e-9));
        CHECK(k.result.n == 4);
        CHECK(k.result.inputs == "2 coders, 4 sessions");
        CHECK(value(find(*r, "S3", "classification-4way", "4-way (A/B/C/D)",
                         "percent_agreement")) == 0);
    }
    SECTION("secure vs insecure: B/B, A/A, C/B, D/D") {
        // po = 3/4; rows secure 1, insecure 3; columns 2 and 2: pe = (2 + 6) / 16 = 1/2,
        // kappa = (3/4 - 1/2) / (1/2) = 1/2.
        CHECK(value(find(*r, "pooled", "classification-secure", "secure vs insecure",
                         "cohen_kappa")) == Approx(0.5).margin(1e-9));
    }
    SECTION("D vs not D: both coders called S4 D only; kappa 1") {
        CHECK(value(find(*r, "pooled", "classification-d", "D vs not D", "cohen_kappa")) ==
              Approx(1.0).margin(1e-9));
    }
    SECTION("3-way uses the forced secondary of D: S4 becomes B (primary) vs C") {
        // pairs B/B, A/A, C/B, B/C: po = 1/2; margins A 1, B 2, C 1 on both sides:
        // pe = (1 + 4 + 1) / 16 = 3/8, kappa = (1/2 - 3/8) / (5/8) = 0.2.
        CHECK(value(find(*r, "pooled", "classification-3way", "3-way (A/B/C)", "cohen_kappa")) ==
              Approx(0.2).margin(1e-9));
    }
    SECTION("subgroup: only D/D agrees") {
        CHECK(value(find(*r, "pooled", "classification-subgroup", "subgroup",
                         "percent_agreement")) == Approx(25.0).margin(1e-9));
    }
    SECTION("the 4-way confusion table, rows primary") {
        REQUIRE(r->confusion);
        CHECK(r->confusion->counts == std::vector<std::vector<int>>{
                                          {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 1}});
    }
}

TEST_CASE("reliability report: a rating-scale cell across sessions", "[reliability]") {
    SmallStudy s;
    ReliabilityOptions o;
    o.kinds = {ReliabilityKind::Ratings};
    auto r = reliability_report(s.study, o);
    REQUIRE(r);
    const std::string cell = "PS / parent / E1";  // pairs (3,3) (5,4) (2,4) (6,6)
    CHECK(value(find(*r, "pooled", "ratings", cell, "exact_agreement")) ==
          Approx(50.0).margin(1e-9));
    CHECK(value(find(*r, "pooled", "ratings", cell, "within_one_agreement")) ==
          Approx(75.0).margin(1e-9));
    // Linear weights: observed mean |a - b| = 3/4; expected from the margins
    // (a in {3,5,2,6}, b: 3 1/4, 4 1/2, 6 1/4) = (1.25 + 1.25 + 2.25 + 1.75) / 4 = 1.625;
    // kappa_w = 1 - 0.75 / 1.625 = 0.538462.
    CHECK(value(find(*r, "pooled", "ratings", cell, "weighted_kappa_linear")) ==
          Approx(0.538462).margin(5e-7));
    // BMS = 12.375 / 3 = 4.125, JMS = 0.125, EMS = 2.375 / 3:
    // ICC(2,1) = 3.3333 / (4.125 + 0.79167 + 2 (0.125 - 0.79167) / 4) = 0.727273,
    // ICC(3,1) = 3.3333 / (4.125 + 0.79167) = 0.677966.
    CHECK(value(find(*r, "pooled", "ratings", cell, "icc_2_1")) == Approx(0.727273).margin(5e-7));
    CHECK(value(find(*r, "pooled", "ratings", cell, "icc_3_1")) == Approx(0.677966).margin(5e-7));
    // The D rating was given in S4 only: one session is no basis for an ICC, and it says so.
    const auto& d = find(*r, "pooled", "ratings", "D_RATING / parent / ALL", "icc_2_1");
    CHECK_FALSE(d.result.value);
    CHECK_FALSE(d.result.undefined_reason.empty());
}

TEST_CASE("reliability report: episode boundaries and an undefined case", "[reliability]") {
    SmallStudy s;
    ReliabilityOptions o;
    o.kinds = {ReliabilityKind::Episodes};
    o.session = "S1";
    auto r = reliability_report(s.study, o);
    REQUIRE(r);
    CHECK(r->double_coded_sessions == 1);
    // E2 starts at P_EXIT: frame 900 vs 930, 30 frames = 1.000 s later.
    CHECK(value(find(*r, "S1", "episodes", "E2 start", "boundary_difference_frames")) == 30);
    CHECK(value(find(*r, "S1", "episodes", "E2 start", "boundary_difference_s")) ==
          Approx(1.0).margin(1e-6));
    const auto& e3 = find(*r, "S1", "episodes", "E3 start", "boundary_difference_s");
    CHECK_FALSE(e3.result.value);
    CHECK(e3.result.undefined_reason ==
          "episode E3 was found in the primary pass only (its start marker or override is "
          "missing)");
}

TEST_CASE("reliability report: events aligned within the tolerance", "[reliability]") {
    SmallStudy s;
    ReliabilityOptions o;
    o.kinds = {ReliabilityKind::Events};
    o.session = "S1";
    auto r = reliability_report(s.study, o);
    REQUIRE(r);
    // SESSION_START pairs (0 s apart), P_EXIT pairs (1 s, within the default 2 s), P_ENTER is
    // the primary coder's only: 2 agreements of 3 aligned events.
    const auto& p = find(*r, "S1", "events", "onsets within 2.0 s", "percent_agreement");
    CHECK(value(p) == Approx(200.0 / 3).margin(1e-9));
    CHECK(p.meaning.find("2 agreements, 0 substitutions, 0 commissions (reliability coder only), "
                         "1 omissions") != std::string::npos);
    CHECK(value(find(*r, "S1", "events", "onsets within 2.0 s", "omissions")) == 1);
    CHECK(value(find(*r, "S1", "events", "onsets within 2.0 s", "agreements")) == 2);
    o.onset_tolerance_ms = 500;  // now P_EXIT no longer pairs: 1 agreement of 4 events
    auto narrow = reliability_report(s.study, o);
    REQUIRE(narrow);
    CHECK(value(find(*narrow, "S1", "events", "onsets within 0.5 s", "percent_agreement")) ==
          Approx(25.0).margin(1e-9));
}

TEST_CASE("reliability report: the study's criterion is quoted, never judged", "[reliability]") {
    SmallStudy s;
    SECTION("set as a study setting, shown beside the matching figure only") {
        REQUIRE(set_study_setting(s.study, criterion_setting,
                                  criterion_json({"classification-4way", "percent_agreement", 80}),
                                  "criterion"));
        auto r = reliability_report(s.study, {});
        REQUIRE(r);
        CHECK(find(*r, "pooled", "classification-4way", "4-way (A/B/C/D)", "percent_agreement")
                  .convention ==
              "the study's own convention: percent agreement of at least 80.0% (this figure: "
              "75.0%)");
        CHECK(find(*r, "pooled", "classification-4way", "4-way (A/B/C/D)", "cohen_kappa")
                  .convention.empty());
    }
    SECTION("a percentage threshold written as a proportion is read as a percentage") {
        auto c = parse_criterion(R"({"kind": "classification-4way",
                                     "statistic": "percent_agreement", "at_least": 0.8})");
        REQUIRE(c);
        CHECK(c->at_least == Approx(80.0));
    }
    SECTION("1 is 1%, not 100%; a threshold out of its statistic's range is refused") {
        auto one = parse_criterion(R"({"kind": "classification-4way",
                                       "statistic": "percent_agreement", "at_least": 1})");
        REQUIRE(one);
        CHECK(one->at_least == Approx(1.0));
        auto over = parse_criterion(R"({"kind": "classification-4way",
                                        "statistic": "percent_agreement", "at_least": 180})");
        REQUIRE_FALSE(over);
        CHECK_THAT(over.error().message, Catch::StartsWith("the reliability criterion's "
                                                           "threshold 180.00 is not a percentage"));
        auto kappa = parse_criterion(R"({"kind": "classification-4way",
                                         "statistic": "cohen_kappa", "at_least": 60})");
        REQUIRE_FALSE(kappa);
        CHECK_THAT(kappa.error().message, Catch::Contains("is outside -1 to 1"));
    }
    SECTION("an unknown statistic is refused with what to do") {
        auto c = parse_criterion(R"({"kind": "events", "statistic": "kappa", "at_least": 0.6})");
        REQUIRE_FALSE(c);
        CHECK(c.error().message.find("attune-cli study criterion") != std::string::npos);
    }
}

TEST_CASE("reliability report: drift per coder pair in date order", "[reliability]") {
    SmallStudy s;
    auto r = reliability_report(s.study, {});
    REQUIRE(r);
    REQUIRE(r->drift.size() == 4);
    // Session dates run backwards (S1 2024-03-04 ... S4 2024-03-01): S4 comes first.
    CHECK(r->drift[0].session == "S4");
    CHECK(r->drift[0].date == "2024-03-01");
    CHECK(r->drift[0].classification_agrees == true);
    CHECK(r->drift[1].session == "S3");
    CHECK(r->drift[1].classification_agrees == false);
}

TEST_CASE("reliability report: messages for studies it cannot compare", "[reliability]") {
    attune::testing::PassFixture f;  // one session, a primary pass only
    auto none = reliability_report(f.study, {});
    REQUIRE_FALSE(none);
    CHECK(none.error().message.find("no double-coded sessions") != std::string::npos);
    ReliabilityOptions o;
    o.session = "P99";
    auto unknown = reliability_report(f.study, o);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().message == "no session 'P99' in this study (there are: P01-T1)");
    o.session = "P01-T1";
    auto single = reliability_report(f.study, o);
    REQUIRE_FALSE(single);
    CHECK(single.error().message.find("is not double-coded") != std::string::npos);
}

TEST_CASE("scheme: reliability.events.onsetToleranceMs", "[reliability][scheme]") {
    SECTION("the shipped SSP scheme gives 2000 ms") {
        const Scheme ssp = attune::testing::ssp_scheme();
        CHECK(ssp.onset_tolerance_ms == 2000);
        CHECK(ssp.event_onset_tolerance_ms() == 2000);
    }
    SECTION("absent: nothing read, and the report pairs within 2000 ms") {
        const Scheme tiny = attune::testing::tiny_scheme();
        CHECK_FALSE(tiny.onset_tolerance_ms);
        CHECK(tiny.event_onset_tolerance_ms() == 2000);
    }
    SECTION("given: read; negative: refused with the path") {
        std::string text = attune::testing::tiny_scheme_json();
        const std::string with = text.substr(0, text.rfind('}')) +
                                 R"(, "reliability": {"events": {"onsetToleranceMs": 500}}})";
        auto s = load_scheme_text(with, "tiny");
        REQUIRE(s);
        CHECK(s->event_onset_tolerance_ms() == 500);
        const std::string negative = text.substr(0, text.rfind('}')) +
                                     R"(, "reliability": {"events": {"onsetToleranceMs": -1}}})";
        auto bad = load_scheme_text(negative, "tiny");
        REQUIRE_FALSE(bad);
        CHECK_THAT(bad.error().message, Catch::Contains("/reliability/events/onsetToleranceMs"));
    }
}

TEST_CASE("reliability report: time-unit kappa of a session", "[reliability]") {
    SmallStudy s;
    ReliabilityOptions o;
    o.kinds = {ReliabilityKind::TimeUnit};
    o.session = "S1";
    auto r = reliability_report(s.study, o);
    REQUIRE(r);
    // 1-s units t = 0..90 s (first start .. last stop) x 2 subjects (procedure, parent) = 182
    // tallies. They differ at parent t = 30 (P_EXIT vs none), 31 (none vs P_EXIT) and 90
    // (P_ENTER vs none): 179 agree. Margins: primary none 179, SESSION_START 1, P_EXIT 1,
    // P_ENTER 1; reliability none 180, SESSION_START 1, P_EXIT 1:
    // pe = (179 x 180 + 1 + 1) / 182^2, kappa = (179 x 182 - 32222) / (182^2 - 32222) = 356 / 902.
    const std::string item = "without modifiers, 1-s units";
    const auto& k = find(*r, "S1", "time-unit", item, "cohen_kappa");
    CHECK(value(k) == Approx(356.0 / 902).margin(1e-9));
    CHECK(k.result.n == 182);
    CHECK(value(find(*r, "S1", "time-unit", item, "percent_agreement")) ==
          Approx(100.0 * 179 / 182).margin(1e-9));
}
