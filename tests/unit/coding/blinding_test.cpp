// Blind reliability coding (issue 12 point 1): the double-coding selection, reproducible from
// its seed, and the rule that a reliability coder does not see the session's primary pass.
#include <catch2/catch.hpp>
#include <filesystem>

#include "attune/coding/blinding.hpp"
#include "attune/coding/sign_off.hpp"
#include "attune/coding/study_settings.hpp"
#include "pass_fixture.hpp"

using namespace attune;
using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> labels(int n) {
    std::vector<std::string> out;
    for (int i = 1; i <= n; ++i) out.push_back((i < 10 ? "S0" : "S") + std::to_string(i));
    return out;
}

// A study file with sessions S01..S10, the primary passes coded by "ab"; opened by `user`.
struct BlindStudy {
    fs::path path;
    int64_t snap = 0;
    explicit BlindStudy(const std::string& name) {
        const fs::path dir = fs::temp_directory_path() / "attune-unit" / "blind";
        fs::create_directories(dir);
        path = dir / (name + ".attune");
        fs::remove(path);
        auto st = Study::create(path.string(), "blind", "sup");
        REQUIRE(st.ok());
        snap = *add_scheme_snapshot(*st, tiny_scheme());
        for (const auto& l : labels(10)) {
            const int64_t s = *add_session(*st, {0, "P" + l, l, {}, {}, {}, {}, {}});
            REQUIRE(ensure_pass(*st, s, "ab", PassRole::Primary, snap).ok());
        }
    }
    Study as(const std::string& user) {
        auto st = Study::open(path.string(), user);
        REQUIRE(st.ok());
        return std::move(*st);
    }
};

int64_t session_id(Study& st, const std::string& label) {
    return find_session(st, label)->id;
}

}  // namespace

TEST_CASE("a seeded selection is the same choice every time, on every platform", "[blinding]") {
    const auto all = labels(10);
    const auto first = choose_sessions(all, 30, 12345);
    CHECK(first.size() == 3);
    CHECK(choose_sessions(all, 30, 12345) == first);
    // The order sessions were added in does not matter: the labels are sorted first.
    CHECK(choose_sessions({all.rbegin(), all.rend()}, 30, 12345) == first);
    // Pinned: printed once by running this algorithm (mt19937_64 + our own Fisher-Yates and
    // rejection draw, blinding.cpp), and the same from an independent Python transcription of
    // it (mt19937_64 written out from the standard's parameters); no published source. A change
    // here means selections recorded before would no longer reproduce.
    CHECK(first == std::vector<std::string>{"S02", "S04", "S08"});
    CHECK(choose_sessions(all, 30, 12346) != first);
}

TEST_CASE("the generator is the standard's mt19937_64", "[blinding]") {
    // [rand.predef]: the 10000th output of a default-constructed mt19937_64 is fixed.
    std::mt19937_64 rng;
    rng.discard(9999);
    CHECK(rng() == 9981545732273789042ull);
}

TEST_CASE("the number chosen is ceil(percent/100 x n)", "[blinding]") {
    CHECK(sessions_to_choose(20, 10) == 2);  // exactly 2, not 3 from 2.0000000000000004
    CHECK(sessions_to_choose(25, 10) == 3);  // 2.5 rounds up
    CHECK(sessions_to_choose(1, 10) == 1);
    CHECK(sessions_to_choose(100, 10) == 10);
    CHECK(sessions_to_choose(12.5, 8) == 1);
    CHECK(sessions_to_choose(33, 3) == 1);  // 0.99
    CHECK(choose_sessions(labels(10), 25, 7).size() == 3);
    CHECK(choose_sessions(labels(10), 100, 7) == labels(10));
}

TEST_CASE("the bounded draw stays in range and reaches every value", "[blinding]") {
    std::mt19937_64 rng(1);
    std::vector<int> seen(7, 0);
    for (int i = 0; i < 7000; ++i) {
        const uint64_t x = bounded_draw(rng, 7);
        REQUIRE(x < 7);
        ++seen[x];
    }
    for (int n : seen) CHECK(n > 850);  // about 1000 each
    CHECK(bounded_draw(rng, 1) == 0);
}

TEST_CASE("a percentage selection is recorded with its seed and can be reproduced", "[blinding]") {
    BlindStudy b("record");
    auto st = b.as("sup");
    auto chosen = select_percent(st, 30, 12345);
    REQUIRE(chosen.ok());
    auto stored = double_coding_selection(st);
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    const auto& s = **stored;
    CHECK(s.method == DoubleCodingSelection::Method::Percent);
    CHECK(s.percent == 30);
    CHECK(s.seed == 12345);
    CHECK(s.who == "sup");
    CHECK_FALSE(s.at.empty());
    CHECK(s.sessions == choose_sessions(labels(10), 30, 12345));

    // Without a seed one is drawn and recorded; re-running it gives the same sessions.
    auto drawn = select_percent(st, 20, std::nullopt);
    REQUIRE(drawn.ok());
    CHECK(drawn->sessions.size() == 2);
    CHECK(choose_sessions(labels(10), 20, drawn->seed) == drawn->sessions);
    CHECK((*double_coding_selection(st))->seed == drawn->seed);

    CHECK_FALSE(select_percent(st, 0, 1).ok());
    CHECK_FALSE(select_percent(st, 101, 1).ok());
}

