// bench video FILE: decode throughput against a plain FFmpeg loop (in video/), exact-seek,
// backward-step and forward-step latency, peak memory, and the same operations
// timed on Debian's mpv in the same run when it is installed.
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>

#include "attune/video/decode_timing.hpp"
#include "attune/video/frame_index.hpp"
#include "attune/video/proxy.hpp"
#include "bench_timing.hpp"
#include "commands.hpp"
#include "mpv_reference.hpp"

namespace attune::cli {
namespace {

using Clock = BenchClock;
using video::frame_walk;
using video::FrameIndex;
using video::FrameTimer;

// What one run measured, for the comparisons printed at the end.
struct VideoRun {
    std::string path;
    std::shared_ptr<const FrameIndex> index;
    int64_t frames = 0, gop = 0;
    int64_t mid = 0;               // the mid-GOP frame the steps start from
    std::vector<int64_t> targets;  // the random exact-seek targets
    std::vector<double> seek_ms, back_ms, fwd_uncached_ms, proxy_seek_ms;
};

Status index_step(VideoRun& run) {
    const auto t0 = Clock::now();
    auto built = video::build_frame_index(run.path);
    if (!built) return built.error();
    run.index = std::make_shared<const FrameIndex>(std::move(*built));
    const FrameIndex& index = *run.index;
    run.frames = index.frame_count();
    run.gop = index.keys.size() > 1 ? index.keys[1].frame - index.keys[0].frame : run.frames;
    run.mid = std::min<int64_t>(run.frames - 40, 3 * run.gop + run.gop / 2);
    std::printf(
        "frame index: %lld frames, %zu keyframes (GOP %lld), built in %.0f ms (demux scan)\n",
        static_cast<long long>(run.frames), index.keys.size(), static_cast<long long>(run.gop),
        ms_since(t0));
    std::mt19937 rng(1);
    std::uniform_int_distribution<int64_t> any(0, run.frames - 1);
    run.targets.resize(30);
    for (auto& t : run.targets) t = any(rng);
    return ok_status();
}

Status throughput_step(const VideoRun& run) {
    auto plain = video::plain_decode_fps(run.path);
    if (!plain) return plain.error();
    auto seq = FrameTimer::open(run.path, run.index);
    if (!seq) return seq.error();
    const auto t0 = Clock::now();  // the whole run, as the plain loop is timed
    if (auto all = (*seq)->time(frame_walk(0, run.frames - 1)); !all) return all.error();
    const double engine_fps = static_cast<double>(run.frames) / (ms_since(t0) / 1000.0);
    std::printf(
        "decode throughput: engine %.1f frames/s, plain libav loop %.1f frames/s, ratio %.2f "
        "(target >= 0.9)\n",
        engine_fps, *plain, engine_fps / *plain);
    return ok_status();
}

// 30 random exact seeks; the time until the target frame (checked by its number) is decoded.
Status seek_step(VideoRun& run, FrameTimer& src) {
    auto seeks = src.time(run.targets);
    if (!seeks) return Error{"exact seek failed: " + seeks.error().message};
    run.seek_ms = std::move(*seeks);
    std::printf("exact seek: median %.1f ms, p95 %.1f ms (30 random targets, no cache)\n",
                percentile(run.seek_ms, 0.5), percentile(run.seek_ms, 0.95));
    return ok_status();
}

// The frames timed after first decoding `start` (untimed), as a coder arrives there.
Result<std::vector<double>> time_from(FrameTimer& src, int64_t start,
                                      const std::vector<int64_t>& frames) {
    if (auto warm = src.time({start}); !warm) return warm.error();
    return src.time(frames);
}

// Stepping from mid-GOP, as a coder does around a reunion; with and without the frame cache.
Status step_step(VideoRun& run, FrameTimer& src) {
    const int64_t mid = run.mid;
    src.use_cache(true);
    auto back = time_from(src, mid, frame_walk(mid - 1, mid - 30));
    if (!back) return back.error();
    auto fwd = src.time(frame_walk(mid - 29, mid));
    if (!fwd) return fwd.error();
    src.use_cache(false);
    const size_t cached_bytes = src.cache_bytes();
    // The same steps when every one must decode from its keyframe.
    auto back_uncached = time_from(src, mid, frame_walk(mid - 1, mid - 30));
    if (!back_uncached) return back_uncached.error();
    auto fwd_uncached =
        time_from(src, mid + 1, frame_walk(mid + 2, std::min(mid + 31, run.frames - 1)));
    if (!fwd_uncached) return fwd_uncached.error();
    run.back_ms = *back, run.fwd_uncached_ms = *fwd_uncached;
    std::printf(
        "backward step: median %.2f ms, first %.2f ms, max %.2f ms (30 consecutive -1 steps from "
        "mid-GOP frame %lld, frame cache on)\n",
        percentile(*back, 0.5), back->front(), percentile(*back, 1.0), static_cast<long long>(mid));
    std::printf(
        "backward step without the frame cache: median %.1f ms (each step decodes from its "
        "keyframe)\n",
        percentile(*back_uncached, 0.5));
    std::printf(
        "forward step: median %.2f ms over cached frames, %.2f ms decoding new frames (paused, 30 "
        "steps)\n",
        percentile(*fwd, 0.5), percentile(*fwd_uncached, 0.5));
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("peak memory: %.0f MiB (max resident set size); frame cache held %.0f MiB\n",
                ru.ru_maxrss / 1024.0, static_cast<double>(cached_bytes) / (1 << 20));
    return ok_status();
}

// The same seeks on the seek proxy the workstation builds (every frame a keyframe, at most
// 540 lines, frame N = original frame N).
Status proxy_step(VideoRun& run) {
    const std::string proxy = run.path + ".proxy";
    std::filesystem::remove_all(proxy);
    const auto t0 = Clock::now();
    if (auto ok = video::build_proxy(run.path, run.index, proxy); !ok) return ok.error();
    const double proxy_ms = ms_since(t0);
    const video::ProxyProgress built = video::proxy_built(proxy, run.frames);
    auto psrc = FrameTimer::open_proxy(proxy, run.frames);
    if (!psrc) return psrc.error();
    auto seeks = (*psrc)->time(run.targets);
    if (!seeks) return Error{"proxy exact seek failed: " + seeks.error().message};
    auto back = time_from(**psrc, run.mid, frame_walk(run.mid - 1, run.mid - 30));
    if (!back) return back.error();
    run.proxy_seek_ms = std::move(*seeks);
    std::printf(
        "with proxy (made in %.1f s, all-intra H.264, %.1f MB, %.1f MB per minute): exact seek "
        "median %.1f ms, p95 %.1f ms; backward step without cache median %.1f ms\n",
        proxy_ms / 1000.0, static_cast<double>(built.bytes) / 1e6,
        static_cast<double>(built.bytes) / 1e6 /
            std::max(static_cast<double>(run.index->t_us(run.frames - 1)) / 6e7, 1e-3),
        percentile(run.proxy_seek_ms, 0.5), percentile(run.proxy_seek_ms, 0.95),
        percentile(*back, 0.5));
    std::filesystem::remove_all(proxy);
    return ok_status();
}

// Milliseconds of `count` steps on mpv (back_step or forward_step).
template <typename Step>
Result<std::vector<double>> mpv_steps(int count, Step&& step) {
    std::vector<double> ms;
    for (int i = 0; i < count; ++i) {
        auto m = step();
        if (!m) return Error{"mpv: " + m.error().message};
        ms.push_back(*m);
    }
    return ms;
}

// The same targets and steps on Debian's mpv, and the ratios against Attune's figures.
Status mpv_step(const VideoRun& run) {
    auto mpv = bench::MpvReference::start(run.path);
    if (!mpv) {
        std::printf("mpv: %s\n", mpv.error().message.c_str());
        return ok_status();
    }
    const auto seconds = [&](int64_t frame) {
        return static_cast<double>(run.index->t_us(frame)) / 1e6 + 0.001;
    };
    std::vector<double> mseek;
    for (int64_t t : run.targets) {
        auto ms = (*mpv)->seek_exact(seconds(t));
        if (!ms) return Error{"mpv: " + ms.error().message};
        mseek.push_back(*ms);
    }
    if (auto ms = (*mpv)->seek_exact(seconds(run.mid)); !ms) return ms.error();
    auto mback = mpv_steps(30, [&] { return (*mpv)->back_step(); });
    if (!mback) return mback.error();
    auto mfwd = mpv_steps(30, [&] { return (*mpv)->forward_step(); });
    if (!mfwd) return mfwd.error();
    std::printf("mpv 0.35 (--vo=null --ao=null --hr-seek=yes, JSON IPC), same targets:\n");
    std::printf(
        "  exact seek median %.1f ms (p95 %.1f); Attune/mpv %.2f without proxy, %.2f with proxy "
        "(target <= 0.5)\n",
        percentile(mseek, 0.5), percentile(mseek, 0.95),
        percentile(run.seek_ms, 0.5) / percentile(mseek, 0.5),
        percentile(run.proxy_seek_ms, 0.5) / percentile(mseek, 0.5));
    std::printf("  back step median %.1f ms; Attune/mpv %.3f (target <= 0.25)\n",
                percentile(*mback, 0.5), percentile(run.back_ms, 0.5) / percentile(*mback, 0.5));
    std::printf(
        "  forward step median %.1f ms; Attune %.2f ms decoding new frames (target <= 10 ms)\n",
        percentile(*mfwd, 0.5), percentile(run.fwd_uncached_ms, 0.5));
    return ok_status();
}

// Index, throughput, seeks, steps, proxy, then mpv: each step prints its lines.
Status run_video_bench(VideoRun& run, bool with_mpv) {
    if (auto ok = index_step(run); !ok) return ok;
    if (auto ok = throughput_step(run); !ok) return ok;
    auto src = FrameTimer::open(run.path, run.index);
    if (!src) return src.error();
    if (auto ok = seek_step(run, **src); !ok) return ok;
    if (auto ok = step_step(run, **src); !ok) return ok;
    if (auto ok = proxy_step(run); !ok) return ok;
    return with_mpv ? mpv_step(run) : ok_status();
}

int bench_video(const std::string& path, bool with_mpv) {
    std::printf("attune-cli bench video %s\n", path.c_str());
    VideoRun run;
    run.path = path;
    if (auto ok = run_video_bench(run, with_mpv); !ok) return fail(ok.error().message);
    return 0;
}

}  // namespace

int bench_video_long(const std::vector<std::string>& files, bool with_mpv);  // bench_long.cpp

void add_bench_video_command(CLI::App& bench, CliContext& ctx) {
    struct Opts {
        std::vector<std::string> files;
        bool no_mpv = false, long_files = false;
    };
    auto o = std::make_shared<Opts>();
    auto* video = bench.add_subcommand(
        "video", "Decode, seek and step speed of the video engine (and mpv, if installed)");
    video->add_option("FILE", o->files, "Recording to measure (with --long: one or more)")
        ->required();
    video->add_flag("--no-mpv", o->no_mpv, "Skip the comparison with mpv");
    video->add_flag("--long", o->long_files,
                    "Real-length recordings: index, second open, seeks at start, middle and end, "
                    "memory, proxy (scripts/bench-video --long makes them)");
    video->callback([&ctx, o] {
        run_guarded(ctx, [&] {
            if (o->long_files) return bench_video_long(o->files, !o->no_mpv);
            if (o->files.size() != 1)
                return fail("bench video measures one FILE (or several with --long)");
            return bench_video(o->files.front(), !o->no_mpv);
        });
    });
}

}  // namespace attune::cli
