// The video engine on generated barcode clips of every kind: the frame index has
// every frame, 50 random exact seeks land on the requested frame, and stepping
// walks 100 frames exactly in both directions across GOP boundaries.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <random>

#include "attune/video/frame_cache.hpp"
#include "attune/video/frame_index.hpp"
#include "attune/video/frame_source.hpp"
#include "attune/video/probe.hpp"
#include "attune/video/proxy.hpp"
#include "attune/video/proxy_source.hpp"
#include "barcode.hpp"
#include "clip_cache.hpp"
#include "plain_decode.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}

using namespace attune;
using namespace attune::testing;
using namespace attune::video;

namespace {

struct Kind {
    const char* name;
    const char* codec;
    const char* container;
    int gop, bframes;
    double seconds;
    bool vfr = false;
    double offset_s = 0;
    int rotate = 0;
    bool ten_bit = false;
    bool audio = true;
    bool open_gop = false;
};

const Kind kKinds[] = {
    {"h264_mp4_gop15_b2", "h264", "mp4", 15, 2, 6},
    {"h264_mp4_gop250_b2", "h264", "mp4", 250, 2, 10},
    {"h264_ts_offset_1.4", "h264", "ts", 30, 2, 6, false, 1.4},
    {"h264_mkv_vfr", "h264", "mkv", 24, 0, 6, true},
    {"mpeg4_avi_no_pts", "mpeg4", "avi", 12, 2, 6},
    {"hevc_mkv_10bit", "hevc", "mkv", 24, 2, 5, false, 0, 0, true},
    {"h264_mp4_rotated_90", "h264", "mp4", 30, 2, 5, false, 0, 90},
    {"h264_mp4_no_audio", "h264", "mp4", 30, 2, 5, false, 0, 0, false, false},
    {"vp9_mkv", "vp9", "mkv", 30, 0, 5},
    {"h264_mkv_open_gop", "h264", "mkv", 30, 3, 6, false, 0, 0, false, true, true},
};

std::string clip_for(const Kind& k) {
    ClipSpec s;
    s.container = k.container;
    s.video.codec = k.codec;
    s.video.gop = k.gop;
    s.video.bframes = k.bframes;
    s.video.vfr = k.vfr;
    s.video.rotate_degrees = k.rotate;
    s.video.pix_fmt = k.ten_bit ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV420P;
    s.start_offset_us = static_cast<int64_t>(k.offset_s * 1e6);
    s.audio = k.audio;
    s.video.open_gop = k.open_gop;
    s.seconds = k.seconds;
    auto path = ensure_clip(std::string("engine_") + k.name, s);
    if (!path) FAIL(path.error().message);
    return *path;
}

std::optional<uint32_t> barcode_of(const DecodedFrame& d) {
    const AVFrame* f = d.frame.get();
    const int depth = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(f->format))->comp[0].depth;
    return read_frame_barcode({f->data[0], f->linesize[0], f->width, f->height, depth});
}

}  // namespace

TEST_CASE("exact seeks and steps land on the requested frame, every clip kind", "[video][seek]") {
    for (const Kind& k : kKinds) {
        DYNAMIC_SECTION(k.name) {
            const std::string path = clip_for(k);
            auto built = build_frame_index(path);
            if (!built) FAIL(built.error().message);
            auto index = std::make_shared<const FrameIndex>(std::move(*built));
            const int64_t n = index->frame_count();
            auto reference = decode_clip(path);
            REQUIRE(reference.ok());
            REQUIRE(n == static_cast<int64_t>(reference->frames.size()));
            REQUIRE(index->keys.front().frame == 0);
            CHECK(index->decode_order == (std::string(k.container) == "avi"));
            for (int64_t i = 1; i < n; ++i) REQUIRE(index->pts[i] > index->pts[i - 1]);
            if (std::string(k.container) != "avi")
                for (int64_t i = 0; i < n; ++i) REQUIRE(index->pts[i] == reference->frames[i].pts);
            auto probed = probe(path);
            REQUIRE(probed.ok());
            const Status fits = index->fits(*probed);
            INFO((fits ? std::string("fits") : fits.error().message));
            CHECK(fits.ok());  // a fresh index always fits its own file

            auto source = FrameSource::open(path, index);
            REQUIRE(source.ok());
            FrameSource& src = **source;
            std::mt19937 rng(42);
            std::uniform_int_distribution<int64_t> any(0, n - 1);
            for (int i = 0; i < 50; ++i) {
                const int64_t target = any(rng);
                auto f = src.frame(target);
                INFO("seek to " << target);
                REQUIRE(f.ok());
                REQUIRE(f->index == target);
                REQUIRE(barcode_of(*f) == static_cast<uint32_t>(target));
            }
            // +1 stepping for 100 frames, then -1 stepping back over the same frames.
            const int64_t start = std::min<int64_t>(n - 101, k.gop / 2 + 3);
            for (int64_t t = start; t <= start + 100; ++t) {
                auto f = src.frame(t);
                INFO("step forward to " << t);
                REQUIRE(f.ok());
                REQUIRE(barcode_of(*f) == static_cast<uint32_t>(t));
            }
            for (int64_t t = start + 100; t >= start; --t) {
                auto f = src.frame(t);
                INFO("step back to " << t);
                REQUIRE(f.ok());
                REQUIRE(barcode_of(*f) == static_cast<uint32_t>(t));
            }
        }
    }
}

