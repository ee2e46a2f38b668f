// The study-wide time budget kept between calls (StudyBudgetCache): after every kind of
// change it gives exactly what study_time_budget computes from scratch, and it computes
// again only the passes the change touched.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "attune/coding/episodes.hpp"
#include "attune/coding/sqlite.hpp"
#include "attune/coding/study_queries.hpp"
#include "pass_fixture.hpp"

using namespace attune;
using namespace attune::testing;

namespace {

// The cache's passes as study_time_budget's rows.
std::vector<PassBudgetRow> flat(const std::vector<PassBudget>& passes) {
    std::vector<PassBudgetRow> out;
    for (const PassBudget& p : passes)
        for (const stats::BudgetRow& r : *p.rows)
            out.push_back({p.session, p.participant, p.coder, p.role, r});
    return out;
}

// Every field a reader of the budget sees, one line per row, in the order given.
std::string lines(const std::vector<PassBudgetRow>& rows) {
    std::ostringstream out;
    for (const auto& p : rows) {
        const auto& r = p.row;
        out << p.session << ' ' << p.participant << ' ' << p.coder << ' ' << p.role << ' '
            << r.subject << ' ' << r.behaviour << ' ' << r.episode << ' ' << r.episode_us << ' '
            << r.count << ' ' << r.open_bouts << ' ' << r.total_us << ' '
            << r.latency_s.value_or(-1) << ' ' << r.mean_s.value_or(-1) << ' '
            << r.sd_s.value_or(-1) << '\n';
    }
    return out.str();
}

// Two sessions, each with a coded pass: E1 0-30 s, E2 30-70 s, crying in E2.
struct TwoPasses {
    PassFixture f;
    int64_t second = 0;
    TwoPasses() {
        const int64_t session = *add_session(f.study, {0, "P02", "P02-T1", {}, {}, {}, {}, {}});
        second =
            *ensure_pass(f.study, session, "cd", PassRole::Primary, *scheme_for_new_pass(f.study));
        for (int64_t pass : {f.pass, second}) {
            EventLog log(f.study, f.scheme, pass);
            log.code("SESSION_START", at_seconds(0)).value();
            log.code("P_EXIT", at_seconds(30)).value();
            log.code("CRY", at_seconds(40)).value();
            log.code("P_ENTER", at_seconds(70)).value();
            log.code("PROC_END", at_seconds(100)).value();
        }
    }
    // The cached rows, checked against a fresh computation and against how many passes
    // the cache had to compute.
    std::string check(StudyBudgetCache& cache, size_t computed) {
        const std::string cached = lines(flat(cache.budgets(f.study)));
        CHECK(cache.computed_last() == computed);
        CHECK(cached == lines(study_time_budget(f.study)));
        return cached;
    }
};

}  // namespace

