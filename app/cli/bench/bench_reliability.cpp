// bench reliability: the full study reliability report over 200 double-coded sessions of
// 300 events per pass, and the banded event alignment at 100 vs 10,000 events per pass
// (its time per event should stay about flat). Wall-clock on this machine.
#include <cstdio>
#include <filesystem>

#include "attune/coding/event_log.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/reliability.hpp"
#include "bench_timing.hpp"
#include "commands.hpp"

namespace attune::cli {
namespace {

constexpr int kSessions = 200, kEvents = 300;

int64_t us_of(int64_t frame) {
    return frame * 1000000 / 30;
}

// One pass's events: 9 procedure markers, then a state or a point every 10 frames. The
// reliability coder's onsets are shifted up to +-10 frames and every 13th code differs.
std::vector<Event> pass_events(const Scheme& scheme, bool reliability) {
    std::vector<Event> events;
    const char* seq[] = {"SESSION_START", "P_PUT_DOWN", "S_ENTER", "P_EXIT",  "P_ENTER",
                         "P_EXIT",        "S_ENTER",    "P_ENTER", "PROC_END"};
    for (int i = 0; i < 9; ++i) {
        const int64_t f = int64_t{i} * 400 + (reliability ? i % 3 : 0);
        events.push_back(
            {0, 0, scheme.behaviour(seq[i])->subject, seq[i], f, us_of(f), f, us_of(f), {}, ""});
    }
    const char* states[] = {"CRY", "EXPL_MANIP", "EXPL_VIS", "IN_CONTACT"};
    for (int i = 0; i < kEvents - 9; ++i) {
        Event e;
        const int64_t f = 15 + 12 * int64_t{i} + (reliability ? (i * 7) % 21 - 10 : 0) / 2;
        e.start_frame = f, e.start_us = us_of(f);
        const bool flip = reliability && i % 13 == 0;
        if (i % 3 == 0) {
            e.behaviour = states[(i + (flip ? 1 : 0)) % 4];
            e.stop_frame = f + 8, e.stop_us = us_of(f + 8);
            if (e.behaviour == "IN_CONTACT") e.modifiers = {{"target", "parent"}};
        } else {
            e.behaviour = flip ? "LOOK_AWAY" : "SMILE_AT";
            e.stop_frame = f, e.stop_us = e.start_us;
            e.modifiers = {{"target", "parent"}};
        }
        e.subject = scheme.behaviour(e.behaviour)->subject;
        events.push_back(std::move(e));
    }
    return events;
}

Status fill(Study& st, const Scheme& scheme, int64_t pass, int s, bool reliability) {
    if (auto ok = EventLog(st, scheme, pass).add_all(pass_events(scheme, reliability)); !ok)
        return ok;
    const char* codes[] = {"B3", "A1", "B2", "C1", "B1"};
    Classification c{codes[(s + (reliability && s % 7 == 0 ? 1 : 0)) % 5], {}, {}, 2, ""};
    if (auto ok = set_classification(st, scheme, pass, c); !ok) return ok;
    for (const char* ep : {"E2", "E3", "E5", "E8"})
        if (auto ok = set_rating(st, scheme, pass, "PS", "parent", ep,
                                 1 + (s + (reliability ? s % 2 : 0)) % 7);
            !ok)
            return ok;
    return ok_status();
}

Result<Study> build_study(const std::string& path, const Scheme& scheme, const std::string& user) {
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
    auto st = Study::create(path, "bench-reliability", user);
    if (!st) return st.error();
    st->set_durable_writes(false);  // setup only; the report below only reads
    const int64_t snap = *add_scheme_snapshot(*st, scheme);
    for (int s = 0; s < kSessions; ++s) {
        char label[32];
        std::snprintf(label, sizeof label, "R%03d", s);
        const int64_t sid = *add_session(*st, {0, label, label, {}, {}, {}, {}, {}});
        const int64_t a = *ensure_pass(*st, sid, "coder-a", PassRole::Primary, snap);
        const int64_t b = *ensure_pass(*st, sid, "coder-b", PassRole::Reliability, snap);
        if (auto ok = fill(*st, scheme, a, s, false); !ok) return ok.error();
        if (auto ok = fill(*st, scheme, b, s, true); !ok) return ok.error();
    }
    st->set_durable_writes(true);
    return st;
}

// n bouts a second apart (every third a 0.5-s state), the second coder's shifted by up
// to +-0.5 s; the 2-s tolerance band then holds about five events.
std::vector<stats::Bout> bench_bouts(int n, bool second) {
    std::vector<stats::Bout> out;
    for (int i = 0; i < n; ++i) {
        const int64_t t = int64_t{i} * 1'000'000 + (second ? ((i * 7) % 11 - 5) * 100'000 : 0);
        const bool state = i % 3 == 0;
        out.push_back({"child", state ? "CRY" : (second && i % 13 == 0 ? "FUSS" : "SMILE"), "", t,
                       state ? t + 500'000 : t, !state});
    }
    return out;
}

double alignment_us_per_event(int n) {
    const auto a = bench_bouts(n, false), b = bench_bouts(n, true);
    const int reps = std::max(1, 200'000 / n);
    const auto t = BenchClock::now();
    int64_t score = 0;
    for (int r = 0; r < reps; ++r) score += stats::align_events(a, b, {2'000'000, {}}).score;
    const double ms = ms_since(t);
    if (score < 0) std::printf("(impossible score)\n");  // keeps the work from being elided
    return 1000 * ms / reps / (2.0 * n);
}

int bench_reliability(const std::string& scheme_path, const std::string& dir,
                      const std::string& user) {
    auto scheme = load_scheme_file(scheme_path);
    if (!scheme) return fail(scheme.error().message);
    std::filesystem::create_directories(dir);
    std::printf("attune-cli bench reliability (study file in %s)\n", dir.c_str());
    auto st = build_study(dir + "/bench-reliability.attune", *scheme, user);
    if (!st) return fail(st.error().message);
    std::vector<double> runs;
    size_t figures = 0;
    for (int i = 0; i < 3; ++i) {
        const auto t = BenchClock::now();
        auto report = reliability_report(*st, {});
        runs.push_back(ms_since(t));
        if (!report) return fail(report.error().message);
        figures = report->figures.size();
    }
    std::printf(
        "full reliability report, %d double-coded sessions x %d events per pass (read + every "
        "kind): median %.1f ms of 3 runs, %zu figures (target < 2,000 ms)\n",
        kSessions, kEvents, percentile(runs, 0.5), figures);
    const double small = alignment_us_per_event(100), large = alignment_us_per_event(10'000);
    std::printf(
        "banded event alignment, 2-s tolerance:    100 events per pass: %.3f us per event\n",
        small);
    std::printf(
        "banded event alignment, 2-s tolerance: 10,000 events per pass: %.3f us per event\n",
        large);
    std::printf("  ratio 10,000/100 per event: %.2f (about 1 when the cost grows linearly)\n",
                large / small);
    return 0;
}

}  // namespace

void add_bench_reliability_command(CLI::App& bench, CliContext& ctx) {
    struct Opts {
        std::string scheme = ATTUNE_SCHEMA_DIR "/ssp-infant.json";
        std::string dir = (std::filesystem::temp_directory_path() / "attune-bench").string();
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = bench.add_subcommand(
        "reliability",
        "Reliability report over 200 double-coded sessions; event alignment scaling");
    cmd->add_option("--scheme", o->scheme, "Scheme to code with")->capture_default_str();
    cmd->add_option("--dir", o->dir, "Where to write the benchmark study")->capture_default_str();
    cmd->callback([&ctx, o] {
        run_guarded(ctx, [&] { return bench_reliability(o->scheme, o->dir, ctx.user); });
    });
}

}  // namespace attune::cli
