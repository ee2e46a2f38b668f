#include "bench_ui.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/event_log.hpp"
#include "attune/coding/records.hpp"
#include "attune/video/audio_sink.hpp"
#include "attune/video/cache_budget.hpp"
#include "bench_steps.hpp"
#include "bench_timing.hpp"
#include "commands.hpp"

namespace attune::app {
namespace fs = std::filesystem;
using namespace bench_ui;
using attune::bench::percentile;

namespace bench_ui {

void say_error(const std::string& message) {
    std::fprintf(stderr, "attune: %s\n", message.c_str());
}

// Until the video shows what was asked for (or 20 s pass).
void settle(Application& app, const DrawFrame& draw_frame) {
    const int64_t give_up = video::steady_now_us() + 20'000'000;
    Workbench& wb = app.workbench();
    while (video::steady_now_us() < give_up) {
        glfwWaitEventsTimeout(0.005);
        draw_frame(false);
        if (wb.media() && wb.media()->problem()) return;
        if (wb.media() && wb.media()->ready() && wb.media()->settled() && wb.media()->shown())
            return;
    }
}

int open_bench_session(Application& app, const DrawFrame& draw_frame, const Session& session) {
    Workbench& wb = app.workbench();
    if (auto ok = wb.open_session(session); !ok) {
        say_error(ok.error().message);
        return 1;
    }
    settle(app, draw_frame);
    if (auto problem = wb.media()->problem()) {
        say_error(*problem);
        return 1;
    }
    return 0;
}

}  // namespace bench_ui

namespace {

struct FrameTimes {
    double median_ms = 0, p99_ms = 0;
};

FrameTimes time_frames(const std::function<void(bool)>& draw_frame, int n) {
    std::vector<double> ms;
    for (int i = 0; i < n; ++i) {
        glfwPollEvents();
        const int64_t t0 = video::steady_now_us();
        draw_frame(false);
        ms.push_back(static_cast<double>(video::steady_now_us() - t0) / 1000.0);
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

// Procedural events (episode boundaries, the end) belong to the skeleton, not to the lanes.
bool procedural(const Scheme& scheme, const BehaviourDef& b) {
    bool boundary = b.subject == "procedure" || b.id == scheme.end_event;
    for (const EpisodeDef& ep : scheme.episodes) boundary |= ep.starts_event == b.id;
    return boundary;
}

}  // namespace

const BehaviourDef* bench_ui::plain_point(const Scheme& scheme) {
    for (const BehaviourDef& b : scheme.behaviours)
        if (!b.is_state() && required_modifiers(b).empty() && !b.key.empty() &&
            b.exclusive_group.empty() && !procedural(scheme, b))
            return &b;
    return nullptr;
}

namespace {

// 20,000 events spread over the recording (state and point lanes) within the procedure's
// episode boundaries, so the pass looks like a long coded session. Members of an exclusive
// group take turns inside each bout's time, so the overlap check has every bout to sweep
// and finds none, as in a well-coded pass.
std::vector<Event> synthetic_events(const Scheme& scheme, const video::FrameIndex& index,
                                    int64_t pass) {
    std::vector<const BehaviourDef*> states, points;
    for (const BehaviourDef& b : scheme.behaviours) {
        if (!required_modifiers(b).empty() || procedural(scheme, b)) continue;
        (b.is_state() ? states : points).push_back(&b);
    }
    std::vector<Event> out;
    const int64_t frames = index.frame_count();
    const int per_lane =
        20000 / static_cast<int>(std::max<size_t>(1, states.size() + points.size()));
    auto add = [&](const BehaviourDef& b, int64_t start, int64_t stop) {
        Event e;
        e.pass_id = pass, e.subject = b.subject, e.behaviour = b.id;
        e.start_frame = start, e.start_us = index.t_us(start);
        e.stop_frame = stop, e.stop_us = index.t_us(stop);
        out.push_back(e);
    };
    // This state's turn within its exclusive group (member k of n), or 0 of 1.
    auto turn = [&](const BehaviourDef& b) -> std::pair<int64_t, int64_t> {
        for (const ExclusiveGroup& g : scheme.exclusive_groups)
            if (g.id == b.exclusive_group) {
                int64_t k = 0, n = 0;
                for (const BehaviourDef* s : states)
                    if (s->exclusive_group == g.id) {
                        if (s == &b) k = n;
                        ++n;
                    }
                return {k, n};
            }
        return {0, 1};
    };
    for (const BehaviourDef* b : states) {
        const auto [k, n] = turn(*b);
        const int64_t bout = std::max<int64_t>(0, frames / per_lane / 2) / n;
        for (int i = 0; i < per_lane; ++i) {
            const int64_t start = frames * i / per_lane + k * bout;
            add(*b, start, std::min(frames - 1, start + bout));
        }
    }
    for (const BehaviourDef* b : points)
        for (int i = 0; i < per_lane; ++i) {
            const int64_t at = frames * i / per_lane;
            add(*b, at, at);
        }
    // The procedure's skeleton, as a coded session has it: episode boundaries, then the end.
    const auto& episodes = scheme.episodes;
    for (size_t i = 0; i < episodes.size(); ++i)
        if (const BehaviourDef* b = scheme.behaviour(episodes[i].starts_event)) {
            const int64_t at =
                frames * static_cast<int64_t>(i) / static_cast<int64_t>(episodes.size());
            add(*b, at, at);
        }
    if (const BehaviourDef* end = scheme.behaviour(scheme.end_event))
        add(*end, frames - 1, frames - 1);
    return out;
}

// A copy of the study in the temporary folder, opened in place of the study: nothing the
// bench writes reaches the real one.
std::optional<std::string> open_scratch_copy(Workbench& wb) {
    const std::string scratch =
        (fs::temp_directory_path() / ("attune-bench-ui-" + std::to_string(::getpid()) + ".attune"))
            .string();
    fs::remove(scratch);
    if (auto ok = wb.study()->backup_to(scratch); !ok) {
        say_error(ok.error().message);
        return std::nullopt;
    }
    if (auto ok = wb.open_study(scratch); !ok) {
        say_error(ok.error().message);
        return std::nullopt;
    }
    wb.set_user("bench-ui");
    return scratch;
}

void remove_scratch_copy(Workbench& wb, const std::string& scratch) {
    wb.close_study();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(scratch + suffix);
}

// The 20,000 synthetic events in one change, checkpointed; how many were added.
Result<size_t> fill_pass(Workbench& wb) {
    auto events = synthetic_events(wb.pass()->scheme(), *wb.media()->index(), wb.pass()->pass().id);
    EventLog log(*wb.study(), wb.pass()->scheme(), wb.pass()->pass().id);
    if (auto ok = log.add_all(events); !ok) return ok.error();
    // The steady state of a session that holds 20,000 events: the import's WAL pages are
    // already in the database file (otherwise the first key press pays that checkpoint).
    (void)wb.study()->checkpoint();
    wb.pass()->refresh();
    return events.size();
}

struct KeyToVisible {
    const BehaviourDef* point = nullptr;
    int frames = -1;  // -1: not seen within 30 frames, or nothing to press
    double ms = 0;
};

// Frames from the key press until its event is in what was drawn. The key arrives as a
// press does, as an event that wakes the loop, and each frame waits as the main loop
// does, so the figure includes the loop's sleep.
KeyToVisible key_to_visible(Application& app, const DrawFrame& draw_frame) {
    Workbench& wb = app.workbench();
    KeyToVisible out{plain_point(wb.pass()->scheme())};
    if (!out.point) return out;
    const size_t before = wb.pass()->events().size();
    app.keys().push({*parse_chord(out.point->key), false});
    glfwPostEmptyEvent();
    const int64_t t0 = video::steady_now_us();
    for (int f = 1; f <= 30; ++f) {
        app.wait_for_next_frame();
        draw_frame(false);
        if (wb.pass()->events().size() > before) {
            out.frames = f;
            out.ms = static_cast<double>(video::steady_now_us() - t0) / 1000.0;
            break;
        }
    }
    return out;
}

struct HeldRight {
    int64_t first = 0, last = 0;
    double steps_per_s = 0;
};

// Holding Right from `from`: distinct frames shown per second over 3 s after the hold delay.
HeldRight hold_right(Application& app, const DrawFrame& draw_frame, int64_t from) {
    Workbench& wb = app.workbench();
    wb.media()->seek_frame(from);
    settle(app, draw_frame);
    HeldRight out{wb.media()->shown()->index};
    app.keys().push({*parse_chord("Right"), false});
    app.keys().hold(GLFW_KEY_RIGHT, true);
    const int64_t hold_start = video::steady_now_us();
    int64_t steady_from_frame = -1, steady_from_us = 0;
    while (video::steady_now_us() - hold_start < 3'300'000) {
        glfwWaitEventsTimeout(0.002);
        draw_frame(false);
        if (steady_from_frame < 0 && video::steady_now_us() - hold_start >= 300'000) {
            steady_from_frame = wb.media()->shown()->index;  // after the hold delay
            steady_from_us = video::steady_now_us();
        }
    }
    app.keys().hold(GLFW_KEY_RIGHT, false);
    const double hold_s = static_cast<double>(video::steady_now_us() - steady_from_us) / 1e6;
    out.last = wb.media()->shown()->index;
    out.steps_per_s = static_cast<double>(out.last - steady_from_frame) / hold_s;
    return out;
}

struct Playing {
    double rate = 1.0;
    int drawn = 0, shown = 0;
    double seconds = 0, asleep_s = 0;
};

// Playing for 2 s at `rate` with the loop waiting as the main loop does: how many frames were drawn
// and how many recording frames were shown, and how long the loop slept. Drawing more than
// is shown, or hardly sleeping, is the loop polling instead of sleeping until the next
// frame is due.
Playing play_for_two_seconds(Application& app, const DrawFrame& draw_frame, double rate) {
    Workbench& wb = app.workbench();
    Playing out{rate};
    wb.media()->set_rate(rate);
    wb.media()->toggle_play();
    int64_t last_shown = wb.media()->shown()->index;
    const int64_t start = video::steady_now_us();
    while (video::steady_now_us() - start < 2'000'000) {
        const int64_t wait_from = video::steady_now_us();
        app.wait_for_next_frame();
        out.asleep_s += static_cast<double>(video::steady_now_us() - wait_from) / 1e6;
        draw_frame(false);
        ++out.drawn;
        if (wb.media()->shown()->index != last_shown) ++out.shown;
        last_shown = wb.media()->shown()->index;
    }
    out.seconds = static_cast<double>(video::steady_now_us() - start) / 1e6;
    wb.media()->pause();
    wb.media()->set_rate(1.0);
    settle(app, draw_frame);
    return out;
}

struct BenchFigures {
    SeekFigures seeks;
    std::vector<double> startup_ms;
    std::string startup_problem;
    FrameTimes empty, full;
    size_t events = 0, issues = 0;
    KeyToVisible key;
    HeldRight held;
    Playing playing, slow;  // at 1x and 0.25x
};

void print_figures(const BenchFigures& f, const Session& session, int64_t frames,
                   const std::string& scratch) {
    std::printf("bench-ui: session %s, %lld frames, scratch copy %s\n", session.label.c_str(),
                static_cast<long long>(frames), scratch.c_str());
    std::printf("frame time, empty pass:      median %.2f ms, p99 %.2f ms (300 frames)\n",
                f.empty.median_ms, f.empty.p99_ms);
    std::printf("frame time, %zu events:   median %.2f ms, p99 %.2f ms (300 frames)\n", f.events,
                f.full.median_ms, f.full.p99_ms);
    std::printf("ratio (20k / empty, median): %.2f (target <= 1.5)\n",
                f.full.median_ms / f.empty.median_ms);
    std::printf("validity issues in the 20k pass: %zu (derived again after every change)\n",
                f.issues);
    if (f.key.frames > 0)
        std::printf("key to visible: %d frame(s), %.2f ms (key %s codes %s)\n", f.key.frames,
                    f.key.ms, f.key.point->key.c_str(), f.key.point->id.c_str());
    else
        std::printf(
            "key to visible: not measured (no point behaviour without required modifiers)\n");
    std::printf("holding Right: %.1f frames/s stepped (frames %lld -> %lld; target >= 15)\n",
                f.held.steps_per_s, static_cast<long long>(f.held.first),
                static_cast<long long>(f.held.last));
    for (const Playing& p : {f.playing, f.slow})
        std::printf(
            "playing at %.2fx: %.1f frames drawn/s for %.1f recording frames shown/s, "
            "loop asleep %.0f%% of %.1f s\n",
            p.rate, p.drawn / p.seconds, p.shown / p.seconds, 100.0 * p.asleep_s / p.seconds,
            p.seconds);
}

void print_startup(const BenchFigures& f) {
    if (f.startup_ms.empty()) {
        std::printf("startup: not measured (%s)\n", f.startup_problem.c_str());
        return;
    }
    std::printf(
        "startup, attune STUDY --session L to its first frame on screen (a new process, the "
        "index from the study, the pass holding the 20,000 events): median %.0f ms, max %.0f "
        "ms of %zu runs (target < 1000 ms)\n",
        percentile(f.startup_ms, 0.5), percentile(f.startup_ms, 1.0), f.startup_ms.size());
}

void print_memory(const SessionMedia& media) {
    std::printf(
        "peak RSS: %.0f MiB (VmHWM); frame cache budget %.0f MiB for this frame size "
        "on %.1f GiB of memory\n",
        attune::bench::resident_mib().peak,
        static_cast<double>(media.cache_budget_bytes()) / (1 << 20),
        static_cast<double>(video::physical_memory()) / (1 << 30));
}

// The figures on the open session, its pass empty; the exit code.
int measure(Application& app, const DrawFrame& draw_frame, const Session& session,
            BenchFigures& f) {
    Workbench& wb = app.workbench();
    const int64_t middle = wb.media()->frame_count() / 2;
    wb.media()->seek_frame(middle);
    settle(app, draw_frame);
    f.empty = time_frames(draw_frame, 300);
    if (int code = measure_seeks(app, draw_frame, session, f.seeks); code != 0) return code;
    wb.media()->seek_frame(middle);
    settle(app, draw_frame);
    auto added = fill_pass(wb);
    if (!added) {
        say_error(added.error().message);
        return 1;
    }
    f.events = *added;
    f.full = time_frames(draw_frame, 300);
    f.issues = wb.pass()->issues().size();
    f.key = key_to_visible(app, draw_frame);
    f.held = hold_right(app, draw_frame, middle / 2);
    f.playing = play_for_two_seconds(app, draw_frame, 1.0);
    f.slow = play_for_two_seconds(app, draw_frame, 0.25);
    return 0;
}

}  // namespace

namespace {

// The scratch copy, closed and removed however the bench ends.
struct ScratchCopy {
    Workbench& wb;
    std::string path;
    ~ScratchCopy() { remove_scratch_copy(wb, path); }
};

}  // namespace

int run_bench_ui(Application& app, const std::function<void(bool)>& draw_frame,
                 const Options& options) {
    Workbench& wb = app.workbench();
    const auto opened = open_scratch_copy(wb);
    if (!opened) return 1;
    const ScratchCopy scratch{wb, *opened};
    auto session = find_session(*wb.study(), *options.bench_ui);
    if (!session) {
        say_error("the study has no session labelled " + *options.bench_ui);
        return 2;
    }
    BenchFigures figures;
    if (int code = open_bench_session(app, draw_frame, *session); code != 0) return code;
    if (int code = measure(app, draw_frame, *session, figures); code != 0) return code;
    print_memory(*wb.media());  // before the startup runs' processes, which are not this one
    // Printed while the study is open: the figures point into its scheme.
    print_figures(figures, *session, wb.media()->index()->frame_count(), scratch.path);
    print_seeks(figures.seeks);
    wb.close_study();  // the startup runs open the scratch copy themselves
    figures.startup_ms = startup_ms(scratch.path, session->label, 5, figures.startup_problem);
    print_startup(figures);
    return 0;
}

}  // namespace attune::app