TEST_CASE("the budget cache computes only the passes a change touched", "[stats][budget]") {
    TwoPasses t;
    StudyBudgetCache cache;
    const std::string first = t.check(cache, 2);
    REQUIRE(first.find("P01-T1") != std::string::npos);
    REQUIRE(first.find("P02-T1") != std::string::npos);
    CHECK(t.check(cache, 0) == first);  // nothing changed: nothing computed

    SECTION("an event coded, then undone") {
        EventLog(t.f.study, t.f.scheme, t.second).code("CRY", at_seconds(50)).value();
        const std::string coded = t.check(cache, 1);
        CHECK(coded != first);
        REQUIRE(t.f.study.undo(t.second).value());
        CHECK(t.check(cache, 1) == first);
    }
    SECTION("an episode boundary set by hand") {
        REQUIRE(set_episode_override(t.f.study, t.f.pass, "E2", at_seconds(35)));
        CHECK(t.check(cache, 1) != first);
    }
    SECTION("an event deleted") {
        EventLog log(t.f.study, t.f.scheme, t.f.pass);
        const auto events = log.events();
        REQUIRE(log.remove({events[2].id}));  // the crying
        CHECK(t.check(cache, 1) != first);
    }
    SECTION("a pass moved to another scheme snapshot") {
        // The revision names the separation episode differently: its rows must follow.
        std::string json = tiny_scheme_json();
        const std::string e2 = R"("id": "E2", "index": 2)";
        REQUIRE(json.find(e2) != std::string::npos);
        json.replace(json.find(e2), e2.size(), R"("id": "SEP", "index": 2)");
        auto other = load_scheme_text(json, "tiny, revised");
        REQUIRE(other);
        const int64_t snap = *add_scheme_snapshot(t.f.study, *other);
        REQUIRE(t.f.study.change("move to the revised scheme", t.second, [&](sql::Db& db) {
            auto s = db.prepare("UPDATE pass SET scheme_snapshot_id = ? WHERE id = ?");
            s.bind_all(snap, t.second);
            s.run();
            return ok_status();
        }));
        const std::string moved = t.check(cache, 1);
        CHECK(moved.find(" SEP ") != std::string::npos);
    }
    SECTION("another study asked") {
        TwoPasses other;
        EventLog(other.f.study, other.f.scheme, other.second).code("CRY", at_seconds(50)).value();
        CHECK(other.check(cache, 2) != first);  // nothing kept from the first study is used
    }
    SECTION("a pass added") {
        const int64_t session = *add_session(t.f.study, {0, "P03", "P03-T1", {}, {}, {}, {}, {}});
        const int64_t pass = *ensure_pass(t.f.study, session, "ef", PassRole::Primary,
                                          *scheme_for_new_pass(t.f.study));
        EventLog(t.f.study, t.f.scheme, pass).code("SESSION_START", at_seconds(0)).value();
        EventLog(t.f.study, t.f.scheme, pass).code("P_EXIT", at_seconds(10)).value();
        CHECK(t.check(cache, 1).find("P03-T1") != std::string::npos);
    }
}

TEST_CASE("a study-wide budget read in two halves at once equals each session's own rows",
          "[stats][budget]") {
    // A study file (so the two halves are read on two connections at once), eight sessions
    // with different crying; each session's budget alone is read pass by pass.
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("attune-budget-halves-" + std::to_string(::getpid()) + ".attune"))
                                 .string();
    std::filesystem::remove(path);
    {
        auto study = Study::create(path, "halves", "tester");
        REQUIRE(study);
        const Scheme scheme = tiny_scheme();
        const int64_t snap = *add_scheme_snapshot(*study, scheme);
        std::vector<std::string> labels;
        for (int i = 0; i < 8; ++i) {
            const std::string label = "S" + std::to_string(i);
            labels.push_back(label);
            const int64_t session =
                *add_session(*study, {0, "P" + label, label, {}, {}, {}, {}, {}});
            const int64_t pass = *ensure_pass(*study, session, "ab", PassRole::Primary, snap);
            EventLog log(*study, scheme, pass);
            log.code("SESSION_START", at_seconds(0)).value();
            log.code("P_EXIT", at_seconds(30)).value();
            for (int k = 0; k <= i; ++k) log.code("CRY", at_seconds(31 + 4 * k)).value();
            log.code("P_ENTER", at_seconds(70)).value();
            log.code("PROC_END", at_seconds(100)).value();
        }
        std::vector<PassBudgetRow> one_by_one;
        for (const std::string& label : labels)
            for (auto& r : study_time_budget(*study, label)) one_by_one.push_back(std::move(r));
        const std::string whole = lines(study_time_budget(*study));
        CHECK(whole == lines(one_by_one));
        StudyBudgetCache cache;
        CHECK(lines(flat(cache.budgets(*study))) == whole);
        CHECK(cache.read_in_halves_last());  // the same code path study_time_budget took
        CHECK(whole.find("S7") != std::string::npos);
    }
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
}
