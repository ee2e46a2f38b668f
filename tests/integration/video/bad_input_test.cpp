// Bad recordings get a clear message; nothing crashes or hangs.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>

#include "attune/video/av_handles.hpp"
#include "attune/video/frame_index.hpp"
#include "attune/video/frame_source.hpp"
#include "attune/video/probe.hpp"
#include "attune/video/waveform.hpp"
#include "barcode.hpp"
#include "clip_cache.hpp"
#include "skip.hpp"

using namespace attune;
using namespace attune::testing;
using namespace attune::video;
namespace fs = std::filesystem;

namespace {
std::string scratch(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / "attune-bad-media";
    fs::create_directories(d);
    return (d / name).string();
}
std::string good_clip() {
    ClipSpec s;
    s.video.gop = 30;
    s.video.bframes = 2;
    s.seconds = 6;
    auto p = ensure_clip("bad_input_source", s);
    if (!p) FAIL(p.error().message);
    return *p;
}
}  // namespace

TEST_CASE("a zero-byte file", "[video][bad]") {
    const std::string path = scratch("empty.mp4");
    std::ofstream(path).close();
    auto p = probe(path);
    REQUIRE_FALSE(p.ok());
    CHECK_THAT(p.error().message, Catch::Contains("is empty (0 bytes)"));
    CHECK_FALSE(build_frame_index(path).ok());
}

TEST_CASE("random bytes", "[video][bad]") {
    const std::string path = scratch("noise.mp4");
    std::mt19937 rng(7);
    std::string bytes(200000, '\0');
    for (auto& b : bytes) b = static_cast<char>(rng());
    std::ofstream(path, std::ios::binary) << bytes;
    auto p = probe(path);
    REQUIRE_FALSE(p.ok());
    CHECK_THAT(p.error().message,
               Catch::Contains("is it a video file?") || Catch::Contains("may be damaged"));
    CHECK_FALSE(build_frame_index(path).ok());
}

TEST_CASE("a file truncated at half its length plays up to the damage, then says end of data",
          "[video][bad]") {
    const std::string path = scratch("truncated.ts");
    // MPEG-TS keeps its index in the stream itself, so a cut file still opens (as a copy
    // interrupted mid-way does).
    ClipSpec s;
    s.container = "ts";
    s.video.gop = 30;
    s.video.bframes = 2;
    s.seconds = 6;
    auto ts = ensure_clip("bad_input_source_ts", s);
    REQUIRE(ts.ok());
    const auto size = fs::file_size(*ts);
    {
        std::ifstream in(*ts, std::ios::binary);
        std::string half(size / 2, '\0');
        in.read(half.data(), static_cast<std::streamsize>(half.size()));
        std::ofstream(path, std::ios::binary) << half;
    }
    // Indexed as it is now, the cut file holds fewer frames, every one of them whole.
    auto cut = build_frame_index(path);
    REQUIRE(cut.ok());
    const int64_t n = cut->frame_count();
    CHECK(n > 40);
    CHECK(n < 180);
    // Played with the index of the whole file (the file was cut after it was indexed, as a
    // copy that stopped half-way): frames up to the damage, then "end of data".
    auto whole = build_frame_index(*ts);
    REQUIRE(whole.ok());
    REQUIRE(whole->frame_count() == 180);
    auto src = FrameSource::open(path, std::make_shared<const FrameIndex>(std::move(*whole)));
    REQUIRE(src.ok());
    int64_t good = 0;
    std::optional<std::string> end_of_data;
    for (int64_t i = 0; i < 180; ++i) {
        auto f = (*src)->frame(i);
        if (!f) {
            end_of_data = f.error().message;
            break;
        }
        REQUIRE(read_frame_barcode({f->frame->data[0], f->frame->linesize[0], f->frame->width,
                                    f->frame->height, 8}) == static_cast<uint32_t>(i));
        ++good;
    }
    REQUIRE(end_of_data);
    CHECK_THAT(*end_of_data, Catch::Contains("end of data") && Catch::Contains("truncated"));
    CHECK(good >= n - 3);  // every frame before the damage, at most those cut through lost
    CHECK(good <= n);
    auto beyond = (*src)->frame(200);
    REQUIRE_FALSE(beyond.ok());
    CHECK_THAT(beyond.error().message, Catch::Contains("outside the recording"));
}

