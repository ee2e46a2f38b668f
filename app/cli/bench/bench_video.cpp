// bench video FILE: decode throughput against a plain libav loop, exact-seek,
// backward-step and forward-step latency, peak memory, and the same operations
// timed on Debian's mpv in the same run when it is installed.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

#include "attune/video/av_handles.hpp"
#include "attune/video/frame_index.hpp"
#include "attune/video/frame_source.hpp"
#include "attune/video/proxy.hpp"
#include "bench_timing.hpp"
#include "commands.hpp"
#include "mpv_reference.hpp"

namespace attune::cli {
namespace {

using Clock = BenchClock;

// The plain loop the engine is compared with: demux and decode every video frame.
Result<double> plain_decode_fps(const std::string& path) {
    using namespace video;
    AVFormatContext* raw = nullptr;
    if (avformat_open_input(&raw, path.c_str(), nullptr, nullptr) < 0)
        return Error{"cannot open " + path};
    InputContext in(raw);
    avformat_find_stream_info(in.get(), nullptr);
    const int vi = av_find_best_stream(in.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (vi < 0) return Error{"no video"};
    const AVCodec* codec = avcodec_find_decoder(in->streams[vi]->codecpar->codec_id);
    CodecContext dec(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(dec.get(), in->streams[vi]->codecpar);
    dec->thread_count = 2;
    if (avcodec_open2(dec.get(), codec, nullptr) < 0) return Error{"cannot open decoder"};
    PacketPtr pkt = make_packet();
    FramePtr f = make_frame();
    int64_t frames = 0;
    const auto t = Clock::now();
    while (av_read_frame(in.get(), pkt.get()) >= 0) {
        if (pkt->stream_index == vi && avcodec_send_packet(dec.get(), pkt.get()) >= 0)
            while (avcodec_receive_frame(dec.get(), f.get()) >= 0) ++frames;
        av_packet_unref(pkt.get());
    }
    avcodec_send_packet(dec.get(), nullptr);
    while (avcodec_receive_frame(dec.get(), f.get()) >= 0) ++frames;
    return static_cast<double>(frames) / (ms_since(t) / 1000.0);
}

int bench_video(const std::string& path, bool with_mpv) {
    using namespace video;
    std::printf("attune-cli bench video %s\n", path.c_str());
    auto t0 = Clock::now();
    auto built = build_frame_index(path);
    if (!built) return fail(built.error().message);
    auto index = std::make_shared<const FrameIndex>(std::move(*built));
    const int64_t n = index->frame_count();
    const int64_t gop = index->keys.size() > 1 ? index->keys[1].frame - index->keys[0].frame : n;
    std::printf(
        "frame index: %lld frames, %zu keyframes (GOP %lld), built in %.0f ms (demux scan)\n",
        static_cast<long long>(n), index->keys.size(), static_cast<long long>(gop), ms_since(t0));

    auto plain = plain_decode_fps(path);
    if (!plain) return fail(plain.error().message);
    auto seq = FrameSource::open(path, index);
    if (!seq) return fail(seq.error().message);
    t0 = Clock::now();
    for (int64_t i = 0; i < n; ++i)
        if (auto f = (*seq)->frame(i); !f) return fail(f.error().message);
    const double engine_fps = static_cast<double>(n) / (ms_since(t0) / 1000.0);
    std::printf(
        "decode throughput: engine %.1f frames/s, plain libav loop %.1f frames/s, ratio %.2f "
        "(target >= 0.9)\n",
        engine_fps, *plain, engine_fps / *plain);

    // 30 random exact seeks; the time until the target frame (checked by its pts) is decoded.
    std::mt19937 rng(1);
    std::uniform_int_distribution<int64_t> any(0, n - 1);
    std::vector<int64_t> targets(30);
    for (auto& t : targets) t = any(rng);
    auto src = FrameSource::open(path, index);
    if (!src) return fail(src.error().message);
    std::vector<double> seek_ms;
    for (int64_t t : targets) {
        const auto s = Clock::now();
        auto f = (*src)->frame(t);
        seek_ms.push_back(ms_since(s));
        if (!f || f->index != t) return fail("seek to frame " + std::to_string(t) + " failed");
    }
    std::printf("exact seek: median %.1f ms, p95 %.1f ms (30 random targets, no cache)\n",
                percentile(seek_ms, 0.5), percentile(seek_ms, 0.95));

    // Stepping from mid-GOP, as a coder does around a reunion.
    FrameCache cache;
    (*src)->set_cache(&cache);
    const int64_t mid = std::min<int64_t>(n - 40, 3 * gop + gop / 2);
    if (auto f = (*src)->frame(mid); !f) return fail(f.error().message);
    std::vector<double> back_ms, fwd_ms;
    for (int64_t t = mid - 1; t >= mid - 30; --t) {
        const auto s = Clock::now();
        if (auto f = (*src)->frame(t); !f) return fail(f.error().message);
        back_ms.push_back(ms_since(s));
    }
    for (int64_t t = mid - 29; t <= mid; ++t) {
        const auto s = Clock::now();
        if (auto f = (*src)->frame(t); !f) return fail(f.error().message);
        fwd_ms.push_back(ms_since(s));
    }
    (*src)->set_cache(nullptr);
    std::vector<double>
        back_uncached;  // the same steps when every one must decode from its keyframe
    if (auto f = (*src)->frame(mid); !f) return fail(f.error().message);
    for (int64_t t = mid - 1; t >= mid - 30; --t) {
        const auto s = Clock::now();
        if (auto f = (*src)->frame(t); !f) return fail(f.error().message);
        back_uncached.push_back(ms_since(s));
    }
    std::vector<double> fwd_uncached;
    if (auto f = (*src)->frame(mid + 1); !f) return fail(f.error().message);
    for (int64_t t = mid + 2; t < mid + 32 && t < n; ++t) {
        const auto s = Clock::now();
        if (auto f = (*src)->frame(t); !f) return fail(f.error().message);
        fwd_uncached.push_back(ms_since(s));
    }
    std::printf(
        "backward step: median %.2f ms, first %.2f ms, max %.2f ms (30 consecutive -1 steps from "
        "mid-GOP frame %lld, "
        "frame cache on)\n",
        percentile(back_ms, 0.5), back_ms.front(), percentile(back_ms, 1.0),
        static_cast<long long>(mid));
    std::printf(
        "backward step without the frame cache: median %.1f ms (each step decodes from its "
        "keyframe)\n",
        percentile(back_uncached, 0.5));
    std::printf(
        "forward step: median %.2f ms over cached frames, %.2f ms decoding new frames (paused, 30 "
        "steps)\n",
        percentile(fwd_ms, 0.5), percentile(fwd_uncached, 0.5));
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("peak memory: %.0f MiB (max resident set size); frame cache held %.0f MiB\n",
                ru.ru_maxrss / 1024.0, static_cast<double>(cache.bytes()) / (1 << 20));

    // The same seeks on a short-GOP proxy (every frame a keyframe, frame N = original frame N).
    const std::string proxy = path + ".proxy.mkv";
    t0 = Clock::now();
    if (auto ok = make_proxy(path, *index, proxy); !ok) return fail(ok.error().message);
    const double proxy_ms = ms_since(t0);
    auto proxy_index = build_frame_index(proxy);
    if (!proxy_index || proxy_index->frame_count() != n)
        return fail("the proxy does not map frame for frame");
    auto psrc =
        FrameSource::open(proxy, std::make_shared<const FrameIndex>(std::move(*proxy_index)));
    if (!psrc) return fail(psrc.error().message);
    std::vector<double> proxy_seek_ms, proxy_back_ms;
    for (int64_t t : targets) {
        const auto s = Clock::now();
        auto f = (*psrc)->frame(t);
        proxy_seek_ms.push_back(ms_since(s));
        if (!f || f->index != t)
            return fail("proxy seek to frame " + std::to_string(t) + " failed");
    }
    if (auto f = (*psrc)->frame(mid); !f) return fail(f.error().message);
    for (int64_t t = mid - 1; t >= mid - 30; --t) {
        const auto s = Clock::now();
        if (auto f = (*psrc)->frame(t); !f) return fail(f.error().message);
        proxy_back_ms.push_back(ms_since(s));
    }
    std::printf(
        "with proxy (made in %.1f s, all-intra H.264): exact seek median %.1f ms, p95 %.1f ms; "
        "backward step without cache "
        "median %.1f ms\n",
        proxy_ms / 1000.0, percentile(proxy_seek_ms, 0.5), percentile(proxy_seek_ms, 0.95),
        percentile(proxy_back_ms, 0.5));
    std::filesystem::remove(proxy);

    if (!with_mpv) return 0;
    auto mpv = MpvReference::start(path);
    if (!mpv) {
        std::printf("mpv: %s\n", mpv.error().message.c_str());
        return 0;
    }
    std::vector<double> mseek, mback, mfwd;
    for (int64_t t : targets) {
        auto ms = (*mpv)->seek_exact(static_cast<double>(index->t_us(t)) / 1e6 + 0.001);
        if (!ms) return fail("mpv: " + ms.error().message);
        mseek.push_back(*ms);
    }
    if (auto ms = (*mpv)->seek_exact(static_cast<double>(index->t_us(mid)) / 1e6 + 0.001); !ms)
        return fail(ms.error().message);
    for (int i = 0; i < 30; ++i) {
        auto ms = (*mpv)->back_step();
        if (!ms) return fail("mpv: " + ms.error().message);
        mback.push_back(*ms);
    }
    for (int i = 0; i < 30; ++i) {
        auto ms = (*mpv)->forward_step();
        if (!ms) return fail("mpv: " + ms.error().message);
        mfwd.push_back(*ms);
    }
    std::printf("mpv 0.35 (--vo=null --ao=null --hr-seek=yes, JSON IPC), same targets:\n");
    std::printf(
        "  exact seek median %.1f ms (p95 %.1f); Attune/mpv %.2f without proxy, %.2f with proxy "
        "(target <= 0.5)\n",
        percentile(mseek, 0.5), percentile(mseek, 0.95),
        percentile(seek_ms, 0.5) / percentile(mseek, 0.5),
        percentile(proxy_seek_ms, 0.5) / percentile(mseek, 0.5));
    std::printf("  back step median %.1f ms; Attune/mpv %.3f (target <= 0.25)\n",
                percentile(mback, 0.5), percentile(back_ms, 0.5) / percentile(mback, 0.5));
    std::printf(
        "  forward step median %.1f ms; Attune %.2f ms decoding new frames (target <= 10 ms)\n",
        percentile(mfwd, 0.5), percentile(fwd_uncached, 0.5));
    return 0;
}

}  // namespace

void add_bench_video_command(CLI::App& bench, CliContext& ctx) {
    struct Opts {
        std::string file;
        bool no_mpv = false;
    };
    auto o = std::make_shared<Opts>();
    auto* video = bench.add_subcommand(
        "video", "Decode, seek and step speed of the video engine (and mpv, if installed)");
    video->add_option("FILE", o->file, "Recording to measure")->required();
    video->add_flag("--no-mpv", o->no_mpv, "Skip the comparison with mpv");
    video->callback(
        [&ctx, o] { run_guarded(ctx, [&] { return bench_video(o->file, !o->no_mpv); }); });
}

}  // namespace attune::cli
