// A frame index read back from the study file's cache is checked before anything
// seeks with it: damaged, truncated or inconsistent bytes are an error that says to
// rebuild, never a crash or a read past the end; and an index that does not fit the
// file's own description (another stream, time base or length) is refused.
#include "attune/video/frame_index.hpp"

#include <catch2/catch.hpp>
#include <cstring>
#include <limits>

using namespace attune::video;

namespace {

// A 10-frame index at 30 fps in a 1/15360 time base, keyframes at 0 and 6.
FrameIndex ten_frames() {
    FrameIndex f;
    f.time_base = {1, 15360};
    f.stream = 0;
    for (int64_t i = 0; i < 10; ++i) f.pts.push_back(1024 + 512 * i);
    f.keys = {{0, 0, 48}, {6, 2560, 9000}};
    return f;
}

// The same frames as an AVI decode scan makes them: identified by release dts.
FrameIndex ten_frames_decode_order() {
    FrameIndex f = ten_frames();
    f.time_base = {1, 30};
    f.pts.clear();
    for (int64_t i = 0; i < 10; ++i) f.pts.push_back(i), f.release_dts.push_back(i + 1);
    f.decode_order = true;
    return f;
}

// Byte offsets of the serialised header fields (after the 8-byte magic).
enum Field : size_t {
    kTbNum = 8,
    kTbDen = 16,
    kStream = 24,
    kDecodeOrder = 32,
    kByteSeek = 40,
    kFrames = 48,
    kKeys = 56,
    kFirstPts = 64
};

std::string with(std::string bytes, size_t at, int64_t v) {
    REQUIRE(at + sizeof v <= bytes.size());
    std::memcpy(bytes.data() + at, &v, sizeof v);
    return bytes;
}

int64_t read_at(const std::string& bytes, size_t at) {
    int64_t v = 0;
    std::memcpy(&v, bytes.data() + at, sizeof v);
    return v;
}

std::string error_of(const std::string& bytes) {
    auto r = FrameIndex::deserialize(bytes);
    REQUIRE_FALSE(r.ok());
    return r.error().message;
}

ProbeInfo probe_for(const FrameIndex& f) {
    ProbeInfo p;
    p.duration_us = 400000;
    VideoStreamInfo v;
    v.index = f.stream;
    v.time_base = f.time_base;
    v.start_pts = f.pts.front();
    p.video = v;
    return p;
}

}  // namespace

TEST_CASE("a frame index survives the round trip through its bytes", "[video][frame_index]") {
    for (const FrameIndex& f : {ten_frames(), ten_frames_decode_order()}) {
        auto back = FrameIndex::deserialize(f.serialize());
        REQUIRE(back.ok());
        CHECK(back->pts == f.pts);
        CHECK(back->release_dts == f.release_dts);
        REQUIRE(back->keys.size() == 2);
        CHECK(back->keys[1].frame == 6);
        CHECK(back->keys[1].dts == 2560);
        CHECK(back->keys[1].pos == 9000);
        CHECK(back->time_base.num == f.time_base.num);
        CHECK(back->time_base.den == f.time_base.den);
        CHECK(back->decode_order == f.decode_order);
        CHECK(back->validate().ok());
    }
}

