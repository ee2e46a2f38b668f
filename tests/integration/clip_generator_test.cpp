// The clip generator's promises, checked with a plain FFmpeg decode loop: every
// frame's barcode equals its presentation index on every codec and container,
// flashes and clicks fall on whole seconds, and timestamps are what was asked.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "barcode_clip.hpp"
#include "clip_cache.hpp"
#include "plain_decode.hpp"
#include "process.hpp"

using namespace attune::testing;

namespace {

struct Case {
    const char* name;
    const char* codec;
    const char* container;
    int gop, bframes;
    bool vfr = false;
    double start_offset_s = 0;
    int rotate = 0;
    bool ten_bit = false;
    bool audio = true;
};

ClipSpec spec_for(const Case& c) {
    ClipSpec s;
    s.container = c.container;
    s.video.codec = c.codec;
    s.video.gop = c.gop;
    s.video.bframes = c.bframes;
    s.video.vfr = c.vfr;
    s.video.rotate_degrees = c.rotate;
    s.video.pix_fmt = c.ten_bit ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV420P;
    s.start_offset_us = std::llround(c.start_offset_s * 1e6);
    s.audio = c.audio;
    s.seconds = 2.5;
    return s;
}

int64_t to_us(int64_t pts, int num, int den) {
    return av_rescale_q(pts, AVRational{num, den}, AVRational{1, 1000000});
}

}  // namespace

TEST_CASE("generated clips carry their frame numbers through every codec", "[clips]") {
    const Case cases[] = {
        {"h264_mp4_gop15_b2", "h264", "mp4", 15, 2},
        {"h264_mp4_gop250_b3", "h264", "mp4", 250, 3},
        {"h264_ts_offset", "h264", "ts", 30, 2, false, 1.4},
        {"h264_mkv_vfr", "h264", "mkv", 30, 0, true},
        {"h264_mp4_rotated_silent", "h264", "mp4", 30, 0, false, 0, 90, false, false},
        {"hevc_mkv_10bit", "hevc", "mkv", 24, 2, false, 0, 0, true},
        {"mpeg4_avi_nopts", "mpeg4", "avi", 12, 2},
        {"vp9_mkv", "vp9", "mkv", 30, 0},
    };
    for (const Case& c : cases) {
        DYNAMIC_SECTION(c.name) {
            const ClipSpec spec = spec_for(c);
            auto path = ensure_clip(c.name, spec);
            REQUIRE(path.ok());
            auto clip = decode_clip(*path);
            REQUIRE(clip.ok());

            const std::vector<int64_t> pts = clip_frame_pts(spec.video, spec.seconds);
            REQUIRE(clip->frames.size() == pts.size());
            for (size_t i = 0; i < pts.size(); ++i) {
                INFO("frame " << i);
                REQUIRE(clip->frames[i].barcode == static_cast<uint32_t>(i));
            }

            const AVRational tb = spec.video.vfr ? AVRational{1, 60} : AVRational{1, 30};
            for (size_t i = 0; i < pts.size(); ++i) {
                INFO("frame " << i);
                REQUIRE(clip->frames[i].flash == is_flash_frame(pts, tb, i));
            }

            // Timestamps: the start offset, and every frame's time (to the container's precision).
            // Matroska shifts the whole file by the AAC encoder's priming (1024 samples) so no
            // timestamp is negative; video and audio move together. AVI stores no presentation
            // timestamps (FFmpeg's best-effort guess with B-frames starts a frame late); deriving
            // times there is the video engine's job, so only barcodes and clicks are checked.
            const int64_t start = clip->video_start_us;
            if (std::string(c.container) != "avi") {
                const int64_t priming_us = 1024 * 1000000 / kClipSampleRate + 1;
                REQUIRE(start >= spec.start_offset_us - 1000);
                REQUIRE(start <= spec.start_offset_us + priming_us);
                for (size_t i = 0; i < pts.size(); ++i) {
                    const int64_t want = av_rescale_q(pts[i], tb, AVRational{1, 1000000});
                    const int64_t got =
                        to_us(clip->frames[i].pts, clip->time_base_num, clip->time_base_den) -
                        start;
                    INFO("frame " << i);
                    REQUIRE(std::llabs(got - want) <= 1000);
                }
            }

            REQUIRE(clip->bit_depth == (c.ten_bit ? 10 : 8));
            REQUIRE(clip->rotation_degrees == Approx(c.rotate));

            if (!c.audio) {
                REQUIRE(clip->audio_sample_rate == 0);
            } else {
                REQUIRE(clip->audio_sample_rate == kClipSampleRate);
                // One click at each whole second (0, 1, 2) of the video's clock, within a
                // millisecond: the flash frame and the click share an instant.
                REQUIRE(clip->click_onsets_us.size() == 3);
                for (size_t k = 0; k < clip->click_onsets_us.size(); ++k) {
                    INFO("click " << k);
                    const int64_t video_origin = std::string(c.container) == "avi" ? 0 : start;
                    REQUIRE(std::llabs(clip->click_onsets_us[k] - video_origin -
                                       static_cast<int64_t>(k) * 1000000) <= 1000);
                }
            }
        }
    }
}

TEST_CASE("attune-make-clip explains bad arguments and leaves no partial file", "[clips][cli]") {
    const std::string out = clip_directory() + "/should-not-exist.mp4";
    std::filesystem::create_directories(clip_directory());

    SECTION("a malformed size is an argument error (exit 2)") {
        auto r = run_process({ATTUNE_MAKE_CLIP_PATH, "--out", out, "--size", "12by4"}, 60);
        REQUIRE(r.ok());
        REQUIRE(r->exit_code == 2);
        REQUIRE_THAT(r->output, Catch::Contains("--size must look like 640x360"));
    }
    SECTION("an impossible combination is refused (exit 1)") {
        auto r = run_process({ATTUNE_MAKE_CLIP_PATH, "--out", out, "--codec", "vp9", "--container",
                              "mkv", "--bframes", "2"},
                             60);
        REQUIRE(r.ok());
        REQUIRE(r->exit_code == 1);
        REQUIRE_THAT(r->output, Catch::Contains("vp9 has no B-frames"));
    }
    SECTION("an unknown codec is an argument error") {
        auto r = run_process({ATTUNE_MAKE_CLIP_PATH, "--out", out, "--codec", "prores"}, 60);
        REQUIRE(r.ok());
        REQUIRE(r->exit_code == 2);
    }
    REQUIRE_FALSE(std::filesystem::exists(out));
    for (const auto& e : std::filesystem::directory_iterator(clip_directory()))
        REQUIRE(e.path().filename().string().find("should-not-exist") == std::string::npos);
}
