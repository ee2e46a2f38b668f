// bench store: commit latency of one event per transaction at two study sizes,
// time budget over 1,000 sessions x 300 events, tally over 10,000 sessions.
// Figures are wall-clock on this machine, printed with how they were taken.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "attune/coding/event_log.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/study_queries.hpp"
#include "bench_timing.hpp"
#include "commands.hpp"

namespace attune::cli {
namespace {

using Clock = BenchClock;

// Fills a pass with n synthetic events (frames 0.. at 30 fps) as one change.
Status fill_pass(Study& st, const Scheme& scheme, int64_t pass, int n, int64_t first_frame) {
    std::vector<Event> events;
    const char* states[] = {"CRY", "EXPL_MANIP", "EXPL_VIS", "IN_CONTACT"};
    for (int i = 0; i < n; ++i) {
        Event e;
        const int64_t f = first_frame + 10 * i;
        e.start_frame = f;
        e.start_us = f * 1000000 / 30;
        if (i % 3 == 0) {
            e.behaviour = states[i % 4];
            e.stop_frame = f + 8, e.stop_us = (f + 8) * 1000000 / 30;
            if (e.behaviour == "IN_CONTACT") e.modifiers = {{"target", "parent"}};
        } else {
            e.behaviour = "SMILE_AT";
            e.stop_frame = f, e.stop_us = e.start_us;
            e.modifiers = {{"target", "parent"}};
        }
        e.subject = scheme.behaviour(e.behaviour)->subject;
        events.push_back(std::move(e));
    }
    return EventLog(st, scheme, pass).add_all(events);
}

// Episode boundaries every 9,000 frames (5 min at 30 fps) so budgets have windows.
Status add_procedure(Study& st, const Scheme& scheme, int64_t pass) {
    std::vector<Event> marks;
    const char* seq[] = {"SESSION_START", "P_PUT_DOWN", "S_ENTER", "P_EXIT",  "P_ENTER",
                         "P_EXIT",        "S_ENTER",    "P_ENTER", "PROC_END"};
    for (int i = 0; i < 9; ++i) {
        const int64_t f = int64_t{i} * 400;
        marks.push_back({0,
                         0,
                         scheme.behaviour(seq[i])->subject,
                         seq[i],
                         f,
                         f * 1000000 / 30,
                         f,
                         f * 1000000 / 30,
                         {},
                         ""});
    }
    return EventLog(st, scheme, pass).add_all(marks);
}

struct Latency {
    double median, p99;
};

Latency commit_latency(Study& st, const Scheme& scheme, int64_t pass, int samples,
                       int64_t first_frame) {
    EventLog log(st, scheme, pass);
    std::vector<double> ms;
    for (int i = 0; i < samples; ++i) {
        const int64_t f = first_frame + i;
        const auto t = Clock::now();
        auto r = log.code("SMILE_AT", {f, f * 1000000 / 30}, {{"target", "parent"}});
        ms.push_back(ms_since(t));
        if (!r) throw std::runtime_error(r.error().message);
    }
    return {percentile(ms, 0.5), percentile(ms, 0.99)};
}

// Where the benchmark's studies go, each made anew.
struct BenchStudies {
    std::string dir, user;
    Result<Study> fresh(const std::string& name) const {
        const std::string path = dir + "/" + name;
        for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
        return Study::create(path, name, user);
    }
};

// 1. Commit latency: EventLog::code, one point event per transaction, as a coder's key press.
Status bench_commit(const BenchStudies& studies, const Scheme& scheme) {
    auto st = studies.fresh("bench-commit.attune");
    if (!st) return st.error();
    const int64_t snap = *add_scheme_snapshot(*st, scheme);
    const int64_t session = *add_session(*st, {0, "P001", "S001", {}, {}, {}, {}, {}});
    const int64_t pass = *ensure_pass(*st, session, "bench", PassRole::Primary, snap);
    if (auto ok = fill_pass(*st, scheme, pass, 1000, 0); !ok) return ok;
    const Latency small = commit_latency(*st, scheme, pass, 1000, 20000);
    std::printf(
        "commit, 1 event per transaction, study of ~1,000 events:   median %.3f ms, p99 %.3f ms "
        "(1,000 commits)\n",
        small.median, small.p99);
    for (int chunk = 0; chunk < 98; ++chunk)  // grow the same pass to ~100,000 events
        if (auto ok = fill_pass(*st, scheme, pass, 1000, 40000 + int64_t{chunk} * 10000); !ok)
            return ok;
    const Latency large = commit_latency(*st, scheme, pass, 1000, 2000000);
    std::printf(
        "commit, 1 event per transaction, study of ~100,000 events: median %.3f ms, p99 %.3f ms "
        "(1,000 commits)\n",
        large.median, large.p99);
    std::printf("  ratio of medians 100k/1k: %.2f (target <= 1.5; target median <= 1 ms)\n",
                large.median / small.median);
    return ok_status();
}

// The same budget kept by StudyBudgetCache, asked again after one event was coded in one
// pass (a different pass each time), as a view would after a coder's change.
Status bench_budget_one_changed(Study& st, const Scheme& scheme,
                                const std::vector<int64_t>& passes) {
    StudyBudgetCache cache;
    (void)cache.budgets(st);  // the first call computes every pass
    std::vector<double> runs;
    size_t computed = 0;
    for (int i = 0; i < 5; ++i) {
        auto coded = EventLog(st, scheme, passes[i * 97 % passes.size()])
                         .code("SMILE_AT", {2, 2 * 1000000 / 30}, {{"target", "parent"}});
        if (!coded) return coded.error();
        const auto t = Clock::now();
        const auto budgets = cache.budgets(st);
        runs.push_back(ms_since(t));
        computed = cache.computed_last();
        if (budgets.size() != passes.size()) return Error{"the cached budget lost passes"};
    }
    std::printf(
        "time budget, the same, one pass changed since the last run (kept per pass by its "
        "newest audit row): median %.1f ms of 5 runs, %zu pass computed (target < 20 ms)\n",
        percentile(runs, 0.5), computed);
    return ok_status();
}

// 2. Time budget over 1,000 sessions x 300 events.
Status bench_budget(const BenchStudies& studies, const Scheme& scheme) {
    auto big = studies.fresh("bench-budget.attune");
    if (!big) return big.error();
    big->set_durable_writes(false);  // setup only; measurements below are reads
    const int64_t snap = *add_scheme_snapshot(*big, scheme);
    std::vector<int64_t> passes;
    for (int s = 0; s < 1000; ++s) {
        char label[32];
        std::snprintf(label, sizeof label, "S%04d", s);
        const int64_t sid =
            *add_session(*big, {0, label, label, {}, {}, {}, {}, {{"site", s % 2 ? "A" : "B"}}});
        const int64_t pid = *ensure_pass(*big, sid, "bench", PassRole::Primary, snap);
        passes.push_back(pid);
        if (auto ok = add_procedure(*big, scheme, pid); !ok) return ok;
        if (auto ok = fill_pass(*big, scheme, pid, 291, 5); !ok) return ok;
    }
    big->set_durable_writes(true);
    std::vector<double> cold, flat;
    size_t rows = 0;
    bool halves = false;
    for (int i = 0; i < 5; ++i) {
        auto t = Clock::now();
        StudyBudgetCache fresh;  // nothing kept yet
        const auto budgets = fresh.budgets(*big);
        cold.push_back(ms_since(t));
        halves = fresh.read_in_halves_last();
        t = Clock::now();
        rows = study_time_budget(*big).size();
        flat.push_back(ms_since(t));
        if (budgets.size() != passes.size()) return Error{"the budget lost passes"};
    }
    std::printf(
        "time budget, 1,000 sessions x 300 events (all passes, read + compute), cold: median "
        "%.1f ms of 5 runs (target < 100 ms; %s); as %zu flat rows for export: median %.1f "
        "ms\n",
        percentile(cold, 0.5),
        halves ? "the events read in two halves on two threads" : "read on one thread", rows,
        percentile(flat, 0.5));
    return bench_budget_one_changed(*big, scheme, passes);
}

// 3. Tally over 10,000 sessions.
Status bench_tally(const BenchStudies& studies, const Scheme& scheme) {
    auto many = studies.fresh("bench-tally.attune");
    if (!many) return many.error();
    many->set_durable_writes(false);
    const int64_t snap = *add_scheme_snapshot(*many, scheme);
    const char* codes[] = {"B3", "A1", "B2", "C1", "D", "B1", "A2", "B4", "C2", "B3"};
    for (int s = 0; s < 10000; ++s) {
        char label[32];
        std::snprintf(label, sizeof label, "T%05d", s);
        const int64_t sid =
            *add_session(*many, {0, label, label, {}, {}, {}, {}, {{"site", s % 3 ? "A" : "B"}}});
        const int64_t pid = *ensure_pass(*many, sid, "bench", PassRole::Primary, snap);
        Classification c{codes[s % 10], {}, std::string("B3"), 2, ""};
        if (c.code != "D") c.secondary.reset();
        if (auto ok = set_classification(*many, scheme, pid, c); !ok) return ok;
    }
    many->set_durable_writes(true);
    std::vector<double> runs;
    for (int i = 0; i < 5; ++i) {
        const auto t = Clock::now();
        auto src = study_tally_inputs(*many);
        auto tables = stats::tally(*src->scheme, src->inputs, stats::Ways::Four,
                                   std::string("site"), std::string("vij1999_fourway_NA"));
        runs.push_back(ms_since(t));
        if (!tables) return tables.error();
    }
    std::printf(
        "tally, 10,000 sessions, 4-way by site vs vij1999_fourway_NA (read + compute): median %.1f "
        "ms of 5 runs (target < 30 ms)\n",
        percentile(runs, 0.5));
    return ok_status();
}

int bench_store(const std::string& scheme_path, const std::string& dir, const std::string& user) {
    auto scheme = load_scheme_file(scheme_path);
    if (!scheme) return fail(scheme.error().message);
    std::filesystem::create_directories(dir);
    std::printf("attune-cli bench store (study files in %s; synchronous=FULL, WAL)\n", dir.c_str());
    const BenchStudies studies{dir, user};
    for (auto step : {bench_commit, bench_budget, bench_tally})
        if (auto ok = step(studies, *scheme); !ok) return fail(ok.error().message);
    return 0;
}

}  // namespace

void add_bench_commands(CLI::App& app, CliContext& ctx) {
    auto* bench =
        app.add_subcommand("bench", "Benchmarks that print figures")->require_subcommand(1);
    struct Opts {
        std::string scheme = ATTUNE_SCHEMA_DIR "/ssp-infant.json";
        std::string dir = (std::filesystem::temp_directory_path() / "attune-bench").string();
    };
    auto o = std::make_shared<Opts>();
    auto* store =
        bench->add_subcommand("store", "Study-file speed: commit latency, time budget, tally");
    store->add_option("--scheme", o->scheme, "Scheme to code with")->capture_default_str();
    store->add_option("--dir", o->dir, "Where to write the benchmark studies")
        ->capture_default_str();
    store->callback(
        [&ctx, o] { run_guarded(ctx, [&] { return bench_store(o->scheme, o->dir, ctx.user); }); });
    add_bench_video_command(*bench, ctx);
    add_bench_reliability_command(*bench, ctx);
    add_bench_import_command(*bench, ctx);
}

}  // namespace attune::cli
