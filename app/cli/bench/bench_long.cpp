// bench video --long FILE...: what a recording of real length costs. Per file: the frame
// index (build time, its size in the study), a second open as the workstation does it with
// the index from the study (probe, identity, index checked, decoder, first frame), exact
// seeks at the start, middle and end, the engine's memory while seeking and stepping, the
// seek proxy (build time and size per minute, the same seeks on it), and mpv's seeks to the
// same frames. scripts/bench-video --long makes a 25-minute 1080p30 and a 2-hour 720p30 file.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>

#include "attune/coding/file_identity.hpp"
#include "attune/video/decode_timing.hpp"
#include "attune/video/frame_index.hpp"
#include "attune/video/probe.hpp"
#include "attune/video/proxy.hpp"
#include "bench_timing.hpp"
#include "commands.hpp"
#include "mpv_reference.hpp"

namespace attune::cli {
namespace {

using Clock = BenchClock;
using video::FrameIndex;
using video::FrameTimer;

struct Region {
    const char* name;
    std::vector<int64_t> targets;
};

// Ten random frames in each of the first, middle and last two minutes (or tenth) of the file.
std::vector<Region> regions(const FrameIndex& index) {
    const int64_t frames = index.frame_count();
    const int64_t two_min = std::max<int64_t>(1, index.frame_at_us(120'000'000) - 0);
    const int64_t span = std::clamp<int64_t>(std::min(two_min, frames / 10), 1, frames);
    std::mt19937 rng(7);
    std::vector<Region> out;
    for (auto [name, from] : {std::pair{"start", int64_t{0}},
                              {"middle", (frames - span) / 2},
                              {"end", frames - span}}) {
        std::uniform_int_distribution<int64_t> in(from, from + span - 1);
        Region r{name, {}};
        for (int i = 0; i < 10; ++i) r.targets.push_back(in(rng));
        out.push_back(std::move(r));
    }
    return out;
}

double minutes(const FrameIndex& index) {
    return std::max(static_cast<double>(index.t_us(index.frame_count() - 1)) / 6e7, 1e-3);
}

Result<std::shared_ptr<const FrameIndex>> index_step(const std::string& path, std::string& bytes) {
    const auto t0 = Clock::now();
    auto built = video::build_frame_index(path);
    if (!built) return built.error();
    const double ms = ms_since(t0);
    bytes = built->serialize();
    auto index = std::make_shared<const FrameIndex>(std::move(*built));
    std::printf(
        "frame index: %lld frames (%.1f min), built in %.1f s (%.2f s per minute, demux scan); "
        "%.0f kB in the study (%.1f kB per minute)\n",
        static_cast<long long>(index->frame_count()), minutes(*index), ms / 1000.0,
        ms / 1000.0 / minutes(*index), static_cast<double>(bytes.size()) / 1e3,
        static_cast<double>(bytes.size()) / 1e3 / minutes(*index));
    return index;
}

// What opening the session a second time does before its first frame: probe the file, read
// its identity, take the study's index (checked against the file), open the decoder and
// decode the first frame.
Status second_open_step(const std::string& path, const std::string& bytes) {
    const auto t0 = Clock::now();
    auto probed = video::probe(path);
    if (!probed) return probed.error();
    const double probe_ms = ms_since(t0);
    auto identity = file_identity(path);
    if (!identity) return identity.error();
    const double identity_ms = ms_since(t0) - probe_ms;
    auto kept = FrameIndex::deserialize(bytes);
    if (!kept) return kept.error();
    if (auto ok = kept->fits(*probed); !ok) return ok;
    const double index_ms = ms_since(t0) - probe_ms - identity_ms;
    auto src = FrameTimer::open(path, std::make_shared<const FrameIndex>(std::move(*kept)));
    if (!src) return src.error();
    if (auto first = (*src)->time({0}); !first) return first.error();
    const double total = ms_since(t0);
    std::printf(
        "second open, index from the study (file in the page cache, as after the first open): "
        "first frame decoded %.0f ms after opening (probe %.0f, "
        "identity %.0f, index read and checked %.0f, decoder and first frame %.0f; goal < 1000 "
        "ms)\n",
        total, probe_ms, identity_ms, index_ms, total - probe_ms - identity_ms - index_ms);
    return ok_status();
}

Result<std::vector<std::vector<double>>> time_regions(FrameTimer& src,
                                                      const std::vector<Region>& rs) {
    std::vector<std::vector<double>> out;
    for (const Region& r : rs) {
        auto ms = src.time(r.targets);
        if (!ms) return ms.error();
        out.push_back(std::move(*ms));
    }
    return out;
}

void print_regions(const char* what, const std::vector<Region>& rs,
                   const std::vector<std::vector<double>>& ms) {
    std::printf("%s:", what);
    for (size_t i = 0; i < rs.size(); ++i)
        std::printf("%s %s median %.1f ms, p95 %.1f ms", i ? ";" : "", rs[i].name,
                    percentile(ms[i], 0.5), percentile(ms[i], 0.95));
    std::printf(" (10 random frames in each)\n");
}

// Exact seeks in each region, then a coder's stepping around the middle with the frame
// cache on, and the memory the engine holds then.
Result<std::vector<std::vector<double>>> original_step(const std::string& path,
                                                       std::shared_ptr<const FrameIndex> index,
                                                       const std::vector<Region>& rs) {
    auto src = FrameTimer::open(path, index);
    if (!src) return src.error();
    auto ms = time_regions(**src, rs);
    if (!ms) return ms.error();
    print_regions("exact seek on the original", rs, *ms);
    (*src)->use_cache(true);
    const int64_t mid = index->frame_count() / 2;
    if (auto steps = (*src)->time(video::frame_walk(mid, std::max<int64_t>(0, mid - 60))); !steps)
        return steps.error();
    const auto [now, peak] = resident_mib();
    std::printf(
        "memory while coding (the engine in this process: index, decoder, frame cache after 60 "
        "backward steps): resident %.0f MiB, of which frame cache %.0f MiB (the process's peak "
        "so far %.0f MiB)\n",
        now, static_cast<double>((*src)->cache_bytes()) / (1 << 20), peak);
    return ms;
}

// A temporary folder of this process's own, removed however the step ends.
struct ScratchFolder {
    std::string path = (std::filesystem::temp_directory_path() /
                        ("attune-bench-proxy-" + std::to_string(::getpid())))
                           .string();
    ScratchFolder() { std::filesystem::remove_all(path); }
    ~ScratchFolder() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

Result<std::vector<std::vector<double>>> proxy_step(const std::string& path,
                                                    std::shared_ptr<const FrameIndex> index,
                                                    const std::vector<Region>& rs) {
    const ScratchFolder scratch;
    const std::string& dir = scratch.path;
    const auto t0 = Clock::now();
    if (auto ok = video::build_proxy(path, index, dir); !ok) return ok.error();
    const double s = ms_since(t0) / 1000.0;
    const auto built = video::proxy_built(dir, index->frame_count());
    std::printf(
        "seek proxy: built in %.0f s (%.1f s per minute of recording), %.0f MB (%.1f MB per "
        "minute), %lld chunks\n",
        s, s / minutes(*index), static_cast<double>(built.bytes) / 1e6,
        static_cast<double>(built.bytes) / 1e6 / minutes(*index),
        static_cast<long long>(built.chunks));
    auto src = FrameTimer::open_proxy(dir, index->frame_count());
    if (!src) return src.error();
    auto ms = time_regions(**src, rs);
    if (ms) print_regions("exact seek on the proxy", rs, *ms);
    return ms;
}

Status mpv_step(const std::string& path, const FrameIndex& index, const std::vector<Region>& rs,
                const std::vector<std::vector<double>>& original,
                const std::vector<std::vector<double>>& proxy) {
    auto mpv = bench::MpvReference::start(path);
    if (!mpv) return std::printf("mpv: %s\n", mpv.error().message.c_str()), ok_status();
    std::vector<std::vector<double>> ms;
    for (const Region& r : rs) {
        ms.emplace_back();
        for (int64_t f : r.targets) {
            auto m = (*mpv)->seek_exact(static_cast<double>(index.t_us(f)) / 1e6 + 0.001);
            if (!m) return std::printf("mpv: %s\n", m.error().message.c_str()), ok_status();
            ms.back().push_back(*m);
        }
    }
    print_regions("mpv 0.35 exact seek (--vo=null --hr-seek=yes), same frames", rs, ms);
    for (size_t i = 0; i < rs.size(); ++i)
        std::printf("  %s: Attune/mpv medians %.2f on the original, %.2f on the proxy\n",
                    rs[i].name, percentile(original[i], 0.5) / percentile(ms[i], 0.5),
                    percentile(proxy[i], 0.5) / percentile(ms[i], 0.5));
    return ok_status();
}

Status long_file(const std::string& path, bool with_mpv) {
    auto probed = video::probe(path);
    if (!probed) return probed.error();
    if (!probed->video) return Error{path + " has no video stream"};
    std::printf("\n%s: %dx%d\n", path.c_str(), probed->video->width, probed->video->height);
    std::string bytes;
    auto index = index_step(path, bytes);
    if (!index) return index.error();
    if (auto ok = second_open_step(path, bytes); !ok) return ok;
    const auto rs = regions(**index);
    auto original = original_step(path, *index, rs);
    if (!original) return original.error();
    auto proxy = proxy_step(path, *index, rs);
    if (!proxy) return proxy.error();
    return with_mpv ? mpv_step(path, **index, rs, *original, *proxy) : ok_status();
}

}  // namespace

int bench_video_long(const std::vector<std::string>& files, bool with_mpv) {
    std::printf("attune-cli bench video --long (%zu recordings)\n", files.size());
    for (const std::string& f : files)
        if (auto ok = long_file(f, with_mpv); !ok) return fail(f + ": " + ok.error().message);
    return 0;
}

}  // namespace attune::cli