TEST_CASE("a recording removed while open", "[video][bad]") {
    const std::string path = scratch("removed.mp4");
    fs::copy_file(good_clip(), path, fs::copy_options::overwrite_existing);
    auto index = build_frame_index(path);
    REQUIRE(index.ok());
    auto src = FrameSource::open(path, std::make_shared<const FrameIndex>(std::move(*index)));
    REQUIRE(src.ok());
    REQUIRE((*src)->frame(10).ok());
    fs::remove(path);
    // The open file stays readable on POSIX systems; reopening it reports it missing.
    CHECK((*src)->frame(150).ok());
    auto again = probe(path);
    REQUIRE_FALSE(again.ok());
    CHECK_THAT(again.error().message,
               Catch::Contains("recording not found") && Catch::Contains("locate"));
}

namespace {
// An MPEG-TS file whose video stream is AVS2, a codec Debian's FFmpeg has no decoder for.
std::string unsupported_codec_file() {
    const std::string path = scratch("avs2.ts");
    AVFormatContext* raw = nullptr;
    REQUIRE(avformat_alloc_output_context2(&raw, nullptr, "mpegts", path.c_str()) >= 0);
    OutputContext out(raw);
    AVStream* st = avformat_new_stream(out.get(), nullptr);
    st->codecpar->codec_type = AVMEDIA_TYPE_VIDEO;
    st->codecpar->codec_id = AV_CODEC_ID_AVS2;
    st->codecpar->width = 320;
    st->codecpar->height = 240;
    st->time_base = {1, 90000};
    REQUIRE(avio_open(&out->pb, path.c_str(), AVIO_FLAG_WRITE) >= 0);
    REQUIRE(avformat_write_header(out.get(), nullptr) >= 0);
    PacketPtr pkt = make_packet();
    for (int i = 0; i < 30; ++i) {
        REQUIRE(av_new_packet(pkt.get(), 200) >= 0);
        std::fill(pkt->data, pkt->data + 200, static_cast<uint8_t>(i));
        pkt->data[0] = 0, pkt->data[1] = 0, pkt->data[2] = 1,
        pkt->data[3] = 0xB0;  // a sequence start code
        pkt->pts = pkt->dts = i * 3000;
        pkt->flags = i % 10 == 0 ? AV_PKT_FLAG_KEY : 0;
        pkt->stream_index = st->index;
        REQUIRE(av_interleaved_write_frame(out.get(), pkt.get()) >= 0);
    }
    REQUIRE(av_write_trailer(out.get()) >= 0);
    return path;
}
}  // namespace

TEST_CASE("a codec this FFmpeg cannot decode", "[video][bad]") {
    if (avcodec_find_decoder(AV_CODEC_ID_AVS2) != nullptr) {
        return attune::testing::skip_reason(
            "this FFmpeg can decode AVS2, so the unsupported-codec case cannot be made here");
    }
    const std::string path = unsupported_codec_file();
    auto p = probe(path);
    REQUIRE(p.ok());
    REQUIRE(p->video.has_value());
    CHECK(p->video->codec == "avs2");
    auto index = build_frame_index(path);
    REQUIRE(index.ok());
    auto src = FrameSource::open(path, std::make_shared<const FrameIndex>(std::move(*index)));
    REQUIRE_FALSE(src.ok());
    CHECK_THAT(src.error().message,
               Catch::Contains("uses the avs2 codec, which this FFmpeg cannot decode") &&
                   Catch::Contains("convert the recording"));
}

TEST_CASE("a frame index with a zero time base is refused rather than divided by", "[video][bad]") {
    const std::string path = good_clip();
    auto built = build_frame_index(path);
    REQUIRE(built.ok());
    for (Rational tb : {Rational{1, 0}, Rational{0, 15360}, Rational{1, -15360}}) {
        INFO("time base " << tb.num << "/" << tb.den);
        FrameIndex bad = *built;
        bad.time_base = tb;
        auto src = FrameSource::open(path, std::make_shared<const FrameIndex>(bad));
        REQUIRE_FALSE(src.ok());
        CHECK_THAT(src.error().message, Catch::Contains("time base"));
        auto w = compute_waveform(path, bad.pts.front(), tb);
        REQUIRE_FALSE(w.ok());
        CHECK_THAT(w.error().message, Catch::Contains("time base"));
    }
}