TEST_CASE("the frame index serialises for the study file's cache", "[video][index]") {
    const std::string path = clip_for(kKinds[0]);
    auto index = build_frame_index(path);
    REQUIRE(index.ok());
    auto back = FrameIndex::deserialize(index->serialize());
    REQUIRE(back.ok());
    CHECK(back->pts == index->pts);
    CHECK(back->keys.size() == index->keys.size());
    CHECK(back->keys.back().pos == index->keys.back().pos);
    CHECK(back->time_base.den == index->time_base.den);
    CHECK_FALSE(FrameIndex::deserialize("garbage").ok());
    std::string cut = index->serialize();
    cut.resize(cut.size() - 5);
    auto damaged = FrameIndex::deserialize(cut);
    REQUIRE_FALSE(damaged.ok());
    CHECK_THAT(damaged.error().message, Catch::Contains("rebuild it"));
}

TEST_CASE("time and frame agree on a variable-frame-rate clip", "[video][index]") {
    const std::string path = clip_for(kKinds[3]);
    auto index = build_frame_index(path);
    REQUIRE(index.ok());
    for (int64_t f = 0; f < index->frame_count(); ++f) {
        REQUIRE(index->frame_at_us(index->t_us(f)) == f);
        if (f + 1 < index->frame_count()) REQUIRE(index->frame_at_us(index->t_us(f + 1) - 1) == f);
    }
}

TEST_CASE("indexing runs on its own thread: the call returns before the index is done",
          "[video][index]") {
    const std::string path = clip_for(kKinds[1]);
    IndexTask task = start_frame_index(path);
    // Returning takes microseconds; scanning 300 frames of a file takes milliseconds.
    REQUIRE(task.result.wait_for(std::chrono::seconds(0)) != std::future_status::ready);
    // The REQUIRE above is the proof that the caller goes on while the index is built; how
    // many polls follow depends on the machine's load (the scan may end within the first).
    double last = 0;
    while (task.result.wait_for(std::chrono::milliseconds(1)) != std::future_status::ready) {
        const double p = task.progress->load();
        CHECK(p >= last);  // a progress bar never goes backwards
        last = p;
    }
    auto index = task.result.get();
    REQUIRE(index.ok());
    CHECK(index->frame_count() == 300);
    CHECK(task.progress->load() == 1.0);
}

TEST_CASE("indexing reports progress and can be cancelled", "[video][index]") {
    const std::string path = clip_for(kKinds[1]);
    std::vector<double> seen;
    auto index = build_frame_index(path, [&](double p) { seen.push_back(p); });
    REQUIRE(index.ok());
    REQUIRE_FALSE(seen.empty());
    CHECK(seen.back() == 1.0);
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    std::atomic<bool> cancel{true};
    auto cancelled = build_frame_index(path, {}, &cancel);
    REQUIRE_FALSE(cancelled.ok());
    CHECK_THAT(cancelled.error().message, Catch::Contains("cancelled"));
}

TEST_CASE("with the frame cache, stepping back decodes each GOP once", "[video][cache]") {
    const std::string path = clip_for(kKinds[0]);  // GOP 15, 2 B-frames
    auto built = build_frame_index(path);
    REQUIRE(built.ok());
    auto index = std::make_shared<const FrameIndex>(std::move(*built));
    auto source = FrameSource::open(path, index);
    REQUIRE(source.ok());
    FrameSource& src = **source;
    FrameCache cache;
    src.set_cache(&cache);
    const int64_t start = 170;
    REQUIRE(src.frame(start).ok());
    const int64_t seeks_before = src.stats().seeks;
    for (int64_t t = start - 1; t >= start - 100; --t) {
        auto f = src.frame(t);
        INFO("step back to " << t);
        REQUIRE(f.ok());
        REQUIRE(barcode_of(*f) == static_cast<uint32_t>(t));
    }
    // 100 frames back from 170 cross the keyframes at 165, 150, ..., 75: one seek per GOP.
    CHECK(src.stats().seeks - seeks_before <= 8);
    CHECK(src.stats().cache_hits >= 90);
    CHECK(cache.bytes() <= cache.budget());
}

