// What the player hands out is a video::Picture: its planes, strides, sizes, pixel format,
// colour description, frame number and time are those of the frame FFmpeg decoded (checked
// against the same frame from the engine's FrameSource and by the barcode it carries), and the
// picture keeps the decoder's buffers alive after the player is gone.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>

#include "attune/video/frame_source.hpp"
#include "attune/video/player.hpp"
#include "barcode.hpp"
#include "clip_cache.hpp"

using namespace attune::testing;
using namespace attune::video;

namespace {

struct Clip {
    const char* name;
    int width, height;
    AVPixelFormat pix_fmt;
    const char* format_name;
    ColourDescription colour;  // what clip_writer declares (BT.601 up to 576 lines, else BT.709)
};

const Clip kClips[] = {
    {"picture_8bit",
     320,
     240,
     AV_PIX_FMT_YUV420P,
     "yuv420p",
     {ColourMatrix::BT601, ColourRange::Limited, 8}},
    {"picture_10bit",
     1280,
     720,
     AV_PIX_FMT_YUV420P10LE,
     "yuv420p10le",
     {ColourMatrix::BT709, ColourRange::Limited, 10}},
};

std::string clip_path(const Clip& c) {
    ClipSpec s;
    s.video.width = c.width, s.video.height = c.height;
    s.video.pix_fmt = c.pix_fmt;
    s.video.gop = 10;
    s.seconds = 1;
    s.audio = false;
    auto path = ensure_clip(c.name, s);
    if (!path) FAIL(path.error().message);
    return *path;
}

PlayerFrame wait_for(Player& p, uint64_t serial) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        if (auto f = p.take(steady_now_us()); f && f->serial == serial) return std::move(*f);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    FAIL("no frame for command " << serial);
    return {};
}

std::optional<uint32_t> barcode_of(const Picture& pic) {
    return read_frame_barcode(
        {pic.planes[0].data, pic.planes[0].stride, pic.width, pic.height, pic.colour.bit_depth});
}

// Every sample of plane `c` equals the decoded frame's, row by row (strides may pad rows).
void check_plane(const Picture& pic, const AVFrame* f, int c, int width, int height) {
    const Plane& plane = pic.planes[c];
    CHECK(plane.stride == f->linesize[c]);
    CHECK(plane.width == width);
    CHECK(plane.height == height);
    const size_t row_bytes = static_cast<size_t>(width) * pic.format.bytes_per_sample;
    int rows_equal = 0;
    for (int y = 0; y < height; ++y)
        rows_equal += std::memcmp(plane.data + y * plane.stride, f->data[c] + y * f->linesize[c],
                                  row_bytes) == 0;
    CHECK(rows_equal == height);
}

}  // namespace

TEST_CASE("a picture from the player describes the decoded frame exactly", "[video][picture]") {
    for (const Clip& c : kClips) {
        DYNAMIC_SECTION(c.name) {
            const std::string path = clip_path(c);
            auto built = build_frame_index(path);
            REQUIRE(built.ok());
            auto index = std::make_shared<const FrameIndex>(std::move(*built));
            auto player = Player::open(path, index, {}, Player::Sound::Off);
            REQUIRE(player.ok());
            const int64_t target = 17;
            PlayerFrame pic = wait_for(**player, (*player)->seek_frame(target));

            auto source = FrameSource::open(path, index);
            REQUIRE(source.ok());
            auto decoded = (*source)->frame(target);
            REQUIRE(decoded.ok());
            const AVFrame* f = decoded->frame.get();

            CHECK(pic.index == target);
            CHECK(pic.t_us == index->t_us(target));
            CHECK(barcode_of(pic) == static_cast<uint32_t>(target));
            CHECK(pic.width == c.width);
            CHECK(pic.height == c.height);
            CHECK(pic.pixel_aspect == 1.0);
            CHECK(std::string(pic.format.name) == c.format_name);
            CHECK(pic.format.id == f->format);
            CHECK(pic.format.planar_ycbcr);
            CHECK_FALSE(pic.format.big_endian);
            CHECK(pic.format.chroma_shift_w == 1);
            CHECK(pic.format.chroma_shift_h == 1);
            CHECK(pic.format.bytes_per_sample == (c.colour.bit_depth > 8 ? 2 : 1));
            CHECK(pic.colour == c.colour);
            check_plane(pic, f, 0, c.width, c.height);
            check_plane(pic, f, 1, c.width / 2, c.height / 2);
            check_plane(pic, f, 2, c.width / 2, c.height / 2);

            // The picture holds the decoder's buffer, not a copy; the buffer lives while a
            // picture holds it, after the player is gone, and not a moment longer.
            std::optional<Picture> kept = pic;
            CHECK(kept->planes[0].data == pic.planes[0].data);
            const std::weak_ptr<const void> buffer = kept->owner;
            pic = PlayerFrame{};
            player->reset();
            REQUIRE_FALSE(buffer.expired());
            CHECK(barcode_of(*kept) == static_cast<uint32_t>(target));
            kept.reset();
            CHECK(buffer.expired());
        }
    }
}