TEST_CASE("damaged frame index bytes are refused with a message to rebuild",
          "[video][frame_index]") {
    const std::string good = ten_frames().serialize();
    REQUIRE(read_at(good, kFrames) == 10);
    REQUIRE(read_at(good, kFirstPts) == 1024);

    SECTION("another format or version") {
        CHECK_THAT(error_of("garbage"), Catch::Contains("rebuild it"));
        std::string v2 = good;
        v2[7] = '2';
        CHECK_THAT(error_of(v2), Catch::Contains("rebuild it"));
        CHECK_THAT(error_of(""), Catch::Contains("rebuild it"));
    }
    SECTION("truncated at any length, or with bytes left over") {
        for (size_t n = 0; n < good.size(); ++n) {
            INFO("cut to " << n << " bytes");
            CHECK_THAT(error_of(good.substr(0, n)), Catch::Contains("rebuild it"));
        }
        CHECK_THAT(error_of(good + std::string(8, '\0')), Catch::Contains("rebuild it"));
    }
    SECTION("counts that do not match the size, even when they wrap around") {
        CHECK_THAT(error_of(with(good, kFrames, 11)), Catch::Contains("rebuild it"));
        CHECK_THAT(error_of(with(good, kFrames, -1)), Catch::Contains("rebuild it"));
        CHECK_THAT(error_of(with(good, kKeys, -3)), Catch::Contains("rebuild it"));
        // 2^61 + 10 frames: 8 bytes each wraps to the size of 10 frames in 64 bits.
        CHECK_THAT(error_of(with(good, kFrames, (int64_t{1} << 61) + 10)),
                   Catch::Contains("rebuild it"));
        CHECK_THAT(error_of(with(good, kKeys, std::numeric_limits<int64_t>::max())),
                   Catch::Contains("rebuild it"));
    }
    SECTION("no frames at all") {
        FrameIndex empty;
        empty.time_base = {1, 30};
        empty.stream = 0;
        CHECK_THAT(error_of(empty.serialize()), Catch::Contains("no frames"));
    }
    SECTION("presentation times that go backwards or repeat") {
        const size_t third = kFirstPts + 2 * 8;
        CHECK_THAT(error_of(with(good, third, 1000)), Catch::Contains("frame 2"));
        CHECK_THAT(error_of(with(good, third, read_at(good, third - 8))),
                   Catch::Contains("frame 2"));
    }
    SECTION("a zero or negative time base") {
        CHECK_THAT(error_of(with(good, kTbDen, 0)), Catch::Contains("time base"));
        CHECK_THAT(error_of(with(good, kTbNum, 0)), Catch::Contains("time base"));
        CHECK_THAT(error_of(with(good, kTbDen, -15360)), Catch::Contains("time base"));
        CHECK_THAT(error_of(with(good, kTbDen, int64_t{1} << 32)), Catch::Contains("time base"));
    }
    SECTION("a stream number or flag out of range") {
        CHECK_THAT(error_of(with(good, kStream, -1)), Catch::Contains("stream"));
        CHECK_THAT(error_of(with(good, kStream, int64_t{1} << 40)), Catch::Contains("stream"));
        CHECK_THAT(error_of(with(good, kByteSeek, 7)), Catch::Contains("rebuild it"));
        CHECK_THAT(error_of(with(good, kDecodeOrder, 2)), Catch::Contains("rebuild it"));
    }
}

TEST_CASE("a frame index whose keyframes cannot be seeked to is refused", "[video][frame_index]") {
    SECTION("no keyframe at all") {
        FrameIndex f = ten_frames();
        f.keys.clear();
        CHECK_THAT(error_of(f.serialize()), Catch::Contains("keyframe"));
    }
    SECTION("frame 0 not a seek point") {
        FrameIndex f = ten_frames();
        f.keys.front().frame = 1;
        CHECK_THAT(error_of(f.serialize()), Catch::Contains("frame 0"));
    }
    SECTION("keyframes out of order or past the last frame") {
        FrameIndex f = ten_frames();
        f.keys = {{0, 0, 48}, {6, 2560, 9000}, {3, 1000, 5000}};
        CHECK_THAT(error_of(f.serialize()), Catch::Contains("keyframe"));
        f.keys = {{0, 0, 48}, {10, 2560, 9000}};
        CHECK_THAT(error_of(f.serialize()), Catch::Contains("keyframe"));
        f.keys = {{0, 0, 48}, {0, 0, 48}};
        CHECK_THAT(error_of(f.serialize()), Catch::Contains("keyframe"));
    }
}

TEST_CASE("a frame index is checked against the file it is used for", "[video][frame_index]") {
    const FrameIndex f = ten_frames();
    CHECK(f.fits(probe_for(f)).ok());

    SECTION("a file without video") {
        ProbeInfo p = probe_for(f);
        p.video.reset();
        CHECK_THAT(f.fits(p).error().message, Catch::Contains("no video"));
    }
    SECTION("another stream or time base") {
        ProbeInfo p = probe_for(f);
        p.video->index = 1;
        CHECK_THAT(f.fits(p).error().message, Catch::Contains("stream"));
        p = probe_for(f);
        p.video->time_base = {1, 90000};
        CHECK_THAT(f.fits(p).error().message, Catch::Contains("time base"));
    }
    SECTION("frames that start long after the video does") {
        ProbeInfo p = probe_for(f);
        p.video->start_pts = f.pts.front() - 5 * 15360;  // 5 s earlier
        CHECK_THAT(f.fits(p).error().message, Catch::Contains("start"));
    }
    SECTION("frames that last longer than the file") {
        ProbeInfo p = probe_for(f);
        p.duration_us = 100000;  // 0.1 s, the index spans 0.3 s: plausible within slack
        CHECK(f.fits(p).ok());
        FrameIndex longer = f;
        for (int64_t i = 10; i < 300; ++i) longer.pts.push_back(1024 + 512 * i);
        p.duration_us = 400000;
        CHECK_THAT(longer.fits(p).error().message, Catch::Contains("longer"));
    }
    SECTION("an index that is itself inconsistent") {
        FrameIndex bad = f;
        bad.time_base = {1, 0};
        ProbeInfo p = probe_for(f);
        CHECK_THAT(bad.fits(p).error().message, Catch::Contains("time base"));
    }
}
