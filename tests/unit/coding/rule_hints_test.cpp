#include <catch2/catch.hpp>

#include "attune/coding/rule_hints.hpp"
#include "attune/coding/scheme.hpp"
#include "attune/coding/validity.hpp"
#include "scheme_fixture.hpp"

using namespace attune;

namespace {
const Scheme& ssp() {
    return testing::shipped_scheme("ssp-infant.json");
}

// The reunion ratings toward the parent: {E5, E8} for each scale named.
struct Reunions {
    std::vector<Rating> ratings;
    Reunions& set(const std::string& scale, int e5, int e8) {
        ratings.push_back({scale, "parent", "E5", e5});
        ratings.push_back({scale, "parent", "E8", e8});
        return *this;
    }
};

HintResult::State state(const std::string& id, const std::vector<Rating>& ratings) {
    for (const HintResult& h : evaluate_hints(ssp(), ratings))
        if (h.id == id) return h.state;
    FAIL("the scheme has no hint " << id);
    return HintResult::State::InsufficientData;
}
bool holds(const std::string& id, const Reunions& r) {
    return state(id, r.ratings) == HintResult::State::Holds;
}
// An avoidant pattern: high avoidance in both reunions, little resistance.
Reunions avoidant(int ps_e5, int ps_e8) {
    return std::move(Reunions{}
                         .set("AV", 5, 6)
                         .set("RS", 1, 2)
                         .set("PS", ps_e5, ps_e8)
                         .set("CM", 1, 1)
                         .set("DI", 2, 2));
}
}  // namespace

TEST_CASE("H_A reads the avoidance of both reunions, not the higher one alone", "[hints]") {
    CHECK(holds("H_A", avoidant(1, 2)));
    CHECK(holds("H_A1", avoidant(1, 2)));
    CHECK_FALSE(holds("H_A2", avoidant(1, 2)));
    // Avoidance in the second reunion only (1 then 7): the higher alone would have fired.
    auto one_reunion = Reunions{}.set("AV", 1, 7).set("RS", 1, 1).set("PS", 1, 2);
    CHECK_FALSE(holds("H_A", one_reunion));
    // Resistance as well: not A.
    auto resistant = Reunions{}.set("AV", 5, 6).set("RS", 4, 5).set("PS", 1, 2);
    CHECK_FALSE(holds("H_A", resistant));
}

TEST_CASE("H_A2 allows moderate proximity seeking mixed with avoidance", "[hints]") {
    CHECK(holds("H_A", avoidant(4, 4)));  // mean PS 4: A2's moderate seeking
    CHECK(holds("H_A2", avoidant(4, 4)));
    CHECK_FALSE(holds("H_A1", avoidant(4, 4)));
    CHECK_FALSE(holds("H_A", avoidant(5, 5)));  // strong seeking is not avoidant
}

TEST_CASE("H_C1 and H_C2 split resistance by active and passive seeking", "[hints]") {
    auto active = Reunions{}.set("RS", 6, 5).set("PS", 6, 5).set("CM", 5, 5);
    CHECK(holds("H_C", active));
    CHECK(holds("H_C1", active));
    CHECK_FALSE(holds("H_C2", active));
    auto passive = Reunions{}.set("RS", 5, 6).set("PS", 3, 4).set("CM", 5, 4);
    CHECK(holds("H_C", passive));
    CHECK(holds("H_C2", passive));
    CHECK_FALSE(holds("H_C1", passive));
    auto little = Reunions{}.set("RS", 3, 4).set("PS", 6, 6).set("CM", 5, 5);
    CHECK_FALSE(holds("H_C", little));
    CHECK_FALSE(holds("H_C1", little));
}

TEST_CASE("the secure hints fire on their patterns only", "[hints]") {
    auto b3 = Reunions{}.set("PS", 4, 6).set("CM", 3, 5).set("AV", 1, 2).set("RS", 1, 1);
    CHECK(holds("H_B3", b3));
    CHECK_FALSE(holds(
        "H_B3",
        Reunions{}.set("PS", 4, 6).set("CM", 3, 5).set("AV", 3, 3).set("RS", 1, 1)));  // avoidance
                                                                                       // 3: not B3
    auto b12 = Reunions{}.set("DI", 5, 6).set("PS", 2, 3).set("AV", 2, 3).set("RS", 1, 1);
    CHECK(holds("H_B12", b12));
    CHECK_FALSE(holds("H_B12", Reunions{}.set("DI", 3, 4).set("PS", 2, 3).set("AV", 2, 3)));
    auto b4 = Reunions{}.set("PS", 5, 6).set("RS", 3, 4);
    CHECK(holds("H_B4", b4));
    CHECK_FALSE(holds("H_B4", Reunions{}.set("PS", 5, 6).set("RS", 5, 4)));
}

TEST_CASE("H_D at the D rating's cutoff, and the A/C flag says consider D", "[hints]") {
    CHECK(state("H_D", {{"D_RATING", "parent", "ALL", 5}}) == HintResult::State::Holds);
    CHECK(state("H_D", {{"D_RATING", "parent", "ALL", 4}}) == HintResult::State::DoesNotHold);
    auto both = Reunions{}.set("AV", 5, 6).set("RS", 5, 5);
    CHECK(holds("H_FLAG_AC", both));
    CHECK_FALSE(holds("H_FLAG_AC", Reunions{}.set("AV", 5, 6).set("RS", 4, 4)));
    for (const HintResult& h : evaluate_hints(ssp(), both.ratings))
        if (h.id == "H_FLAG_AC") CHECK_THAT(h.message, Catch::Contains("consider D or A/C"));
}

TEST_CASE("a hint without all its cells rated says so instead of guessing", "[hints]") {
    CHECK(state("H_A", {{"AV", "parent", "E5", 6}}) == HintResult::State::InsufficientData);
}

TEST_CASE("hints show only beside an entered classification, never in a reliability pass",
          "[hints]") {
    const Classification b3{"B3", std::nullopt, std::nullopt, std::nullopt, ""};
    CHECK(hints_may_show(PassRole::Primary, b3));
    CHECK_FALSE(hints_may_show(PassRole::Primary, std::nullopt));
    CHECK_FALSE(hints_may_show(PassRole::Reliability, b3));
    CHECK_THAT(why_hints_hidden(PassRole::Reliability, b3), Catch::Contains("reliability pass"));

    // Validity's hint findings follow the same rule: a reliability coder's B3 against an
    // avoidant pattern is not told that the hints disagree.
    PassContent content;
    content.ratings = avoidant(1, 2).ratings;
    content.classification = b3;
    auto has_hint_finding = [&] {
        for (const ValidityIssue& v : check_validity(ssp(), content))
            if (v.check == "hint_disagrees" || v.check == "hint_flag") return true;
        return false;
    };
    CHECK(has_hint_finding());
    content.role = PassRole::Reliability;
    CHECK_FALSE(has_hint_finding());
}
