// `--bench-ui`'s felt seek latency and startup time (bench_steps.hpp): a key press or a Go to
// until the frame asked for is drawn, on the seek proxy and on the original, beside mpv
// seeking to the same times in the same run; and a second process from its command line to
// its first frame on screen.
#include <GLFW/glfw3.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "attune/coding/event_log.hpp"
#include "bench_steps.hpp"
#include "bench_timing.hpp"
#include "mpv_reference.hpp"

namespace attune::app::bench_ui {
using attune::bench::MpvReference;
using attune::bench::percentile;
namespace {

constexpr int kTargets = 24;  // events, and as many times between them

// kTargets frames spread through the recording at `phase` (0..1) of each stretch, a few
// frames past it so that none falls on a keyframe by design.
std::vector<int64_t> spread(int64_t frames, double phase, int64_t past) {
    std::vector<int64_t> out;
    for (int i = 0; i < kTargets; ++i)
        out.push_back(std::min<int64_t>(
            frames - 1,
            static_cast<int64_t>((i + phase) * static_cast<double>(frames) / kTargets) + past));
    return out;
}

// Milliseconds from t0 until `frame` is what was drawn; -1 when 10 s pass first.
double until_on_screen(Application& app, const DrawFrame& draw_frame, int64_t frame,
                       int64_t t0_us) {
    const SessionMedia& media = *app.workbench().media();
    while (video::steady_now_us() - t0_us < 10'000'000) {
        app.wait_for_next_frame();
        draw_frame(false);
        if (media.shown() && media.shown()->index == frame && media.answered())
            return static_cast<double>(video::steady_now_us() - t0_us) / 1000.0;
    }
    return -1;
}

// Down from the first frame across the events at `events`, then Go to each of `times`.
void sweep(Application& app, const DrawFrame& draw_frame, const std::vector<int64_t>& events,
           const std::vector<int64_t>& times, std::vector<double>& to_event,
           std::vector<double>& to_time) {
    Workbench& wb = app.workbench();
    wb.media()->seek_frame(0);
    settle(app, draw_frame);
    for (int64_t frame : events) {
        app.keys().push({*parse_chord("Down"), false});
        glfwPostEmptyEvent();
        to_event.push_back(until_on_screen(app, draw_frame, frame, video::steady_now_us()));
    }
    for (int64_t frame : times) {
        wb.post(intent::SeekTime{wb.media()->index()->t_us(frame)});  // what Go to does
        glfwPostEmptyEvent();
        to_time.push_back(until_on_screen(app, draw_frame, frame, video::steady_now_us()));
    }
}

// The session opened again with the proxy preference `on` (a fresh player: nothing cached).
int reopen(Application& app, const DrawFrame& draw_frame, const Session& session, bool on) {
    app.workbench().prefs().seek_proxy = on;
    return open_bench_session(app, draw_frame, session);
}

// Waits for the proxy's build; false (and why, in `note`) when it is not complete.
bool await_proxy(Application& app, const DrawFrame& draw_frame, std::string& note,
                 double& seconds) {
    const int64_t t0 = video::steady_now_us();
    const SessionMedia& media = *app.workbench().media();
    while (media.proxy_task().running()) {
        glfwWaitEventsTimeout(0.1);
        draw_frame(false);
    }
    seconds = static_cast<double>(video::steady_now_us() - t0) / 1e6;
    if (!media.proxy_complete())
        note = media.proxy_note().empty() ? "not built" : media.proxy_note();
    return media.proxy_complete();
}

// mpv's exact seeks to the targets' times, drawing into a window or not.
std::vector<double> mpv_seeks(const std::string& file, MpvReference::Output output,
                              const video::FrameIndex& index, const std::vector<int64_t>& frames,
                              std::string& note) {
    auto mpv = MpvReference::start(file, output);
    if (!mpv) {
        note = mpv.error().message;
        return {};
    }
    std::vector<double> ms;
    for (int64_t frame : frames) {
        auto m = (*mpv)->seek_exact(static_cast<double>(index.t_us(frame)) / 1e6 + 0.001);
        if (!m) {
            note = "mpv --vo=" + std::string(MpvReference::name(output)) + ": " + m.error().message;
            return {};
        }
        ms.push_back(*m);
    }
    return ms;
}

// The markers coded in the (empty) pass for Down to go to, in one change; their ids.
Result<std::vector<int64_t>> add_markers(Workbench& wb, const std::vector<int64_t>& frames) {
    const BehaviourDef* point = plain_point(wb.pass()->scheme());
    if (!point) return Error{"the scheme has no point behaviour without required modifiers"};
    const video::FrameIndex& index = *wb.media()->index();
    std::vector<Event> marks;
    for (int64_t f : frames) {
        Event e;
        e.pass_id = wb.pass()->pass().id, e.subject = point->subject, e.behaviour = point->id;
        e.start_frame = e.stop_frame.emplace(f), e.start_us = e.stop_us.emplace(index.t_us(f));
        marks.push_back(e);
    }
    EventLog log(*wb.study(), wb.pass()->scheme(), wb.pass()->pass().id);
    std::set<int64_t> before;
    for (const Event& e : log.events()) before.insert(e.id);
    if (auto ok = log.add_all(marks); !ok) return ok.error();
    std::vector<int64_t> added;
    for (const Event& e : log.events())
        if (!before.count(e.id)) added.push_back(e.id);
    return added;
}

}  // namespace

namespace {

// The coder's proxy preference, put back however the measurement ends.
struct KeepProxyPreference {
    Preferences& prefs;
    const bool was = prefs.seek_proxy;
    ~KeepProxyPreference() { prefs.seek_proxy = was; }
};

}  // namespace

int measure_seeks(Application& app, const DrawFrame& draw_frame, const Session& session,
                  SeekFigures& out) {
    Workbench& wb = app.workbench();
    const int64_t frames = wb.media()->frame_count();
    const auto events = spread(frames, 0.5, 7), times = spread(frames, 0.75, 11);
    auto ids = add_markers(wb, events);
    if (!ids) return say_error(ids.error().message), 1;
    wb.pass()->refresh();
    {
        const KeepProxyPreference keep{wb.prefs()};
        if (int code = reopen(app, draw_frame, session, true); code != 0) return code;
        if (await_proxy(app, draw_frame, out.proxy_note, out.proxy_build_s))
            sweep(app, draw_frame, events, times, out.event_proxy, out.time_proxy);
        if (int code = reopen(app, draw_frame, session, false); code != 0) return code;
        sweep(app, draw_frame, events, times, out.event_original, out.time_original);
    }
    if (int code = open_bench_session(app, draw_frame, session); code != 0) return code;
    EventLog log(*wb.study(), wb.pass()->scheme(), wb.pass()->pass().id);
    if (auto ok = log.remove(*ids); !ok) return say_error(ok.error().message), 1;
    wb.pass()->refresh();
    std::vector<int64_t> all = events;
    all.insert(all.end(), times.begin(), times.end());
    const std::string file = wb.media()->path();
    out.mpv_gpu =
        mpv_seeks(file, MpvReference::Output::Gpu, *wb.media()->index(), all, out.mpv_note);
    out.mpv_null =
        mpv_seeks(file, MpvReference::Output::Null, *wb.media()->index(), all, out.mpv_note);
    return 0;
}

namespace {

std::vector<double> half(const std::vector<double>& v, bool second) {
    if (v.size() < 2 * kTargets) return {};
    return second ? std::vector<double>(v.begin() + kTargets, v.end())
                  : std::vector<double>(v.begin(), v.begin() + kTargets);
}

// "median M ms, p95 P ms", or "not measured"; frames that never came (-1) are counted apart.
std::string summary(std::vector<double> ms) {
    const auto missed = std::erase(ms, -1.0);
    if (ms.empty()) return "not measured";
    char line[160];
    std::snprintf(line, sizeof line, "median %.1f ms, p95 %.1f ms", percentile(ms, 0.5),
                  percentile(ms, 0.95));
    return line + (missed ? ", " + std::to_string(missed) + " never shown within 10 s" : "");
}

void print_ratio(const char* what, const std::vector<double>& ours, const std::vector<double>& mpv,
                 const char* goal) {
    if (ours.empty() || mpv.empty()) return;
    std::printf("  %s / mpv --vo=gpu, medians: %.2f (goal %s)\n", what,
                percentile(ours, 0.5) / percentile(mpv, 0.5), goal);
}

}  // namespace

void print_seeks(const SeekFigures& f) {
    std::printf(
        "seek to event (Down across %d events spread through the recording, key to that frame "
        "drawn):\n",
        kTargets);
    if (!f.proxy_note.empty())
        std::printf("  on the seek proxy: not measured (%s)\n", f.proxy_note.c_str());
    else
        std::printf("  on the seek proxy: %s (proxy ready %.1f s after opening)\n",
                    summary(f.event_proxy).c_str(), f.proxy_build_s);
    std::printf("  on the original:   %s\n", summary(f.event_original).c_str());
    std::printf("  mpv --vo=gpu:      %s\n", summary(half(f.mpv_gpu, false)).c_str());
    std::printf("  mpv --vo=null:     %s\n", summary(half(f.mpv_null, false)).c_str());
    print_ratio("with the proxy", f.event_proxy, half(f.mpv_gpu, false), "<= 0.1");
    print_ratio("without it", f.event_original, half(f.mpv_gpu, false), "<= 0.75");
    std::printf("go to time (Go to each of %d times between the events, to that frame drawn):\n",
                kTargets);
    std::printf("  on the seek proxy: %s\n", summary(f.time_proxy).c_str());
    std::printf("  on the original:   %s\n", summary(f.time_original).c_str());
    std::printf("  mpv --vo=gpu:      %s\n", summary(half(f.mpv_gpu, true)).c_str());
    std::printf("  mpv --vo=null:     %s\n", summary(half(f.mpv_null, true)).c_str());
    print_ratio("with the proxy", f.time_proxy, half(f.mpv_gpu, true), "<= 0.1");
    print_ratio("without it", f.time_original, half(f.mpv_gpu, true), "<= 0.75");
    if (!f.mpv_note.empty()) std::printf("  mpv: %s\n", f.mpv_note.c_str());
    std::printf(
        "  (mpv 0.35 --hr-seek=yes --ao=null over JSON IPC, each exact seek until its "
        "playback-restart event, under the same display)\n");
}

namespace {

// A program started with its standard output in a pipe (standard error to /dev/null) and
// `env` as its whole environment; everything the child needs is made before the fork.
struct Child {
    pid_t pid = -1;
    int out = -1;
};
Child spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    std::vector<char*> args, envp;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    args.push_back(nullptr), envp.push_back(nullptr);
    int fds[2];
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null < 0 || pipe2(fds, O_CLOEXEC) != 0) return (null >= 0 ? close(null) : 0), Child{};
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {  // only async-signal-safe calls from here
        dup2(fds[1], STDOUT_FILENO), dup2(null, STDERR_FILENO);
        execve(args[0], args.data(), envp.data());
        _exit(127);
    }
    close(fds[1]), close(null);
    if (pid < 0) return close(fds[0]), Child{};
    return {pid, fds[0]};
}

