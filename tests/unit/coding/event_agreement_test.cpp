// Event agreement: BORIS's time-unit kappa, the BORIS plugin interval kappas and
// the optimal (banded) event alignment, on cases small enough to tally by hand.
#include "attune/coding/stats/event_agreement.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using namespace attune::stats;

namespace {

int64_t us(double seconds) {
    return std::llround(seconds * 1e6);
}

Bout state(const std::string& subject, const std::string& code, double start, double stop) {
    return {subject, code, "", us(start), us(stop), false};
}

Bout point(const std::string& subject, const std::string& code, double t) {
    return {subject, code, "", us(t), us(t), true};
}

bool has(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

struct Counts {
    int agreements = 0, disagreements = 0, omissions = 0, commissions = 0;
    bool operator==(const Counts&) const = default;
};

Counts counts_of(const std::vector<std::pair<int, int>>& pairs, const std::vector<Bout>& a,
                 const std::vector<Bout>& b) {
    Counts c;
    for (auto [i, j] : pairs) {
        if (i < 0) ++c.commissions;
        if (j < 0) ++c.omissions;
        if (i >= 0 && j >= 0) ++(a[i].behaviour == b[j].behaviour ? c.agreements : c.disagreements);
    }
    return c;
}

// The reference: the unbanded DP over every cell (i, j), traced back diagonal first.
std::pair<int64_t, Counts> full_dp(const std::vector<Bout>& a, const std::vector<Bout>& b,
                                   int64_t tol) {
    const size_t n = a.size(), m = b.size();
    std::vector<std::vector<int64_t>> q(n + 1, std::vector<int64_t>(m + 1, 0));
    auto allowed = [&](size_t i, size_t j) {
        return std::llabs(a[i].start_us - b[j].start_us) <= tol;
    };
    for (size_t i = 1; i <= n; ++i)
        for (size_t j = 1; j <= m; ++j) {
            q[i][j] = std::max(q[i - 1][j], q[i][j - 1]);
            if (allowed(i - 1, j - 1))
                q[i][j] =
                    std::max(q[i][j], q[i - 1][j - 1] + pair_score(a[i - 1], b[j - 1], false));
        }
    std::vector<std::pair<int, int>> pairs;
    size_t i = n, j = m;
    while (i > 0 && j > 0) {
        if (allowed(i - 1, j - 1) &&
            q[i][j] == q[i - 1][j - 1] + pair_score(a[i - 1], b[j - 1], false)) {
            pairs.push_back({int(--i), int(--j)});
        } else if (q[i][j] == q[i - 1][j]) {
            pairs.push_back({int(--i), -1});
        } else {
            pairs.push_back({-1, int(--j)});
        }
    }
    while (i > 0) pairs.push_back({int(--i), -1});
    while (j > 0) pairs.push_back({-1, int(--j)});
    return {q[n][m], counts_of(pairs, a, b)};
}

}  // namespace

TEST_CASE("BORIS plugin interval kappa: VECTORS.md micro-cases", "[agreement][events]") {
    IntervalOptions o;
    SECTION("identical observations: unweighted and weighted 1.000") {
        std::vector<Bout> a{state("S", "A", 0, 1), state("S", "B", 1, 2)};
        CHECK(*interval_kappa(a, a, o).kappa.value == Approx(1.0).margin(5e-4));
        CHECK(*duration_weighted_kappa(a, a, o).kappa.value == Approx(1.0).margin(5e-4));
    }
    SECTION("a point event inside a shared bout: items S|A, S|A+S|E1 vs S|A, S|A: 0.000") {
        std::vector<Bout> a{state("S", "A", 0, 10), point("S", "E1", 5)};
        std::vector<Bout> b{state("S", "A", 0, 10)};
        auto r = interval_kappa(a, b, o);
        CHECK(r.categories == std::vector<std::string>{"S|A", "S|A+S|E1"});
        CHECK(r.tally.n == 2);
        CHECK(*r.kappa.value == Approx(0.0).margin(5e-4));
    }
    SECTION("times shifted by +0.0049 s agree after rounding to 2 decimals: 1.000") {
        std::vector<Bout> a{state("S", "A", 0.0049, 1.0049), state("S", "B", 1.0049, 2.0049)};
        std::vector<Bout> b{state("S", "A", 0, 1), state("S", "B", 1, 2)};
        o.decimals = 2;
        CHECK(*interval_kappa(a, b, o).kappa.value == Approx(1.0).margin(5e-4));
        o.decimals = 3;  // 0.0049 rounds to 0.005: the shift stays, agreement is not perfect
        CHECK(*interval_kappa(a, b, o).kappa.value < 0.999);
    }
    SECTION("only zero-length events, the same code in both: undefined, not 0 or 1") {
        std::vector<Bout> a{point("S", "E", 1), point("S", "E", 2)};
        auto r = interval_kappa(a, a, o);
        CHECK_FALSE(r.kappa.value.has_value());
        CHECK_FALSE(r.kappa.undefined_reason.empty());
        CHECK_FALSE(duration_weighted_kappa(a, a, o).kappa.value.has_value());
    }
    SECTION("weighted: a total weight under 1 s still counts its 2 items") {
        std::vector<Bout> a{state("S", "A", 0, 0.2), state("S", "B", 0.2, 0.4)};
        auto r = duration_weighted_kappa(a, a, o);
        CHECK(r.kappa.n == 2);
        CHECK(*r.kappa.value == Approx(1.0).margin(5e-4));
        CHECK(r.tally.n == Approx(0.4));
    }
    SECTION("weighted: point event weight 0 gives 1.000, weight 1 gives 0.500 (po 2/3, pe 1/3)") {
        std::vector<Bout> a{state("S", "A", 0, 1), state("S", "B", 1, 2), point("S", "E", 1.5)};
        std::vector<Bout> b{state("S", "A", 0, 1), state("S", "B", 1, 2)};
        o.point_weight = 0;
        CHECK(*duration_weighted_kappa(a, b, o).kappa.value == Approx(1.0).margin(5e-4));
        o.point_weight = 1;
        auto r = duration_weighted_kappa(a, b, o);
        CHECK(*r.kappa.value == Approx(0.5).margin(5e-4));
        CHECK(r.tally.n == Approx(3.0));
        CHECK(r.tally.agreements / r.tally.n == Approx(2.0 / 3));
        CHECK(r.tally.chance / r.tally.n == Approx(1.0 / 3));
        CHECK_FALSE(r.kappa.ci.has_value());
    }
}

TEST_CASE("BORIS time-unit kappa: the rules of FORMATS.md 1.6(a) by hand", "[agreement][events]") {
    TimeUnitOptions o;  // 1-s units
    SECTION("state ends are inclusive: at t = 2 both a (0-2) and b (2-4) count") {
        // t:  0    1    2        3    4
        // A:  a    a    a+b      b    b
        // B:  a    a    a        a    a
        // rows a 2, a+b 1, b 2; column a 5: N 5, agreements 2, chance 2*5/5 = 2, kappa 0/3 = 0
        std::vector<Bout> a{state("S", "a", 0, 2), state("S", "b", 2, 4)};
        std::vector<Bout> b{state("S", "a", 0, 4)};
        auto r = time_unit_kappa(a, b, o);
        CHECK(has(r.categories, "S|a+S|b"));
        CHECK(r.tally.n == 5);
        CHECK(r.tally.agreements == 2);
        CHECK(r.tally.chance == Approx(2.0));
        CHECK(*r.kappa.value == Approx(0.0).margin(1e-12));
        CHECK(r.inputs.find("2 coders, 1-s units, 5 unit x subject tallies") != std::string::npos);
    }
    SECTION("a point counts within +-u/2: 2.5 s at t = 2 and t = 3, 2.6 s at t = 3 only") {
        // t:  0    1    2      3      4
        // A:  a    a    a+p    a+p    a
        // B:  a    a    a      a+p    a
        // rows a 3, a+p 2; columns a 4, a+p 1: N 5, agreements 4, chance (12 + 2)/5 = 2.8,
        // kappa (4 - 2.8)/(5 - 2.8) = 6/11
        std::vector<Bout> a{state("S", "a", 0, 4), point("S", "p", 2.5)};
        std::vector<Bout> b{state("S", "a", 0, 4), point("S", "p", 2.6)};
        auto r = time_unit_kappa(a, b, o);
        CHECK(r.tally.n == 5);
        CHECK(r.tally.agreements == 4);
        CHECK(r.tally.chance == Approx(2.8));
        CHECK(*r.kappa.value == Approx(6.0 / 11).epsilon(1e-12));
    }
    SECTION("the subject is part of the category; only the empty list is shared") {
        // A: S1 a 0-2; B: S2 a 0-2; t = 0, 1, 2 x (S1, S2) = 6 tallies.
        // A: S1 "S1|a" x3, S2 "" x3; B: S1 "" x3, S2 "S2|a" x3.
        // rows S1|a 3, "" 3; columns "" 3, S2|a 3: agreements 0, chance 9/6 = 1.5,
        // kappa -1.5/4.5 = -1/3 (without the subject in the item it would be -1).
        std::vector<Bout> a{state("S1", "a", 0, 2)};
        std::vector<Bout> b{state("S2", "a", 0, 2)};
        o.filter.subjects = {"S1", "S2"};
        auto r = time_unit_kappa(a, b, o);
        CHECK(r.categories.size() == 3);
        CHECK(has(r.categories, ""));
        CHECK(r.tally.n == 6);
        CHECK(r.tally.agreements == 0);
        CHECK(r.tally.chance == Approx(1.5));
        CHECK(*r.kappa.value == Approx(-1.0 / 3).epsilon(1e-12));
    }
    SECTION("an observation without events has no kappa (BORIS's sentinel)") {
        auto r = time_unit_kappa({state("S", "a", 0, 2)}, {}, o);
        CHECK_FALSE(r.kappa.value.has_value());
        CHECK(r.kappa.undefined_reason.find("no recorded events") != std::string::npos);
    }
    SECTION("a zero denominator is kappa 1, as BORIS says, with the reason in the note") {
        std::vector<Bout> a{state("S", "a", 0, 2)};
        auto r = time_unit_kappa(a, a, o);
        CHECK(r.tally.n == 3);
        CHECK(*r.kappa.value == 1.0);
        CHECK(r.note.find("BORIS reports 1") != std::string::npos);
    }
    SECTION("a time unit of 0 s is refused with a reason, not an endless walk") {
        o.unit_us = 0;
        auto r = time_unit_kappa({state("S", "a", 0, 2)}, {state("S", "a", 0, 2)}, o);
        CHECK_FALSE(r.kappa.value.has_value());
        CHECK(r.kappa.undefined_reason.find("time unit") != std::string::npos);
    }
    SECTION("selected behaviours only; modifiers split categories when asked") {
        std::vector<Bout> a{state("S", "a", 0, 2), state("S", "b", 0, 9)};
        a[0].modifiers = "m1";
        std::vector<Bout> b{state("S", "a", 0, 2)};
        b[0].modifiers = "m2";
        o.filter.behaviours = {"a"};
        CHECK(*time_unit_kappa(a, b, o).kappa.value == 1.0);  // t 0..2, one category
        o.filter.with_modifiers = true;
        CHECK(time_unit_kappa(a, b, o).tally.agreements == 0);
    }
}

TEST_CASE("Attune events become bouts, open states are left out and counted",
          "[agreement][events]") {
    attune::Event state_event, point_event, open_event;
    state_event.subject = point_event.subject = open_event.subject = "infant";
    state_event.behaviour = "CRY";
    state_event.start_us = 1'000'000;
    state_event.stop_us = 3'000'000;
    state_event.stop_frame = 75;
    state_event.modifiers = {{"intensity", "high"}, {"audible", "yes"}};
    point_event.behaviour = "LOOK";
    point_event.start_us = 2'000'000;
    point_event.stop_us = 2'000'000;
    point_event.stop_frame = 50;
    open_event.behaviour = "CRY";
    open_event.start_us = 5'000'000;
    auto r = bouts_from_events({state_event, point_event, open_event});
    CHECK(r.open_states_left_out == 1);
    REQUIRE(r.bouts.size() == 2);
    CHECK(r.bouts[0] ==
          Bout{"infant", "CRY", "audible=yes|intensity=high", 1'000'000, 3'000'000, false});
    CHECK(r.bouts[1].point);
    CHECK(r.bouts[1].stop_us == 2'000'000);
}

TEST_CASE("Event alignment: optimal, not greedy", "[agreement][events]") {
    // tol 2 s. A: X@1.0, Y@3.5; B: X@0.0, Y@1.8.
    // Greedy (each A event takes the onset-nearest free B event within tol):
    //   X@1.0 -> Y@1.8 (0.8 s, nearer than X@0.0 at 1.0 s): a substitution; Y@3.5 -> nothing
    //   within 2 s (X@0.0 is taken and 3.5 s away): an omission; X@0.0 a commission.
    //   Greedy: 0 agreements, 1 substitution, 1 omission, 1 commission.
    // Optimal: X@1.0 - X@0.0 (1.0 s) and Y@3.5 - Y@1.8 (1.7 s): 2 agreements, nothing else.
    std::vector<Bout> a{point("S", "X", 1.0), point("S", "Y", 3.5)};
    std::vector<Bout> b{point("S", "X", 0.0), point("S", "Y", 1.8)};
    auto r = align_events(a, b, {});
    CHECK(r.agreements == 2);
    CHECK(r.disagreements == 0);
    CHECK(r.omissions == 0);
    CHECK(r.commissions == 0);
    CHECK(*r.kappa.kappa.value == Approx(1.0));
}

TEST_CASE("Event alignment: the tolerance window's edge", "[agreement][events]") {
    std::vector<Bout> a{point("S", "X", 0)};
    SECTION("onsets exactly the tolerance apart pair") {
        auto r = align_events(a, {{"S", "X", "", 2'000'000, 2'000'000, true}}, {});
        CHECK(r.agreements == 1);
        CHECK(r.omissions + r.commissions == 0);
    }
    SECTION("one microsecond more does not") {
        auto r = align_events(a, {{"S", "X", "", 2'000'001, 2'000'001, true}}, {});
        CHECK(r.agreements == 0);
        CHECK(r.omissions == 1);
        CHECK(r.commissions == 1);
        // table over X, (nil): [[0, 1], [1, 0]]: po 0, pe (1 + 1)/4 = 0.5, kappa -1
        CHECK(*r.kappa.kappa.value == Approx(-1.0));
        CHECK(r.kappa.categories == std::vector<std::string>{"X", nil_code});
    }
    SECTION("events of different subjects never pair") {
        auto r = align_events(a, {point("T", "X", 0)}, {});
        CHECK(r.agreements == 0);
        CHECK(r.omissions == 1);
        CHECK(r.commissions == 1);
    }
}

TEST_CASE("Event alignment: commissions, omissions, kappa and durations by hand",
          "[agreement][events]") {
    // tol 2 s.
    // A: X 0-5 (state), X@10, Y 20-23 (state), Y@30
    // B: X 0.5-4.5 (state), Y@10.5, Y 20.5-25.5 (state), X@40
    // Pairs: X-X (agreement), X@10-Y@10.5 (substitution), Y-Y (agreement);
    // A's Y@30 has no B event within 2 s: an omission; B's X@40: a commission.
    // Table (rows A, columns B; X, Y, nil): [[1, 1, 0], [0, 1, 1], [1, 0, 0]], N 5.
    // po 2/5 = 0.4; rows 2, 2, 1 and columns 2, 2, 1: pe (4 + 4 + 1)/25 = 0.36;
    // kappa (0.4 - 0.36)/(1 - 0.36) = 0.0625.
    // Durations of the same-code state pairs: |5 - 4| = 1, |3 - 5| = 2: mean 1.5 s.
    std::vector<Bout> a{state("S", "X", 0, 5), point("S", "X", 10), state("S", "Y", 20, 23),
                        point("S", "Y", 30)};
    std::vector<Bout> b{state("S", "X", 0.5, 4.5), point("S", "Y", 10.5),
                        state("S", "Y", 20.5, 25.5), point("S", "X", 40)};
    auto r = align_events(a, b, {});
    CHECK(r.agreements == 2);
    CHECK(r.disagreements == 1);
    CHECK(r.omissions == 1);
    CHECK(r.commissions == 1);
    CHECK(r.kappa.tally.n == 5);
    CHECK(r.kappa.matrix.counts[2][2] == 0);  // nil-nil is empty
    CHECK(*r.kappa.kappa.value == Approx(0.0625).epsilon(1e-12));
    CHECK(r.duration_pairs == 2);
    CHECK(*r.mean_abs_duration_difference_s == Approx(1.5));
}

TEST_CASE("Event alignment: modifiers make different codes only when asked",
          "[agreement][events]") {
    std::vector<Bout> a{point("S", "X", 0)}, b{point("S", "X", 1)};
    a[0].modifiers = "m1";
    b[0].modifiers = "m2";
    AlignmentOptions o;
    CHECK(align_events(a, b, o).agreements == 1);
    o.filter.with_modifiers = true;
    auto r = align_events(a, b, o);
    CHECK(r.agreements == 0);
    CHECK(r.disagreements == 1);  // still paired: a substitution beats two unpaired events
    CHECK(r.omissions + r.commissions == 0);
}

TEST_CASE("Event alignment: the banded DP scores as the full DP on random streams",
          "[agreement][events]") {
    std::mt19937 random(20090201);
    std::uniform_int_distribution<int> length(0, 25), code(0, 2), onset_ms(0, 60'000);
    const std::vector<int64_t> tolerances{0, 500'000, 1'000'000, 2'000'000, 5'000'000};
    const char* codes[] = {"X", "Y", "Z"};
    auto stream = [&] {
        std::vector<Bout> s;
        for (int k = length(random); k > 0; --k) {
            int64_t t = int64_t(onset_ms(random)) * 1000;
            s.push_back({"S", codes[code(random)], "", t, t, true});
        }
        std::sort(s.begin(), s.end(), [](auto& x, auto& y) { return x.start_us < y.start_us; });
        return s;
    };
    for (int c = 0; c < 400; ++c) {
        const auto a = stream(), b = stream();
        const int64_t tol = tolerances[c % tolerances.size()];
        const auto banded = align_stream(a, b, tol, false);
        const auto [score, counts] = full_dp(a, b, tol);
        INFO("case " << c << ", " << a.size() << " x " << b.size() << " events, tol " << tol);
        CHECK(banded.score == score);
        CHECK(counts_of(banded.pairs, a, b) == counts);
        for (auto [i, j] : banded.pairs)
            if (i >= 0 && j >= 0) CHECK(std::llabs(a[i].start_us - b[j].start_us) <= tol);
    }
}
