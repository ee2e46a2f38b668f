// A recording cut with `ffmpeg -ss X -i in.mp4 -c copy out.mp4` starts with the GOP
// before X; the MP4 edit list marks the frames before X to be dropped by the decoder.
// Frame N of the index must be the Nth frame FFmpeg's decoder outputs, so the dropped
// ones must not shift frame numbers: checked against ffprobe -count_frames and a plain
// libav decode loop, by barcode.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <random>

#include "attune/video/frame_index.hpp"
#include "attune/video/frame_source.hpp"
#include "attune/video/probe.hpp"
#include "barcode.hpp"
#include "clip_cache.hpp"
#include "plain_decode.hpp"
#include "process.hpp"

using namespace attune;
using namespace attune::testing;
using namespace attune::video;
namespace fs = std::filesystem;

namespace {

// 30 fps, keyframes every 30 frames: 1.6 s is frame 48, between the keyframes at 30 and 60.
constexpr const char* kCutAt = "1.6";
constexpr uint32_t kFirstFrameAfterCut = 48;

std::string source_clip() {
    ClipSpec s;
    s.container = "mp4";
    s.video.gop = 30;
    s.video.bframes = 2;
    s.seconds = 6;
    auto p = ensure_clip("edit_list_source", s);
    if (!p) FAIL(p.error().message);
    return *p;
}

// The source cut by stream copy, made once beside the generated clips.
std::string cut_clip() {
    const fs::path src = source_clip();
    const fs::path out = src.parent_path() / (src.stem().string() + "-cut" + kCutAt + ".mp4");
    if (fs::exists(out)) return out.string();
    const fs::path temp =
        src.parent_path() / (out.stem().string() + ".tmp" + std::to_string(::getpid()) + ".mp4");
    auto run = run_process({"ffmpeg", "-nostdin", "-v", "error", "-y", "-ss", kCutAt, "-i",
                            src.string(), "-c", "copy", temp.string()},
                           60);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    std::error_code ec;
    fs::rename(temp, out, ec);
    REQUIRE_FALSE(ec);
    return out.string();
}

// FFmpeg's own count of the frames its decoder outputs.
int64_t ffprobe_decoded_frames(const std::string& path) {
    auto run = run_process({"ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                            "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path},
                           60);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    return std::stoll(run->output);
}

std::optional<uint32_t> barcode_of(const DecodedFrame& d) {
    const AVFrame* f = d.frame.get();
    return read_frame_barcode({f->data[0], f->linesize[0], f->width, f->height, 8});
}

}  // namespace

TEST_CASE("a stream-copied cut: frame N is the Nth frame the decoder outputs",
          "[video][frame_index]") {
    const std::string path = cut_clip();
    auto reference = decode_clip(path);
    REQUIRE(reference.ok());
    const auto& frames = reference->frames;
    REQUIRE_FALSE(frames.empty());
    // The cut really starts between keyframes, with the GOP before it to be dropped.
    REQUIRE(frames.front().barcode == kFirstFrameAfterCut);
    REQUIRE(frames.back().barcode == 179u);
    const auto decoded = static_cast<int64_t>(frames.size());
    REQUIRE(ffprobe_decoded_frames(path) == decoded);

    auto built = build_frame_index(path);
    if (!built) FAIL(built.error().message);
    auto index = std::make_shared<const FrameIndex>(std::move(*built));
    REQUIRE(index->frame_count() == decoded);
    REQUIRE(index->keys.front().frame == 0);
    for (int64_t i = 0; i < decoded; ++i) {
        INFO("frame " << i);
        REQUIRE(index->pts[static_cast<size_t>(i)] == frames[static_cast<size_t>(i)].pts);
    }
    auto probed = probe(path);
    REQUIRE(probed.ok());
    CHECK(index->fits(*probed).ok());

    auto source = FrameSource::open(path, index);
    REQUIRE(source.ok());
    FrameSource& src = **source;
    std::vector<int64_t> order(static_cast<size_t>(decoded));
    for (int64_t i = 0; i < decoded; ++i) order[static_cast<size_t>(i)] = i;
    std::shuffle(order.begin(), order.end(), std::mt19937(9));
    order.insert(order.begin(), {0, 1, 0, decoded - 1});
    for (int64_t target : order) {
        INFO("exact seek to " << target);
        auto f = src.frame(target);
        REQUIRE(f.ok());
        REQUIRE(f->index == target);
        REQUIRE(barcode_of(*f) == frames[static_cast<size_t>(target)].barcode);
    }
    for (int64_t t = 0; t < decoded; ++t) {
        INFO("step forward to " << t);
        auto f = src.frame(t);
        REQUIRE(f.ok());
        REQUIRE(barcode_of(*f) == frames[static_cast<size_t>(t)].barcode);
    }
}

TEST_CASE("an index from another recording is refused for this one", "[video][frame_index]") {
    const std::string cut = cut_clip();
    const std::string whole = source_clip();
    auto whole_index = build_frame_index(whole);
    REQUIRE(whole_index.ok());
    auto whole_probe = probe(whole);
    REQUIRE(whole_probe.ok());
    CHECK(whole_index->fits(*whole_probe).ok());

    auto cut_probe = probe(cut);
    REQUIRE(cut_probe.ok());
    auto fits = whole_index->fits(*cut_probe);
    REQUIRE_FALSE(fits.ok());
    CHECK_THAT(fits.error().message, Catch::Contains("rebuild it"));
}