// Waits up to `ms` for the child to end, then kills it; its exit code (-1: killed, or
// not a normal exit).
int reap(pid_t pid, int ms) {
    int status = 0;
    for (int i = 0; i < ms / 10; ++i) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        usleep(10'000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
}

// Milliseconds from the start of `child` until a line holding `needle` arrives on its output;
// -1 (and why, in `problem`) when none comes within 20 s.
double ms_until_line(const Child& child, int64_t t0, const std::string& needle,
                     std::string& problem) {
    std::string seen;
    for (char buf[4096]; video::steady_now_us() - t0 < 20'000'000;) {
        pollfd p{child.out, POLLIN, 0};
        if (poll(&p, 1, 100) <= 0) continue;
        const ssize_t n = read(child.out, buf, sizeof buf);
        if (n <= 0) break;  // the child ended (or closed its output) without the line
        seen.append(buf, static_cast<size_t>(n));
        if (seen.find(needle) != std::string::npos)
            return static_cast<double>(video::steady_now_us() - t0) / 1000.0;
    }
    problem = "the workstation showed no frame within 20 s";
    return -1;
}

// One startup: the time to the first frame, the child then left 10 s to quit.
double one_startup(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                   std::string& problem) {
    const int64_t t0 = video::steady_now_us();
    const Child child = spawn(argv, env);
    if (child.pid < 0) return problem = "cannot start " + argv[0], -1;
    const double ms = ms_until_line(child, t0, ": frame ", problem);
    close(child.out);
    const int code = reap(child.pid, ms < 0 ? 0 : 10'000);
    if (ms < 0 && code >= 0) problem += " (it exited with code " + std::to_string(code) + ")";
    return ms;
}

}  // namespace

std::vector<double> startup_ms(const std::string& study, const std::string& label, int runs,
                               std::string& problem) {
    namespace fs = std::filesystem;
    // Its own preferences folder, so the runs neither read the coder's nor write the scratch
    // study into their recent studies; the same proxy cache and display.
    const fs::path dir = fs::temp_directory_path() / ("attune-startup-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const std::string script = (dir / "startup.txt").string();
    std::ofstream(script) << "shown\nquit\n";
    const std::vector<std::string> argv = {fs::read_symlink("/proc/self/exe").string(),
                                           study,
                                           "--session",
                                           label,
                                           "--coder",
                                           "bench-ui",
                                           "--sound",
                                           "off",
                                           "--script",
                                           script};
    std::vector<std::string> env = {"XDG_CONFIG_HOME=" + dir.string()};
    for (char** e = environ; *e != nullptr; ++e)  // the display's, the cache's, the rest
        if (std::string_view(*e).rfind("XDG_CONFIG_HOME=", 0) != 0) env.emplace_back(*e);
    std::vector<double> out;
    for (int i = 0; i < runs && problem.empty(); ++i)
        if (const double ms = one_startup(argv, env, problem); ms >= 0) out.push_back(ms);
    fs::remove_all(dir);
    return out;
}

}  // namespace attune::app::bench_ui
