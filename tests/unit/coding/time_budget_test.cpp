// Time budget and 15-second intervals on a hand-built pass with exact expected values.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "attune/coding/episodes.hpp"
#include "attune/coding/stats/time_budget.hpp"
#include "pass_fixture.hpp"

using namespace attune;
using namespace attune::testing;

namespace {

struct Coded {
    PassFixture f;
    std::vector<Event> events;
    std::vector<EpisodeSpan> episodes;
    Coded() {
        auto log = f.log();
        // E1 0-30 s, E2 30-70 s, E3 70-160 s.
        log.code("SESSION_START", at_seconds(0)).value();
        log.code("P_EXIT", at_seconds(30)).value();
        log.code("CRY", at_seconds(40)).value();
        log.code("CRY", at_seconds(50)).value();
        log.code("CRY", at_seconds(65)).value();
        log.code("P_ENTER", at_seconds(70)).value();
        log.code("APPROACH", at_seconds(72), {{"target", "parent"}}).value();
        log.code("CRY", at_seconds(75)).value();
        log.code("FUSS", at_seconds(80)).value();
        log.code("FUSS", at_seconds(90)).value();
        log.code("APPROACH", at_seconds(100), {{"target", "parent"}}).value();
        log.code("IN_CONTACT", at_seconds(150)).value();  // never stopped
        log.code("PROC_END", at_seconds(160)).value();
        log.code("APPROACH", at_seconds(170), {{"target", "parent"}})
            .value();  // after the end: left out
        events = log.events();
        episodes = derive_episodes(f.scheme, events, {});
    }
    const stats::BudgetRow& row(const std::vector<stats::BudgetRow>& rows, const std::string& b,
                                const std::string& e) {
        for (const auto& r : rows)
            if (r.behaviour == b && r.episode == e) return r;
        FAIL("no row " << b << " " << e);
        return rows.front();
    }
};

}  // namespace

TEST_CASE("time budget per behaviour x episode", "[stats][budget]") {
    Coded c;
    const auto rows = stats::time_budget(c.f.scheme, c.events, c.episodes);

    const auto& cry_e2 = c.row(rows, "CRY", "E2");
    CHECK(cry_e2.subject == "child");
    CHECK(cry_e2.episode_us == 40000000);
    CHECK(cry_e2.count == 2);  // 40-50 and 65-75 (overlapping 65-70)
    CHECK(cry_e2.total_us == 15000000);
    CHECK(*cry_e2.mean_s == Approx(7.5));
    CHECK(*cry_e2.sd_s == Approx(std::sqrt(12.5)));  // sample sd of 10 and 5
    CHECK(cry_e2.share == Approx(0.375));
    CHECK(cry_e2.rate_per_min == Approx(3.0));
    CHECK(*cry_e2.latency_s == Approx(10.0));

    const auto& cry_e3 = c.row(rows, "CRY", "E3");
    CHECK(cry_e3.count == 1);
    CHECK(cry_e3.total_us == 5000000);
    CHECK_FALSE(cry_e3.sd_s.has_value());
    CHECK(*cry_e3.latency_s == 0.0);  // already crying when E3 began

    const auto& cry_e1 = c.row(rows, "CRY", "E1");
    CHECK(cry_e1.count == 0);
    CHECK_FALSE(cry_e1.latency_s.has_value());
    CHECK_FALSE(cry_e1.mean_s.has_value());

    const auto& cry_all = c.row(rows, "CRY", "ALL");
    CHECK(cry_all.episode_us == 160000000);
    CHECK(cry_all.count == 2);
    CHECK(cry_all.total_us == 20000000);
    CHECK(*cry_all.sd_s == Approx(0.0));
    CHECK(cry_all.share == Approx(0.125));
    CHECK(cry_all.rate_per_min == Approx(0.75));

    const auto& approach = c.row(rows, "APPROACH", "E3");
    CHECK(approach.count == 2);  // the one after PROC_END is left out
    CHECK(approach.total_us == 0);
    CHECK_FALSE(approach.mean_s.has_value());
    CHECK(approach.rate_per_min == Approx(2.0 / 1.5));
    CHECK(*approach.latency_s == Approx(2.0));
    CHECK(c.row(rows, "APPROACH", "ALL").count == 2);

    const auto& contact = c.row(rows, "IN_CONTACT", "E3");
    CHECK(contact.open_bouts == 1);
    CHECK(contact.total_us == 10000000);  // runs to the window end, and is reported as open
}

TEST_CASE("15-second interval frequencies with the partial-interval rule", "[stats][intervals]") {
    Coded c;
    const auto rows = stats::interval_frequencies(c.f.scheme, c.events, c.episodes);
    auto find = [&](const std::string& b, const std::string& e) {
        for (const auto& r : rows)
            if (r.behaviour == b && r.episode == e) return r;
        FAIL("missing row");
        return rows.front();
    };
    CHECK(find("CRY", "E1").intervals == 2);
    CHECK(find("CRY", "E1").with_behaviour == 0);
    CHECK(find("CRY", "E2").intervals == 3);  // 30-45, 45-60, 60-70 (10 s >= 7.5 s: kept)
    CHECK(find("CRY", "E2").with_behaviour == 3);
    CHECK(find("CRY", "E3").intervals == 6);
    CHECK(find("CRY", "E3").with_behaviour == 1);  // 70-85 only
    CHECK(find("APPROACH", "E3").with_behaviour == 2);
}

TEST_CASE("a final piece shorter than 7.5 s joins the interval before it", "[stats][intervals]") {
    PassFixture f;
    auto log = f.log();
    log.code("SESSION_START", at_seconds(0)).value();
    log.code("APPROACH", at_seconds(36), {{"target", "parent"}}).value();
    log.code("P_EXIT", at_seconds(37)).value();  // E1 lasts 37 s: 0-15, 15-37
    log.code("P_ENTER", at_seconds(50)).value();
    log.code("PROC_END", at_seconds(60)).value();
    const auto events = log.events();
    const auto rows =
        stats::interval_frequencies(f.scheme, events, derive_episodes(f.scheme, events, {}));
    const auto row = std::find_if(rows.begin(), rows.end(), [](const auto& r) {
        return r.behaviour == "APPROACH" && r.episode == "E1";
    });
    REQUIRE(row != rows.end());  // the row must exist for its values to be checked
    CHECK(row->intervals == 2);
    CHECK(row->with_behaviour == 1);
}