TEST_CASE("a list selection, a reliability pass outside a selection is refused", "[blinding]") {
    BlindStudy b("list");
    auto st = b.as("sup");
    // No selection: reliability passes are allowed anywhere.
    REQUIRE(ensure_pass(st, session_id(st, "S01"), "cd", PassRole::Reliability, b.snap).ok());

    auto bad = select_sessions(st, {"S02", "S99"});
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("S99"));
    auto chosen = select_sessions(st, {"S03", "S02", "S02"});
    REQUIRE(chosen.ok());
    CHECK(chosen->method == DoubleCodingSelection::Method::List);
    CHECK(chosen->sessions == std::vector<std::string>{"S02", "S03"});

    CHECK(ensure_pass(st, session_id(st, "S02"), "cd", PassRole::Reliability, b.snap).ok());
    auto outside = ensure_pass(st, session_id(st, "S04"), "cd", PassRole::Reliability, b.snap);
    REQUIRE_FALSE(outside.ok());
    CHECK_THAT(outside.error().message,
               Catch::Contains("S04 is not among the sessions chosen for double coding") &&
                   Catch::Contains("--sessions S02,S03,S04"));
    // Primary passes are not limited by the selection.
    CHECK(ensure_pass(st, session_id(st, "S04"), "ef", PassRole::Primary, b.snap).ok());
}

TEST_CASE("a reliability coder is blind to the session's primary and consensus passes",
          "[blinding]") {
    BlindStudy b("rule");
    int64_t primary = 0, consensus = 0, own = 0, other_primary = 0;
    {
        auto st = b.as("sup");
        const int64_t s1 = session_id(st, "S01");
        primary = find_pass(st, s1, "ab", PassRole::Primary)->id;
        own = *ensure_pass(st, s1, "cd", PassRole::Reliability, b.snap);
        consensus = *ensure_pass(st, s1, "sup", PassRole::Consensus, b.snap);
        other_primary = find_pass(st, session_id(st, "S02"), "ab", PassRole::Primary)->id;
    }
    auto st = b.as("cd");
    const int64_t s1 = session_id(st, "S01");
    CHECK(sessions_blind_for(st, "cd") == std::set<int64_t>{s1});
    CHECK(passes_hidden_from(st, "cd") == std::set<int64_t>{primary, consensus});
    auto why = blind_refusal(st, "cd", primary);
    REQUIRE(why);
    CHECK_THAT(*why, Catch::Contains("cd codes the reliability pass of session S01") &&
                         Catch::Contains("primary pass") && Catch::Contains("classification") &&
                         Catch::Contains("double-coding unblind STUDY --session S01"));
    auto why_consensus = blind_refusal(st, "cd", consensus);
    REQUIRE(why_consensus);
    CHECK_THAT(*why_consensus, Catch::Contains("consensus pass"));
    CHECK_FALSE(blind_refusal(st, "cd", own));            // the coder's own pass
    CHECK_FALSE(blind_refusal(st, "cd", other_primary));  // a session cd does not double-code
    CHECK_FALSE(blind_refusal(st, "sup", primary));       // the supervisor sees everything
    CHECK_FALSE(blind_refusal(st, "ab", primary));

    // Unblinding: never by the reliability coder, once, by the supervisor.
    CHECK_FALSE(is_unblinded(st, s1));
    auto own_unblind = unblind_session(st, s1);
    REQUIRE_FALSE(own_unblind.ok());
    CHECK_THAT(own_unblind.error().message,
               Catch::Contains("a coder cannot unblind their own reliability session"));
    CHECK(blind_refusal(st, "cd", primary));
    {
        auto sup = b.as("sup");
        auto none = unblind_session(sup, session_id(sup, "S02"));
        REQUIRE_FALSE(none.ok());
        CHECK_THAT(none.error().message, Catch::Contains("has no reliability pass"));
        REQUIRE(unblind_session(sup, s1).ok());
        auto again = unblind_session(sup, s1);
        REQUIRE_FALSE(again.ok());
        CHECK_THAT(again.error().message, Catch::Contains("already unblinded by sup"));
        CHECK(unblinding_of(sup, s1)->who == "sup");
    }
    CHECK(is_unblinded(st, s1));
    // The reliability pass is frozen as it was coded blind: signed off by the unblinding.
    const auto frozen = pass_sign_off(st, own);
    REQUIRE(frozen);
    CHECK(frozen->who == "sup");
    CHECK(frozen->reason == "frozen when the session was unblinded: coded blind");
    CHECK_FALSE(pass_sign_off(st, primary));  // the primary pass stays open
    CHECK_FALSE(blind_refusal(st, "cd", primary));
    CHECK_FALSE(blind_refusal(st, "cd", consensus));
    CHECK(sessions_blind_for(st, "cd").empty());
}