TEST_CASE("the frame cache keeps to its memory budget, least recently used out first",
          "[video][cache]") {
    const std::string path = clip_for(kKinds[0]);
    auto built = build_frame_index(path);
    REQUIRE(built.ok());
    auto source = FrameSource::open(path, std::make_shared<const FrameIndex>(std::move(*built)));
    REQUIRE(source.ok());
    auto f0 = (*source)->frame(0);
    REQUIRE(f0.ok());
    const size_t one = FrameCache::frame_bytes(f0->frame.get());
    REQUIRE(one > 0);
    FrameCache cache(3 * one);
    for (int64_t i = 0; i < 5; ++i) {
        auto f = (*source)->frame(i);
        REQUIRE(f.ok());
        cache.put(i, f->frame.get());
        if (i == 2) CHECK(cache.get(0) != nullptr);  // touch 0: now 1 is the oldest
    }
    CHECK(cache.size() == 3);
    CHECK(cache.bytes() <= 3 * one);
    CHECK(cache.contains(4));
    CHECK(cache.contains(3));
    CHECK_FALSE(cache.contains(1));
    CHECK_FALSE(cache.contains(2));
    auto copy = cache.get(4);
    REQUIRE(copy);
    CHECK(read_frame_barcode({copy->data[0], copy->linesize[0], copy->width, copy->height, 8}) ==
          4u);
}

TEST_CASE("the seek proxy maps frame for frame and seeks by decoding one frame", "[video][proxy]") {
    const std::string path = clip_for(kKinds[1]);  // GOP 250: the worst case for seeking
    auto built = build_frame_index(path);
    REQUIRE(built.ok());
    const auto index = std::make_shared<const FrameIndex>(std::move(*built));
    const std::string proxy = clip_directory() + "/proxy_gop250";
    std::filesystem::remove_all(proxy);
    REQUIRE(build_proxy(path, index, proxy).ok());
    CHECK(proxy_built(proxy, index->frame_count()).chunks ==
          proxy_chunk_count(index->frame_count()));
    for (int64_t c = 0; c < proxy_chunk_count(index->frame_count()); ++c) {
        auto chunk = build_frame_index(proxy_chunk_path(proxy, c));
        REQUIRE(chunk.ok());
        CHECK(static_cast<int64_t>(chunk->keys.size()) == chunk->frame_count());  // all intra
    }
    ProxySource src(proxy, index->frame_count());
    std::mt19937 rng(3);
    std::uniform_int_distribution<int64_t> any(0, index->frame_count() - 1);
    for (int i = 0; i < 30; ++i) {
        const int64_t t = any(rng);
        auto f = src.frame(t);
        REQUIRE(f.ok());
        REQUIRE(f->index == t);
        REQUIRE(barcode_of(*f) == static_cast<uint32_t>(t));
    }
    CHECK_FALSE(src.has(index->frame_count()));
}

TEST_CASE("a seek proxy build that was stopped goes on from the chunks it kept", "[video][proxy]") {
    const std::string path = clip_for(kKinds[1]);
    auto built = build_frame_index(path);
    REQUIRE(built.ok());
    const auto index = std::make_shared<const FrameIndex>(std::move(*built));
    REQUIRE(proxy_chunk_count(index->frame_count()) >= 2);
    const std::string proxy = clip_directory() + "/proxy_resumed";
    std::filesystem::remove_all(proxy);
    std::atomic<bool> cancel{false};
    // Stopped in the second chunk: the first is kept whole, nothing half-written is left.
    const auto stop_in_second = [&](double f) {
        if (f * static_cast<double>(index->frame_count()) > kProxyChunkFrames + 10) cancel = true;
    };
    CHECK_FALSE(build_proxy(path, index, proxy, stop_in_second, &cancel).ok());
    CHECK(proxy_built(proxy, index->frame_count()).chunks == 1);
    for (const auto& entry : std::filesystem::directory_iterator(proxy))  // no .partial left
        CHECK((entry.path().extension() == ".mkv" || entry.path().filename() == "build.lock"));
    const auto first_chunk_time = std::filesystem::last_write_time(proxy_chunk_path(proxy, 0));
    REQUIRE(build_proxy(path, index, proxy).ok());
    CHECK(std::filesystem::last_write_time(proxy_chunk_path(proxy, 0)) == first_chunk_time);
    ProxySource src(proxy, index->frame_count());
    const int64_t last = index->frame_count() - 1;
    auto f = src.frame(last);
    REQUIRE(f.ok());
    CHECK(barcode_of(*f) == static_cast<uint32_t>(last));
}
