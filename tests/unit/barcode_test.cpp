#include "barcode.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

using namespace attune::testing;

namespace {

struct Plane8 {
    int width, height;
    std::vector<uint8_t> data;
    Plane8(int w, int h, uint8_t fill)
        : width(w), height(h), data(static_cast<size_t>(w) * h, fill) {}
    LumaPlane view() const { return {data.data(), width, width, height, 8}; }
};

}  // namespace

TEST_CASE("the frame-number barcode reads back what was painted", "[barcode]") {
    const uint32_t value = GENERATE(0u, 1u, 2u, 15u, 4095u, 123457u, kBarcodeMaxValue);

    SECTION("8-bit plane") {
        Plane8 p(320, 240, 60);
        paint_frame_barcode(p.data.data(), p.width, p.width, p.height, 8, value);
        REQUIRE(read_frame_barcode(p.view()) == value);
    }
    SECTION("10-bit plane in little-endian words, with padded rows") {
        const int w = 322, h = 180, linesize = 2 * w + 64;
        std::vector<uint8_t> data(static_cast<size_t>(linesize) * h, 0);
        paint_frame_barcode(data.data(), linesize, w, h, 10, value);
        REQUIRE(read_frame_barcode({data.data(), linesize, w, h, 10}) == value);
    }
    SECTION("after noise as strong as a poor encoder's") {
        Plane8 p(352, 288, 60);
        paint_frame_barcode(p.data.data(), p.width, p.width, p.height, 8, value);
        std::mt19937 rng(value);
        std::uniform_int_distribution<int> noise(-40, 40);
        for (auto& px : p.data) px = static_cast<uint8_t>(std::clamp(px + noise(rng), 0, 255));
        REQUIRE(read_frame_barcode(p.view()) == value);
    }
    SECTION("from a picture scaled to another size, as in a screenshot") {
        Plane8 src(1280, 720, 60);
        paint_frame_barcode(src.data.data(), src.width, src.width, src.height, 8, value);
        Plane8 dst(853, 480, 0);
        for (int y = 0; y < dst.height; ++y)
            for (int x = 0; x < dst.width; ++x)
                dst.data[static_cast<size_t>(y) * dst.width + x] =
                    src.data[static_cast<size_t>(y * src.height / dst.height) * src.width +
                             x * src.width / dst.width];
        REQUIRE(read_frame_barcode(dst.view()) == value);
    }
}

TEST_CASE("a picture without a valid barcode reads as nothing", "[barcode]") {
    SECTION("uniform grey") {
        Plane8 p(320, 240, 128);
        REQUIRE_FALSE(read_frame_barcode(p.view()).has_value());
    }
    SECTION("one data cell flipped fails the check bits") {
        Plane8 p(320, 240, 60);
        paint_frame_barcode(p.data.data(), p.width, p.width, p.height, 8, 1000);
        // Cell 5 spans x in [5*320/26, 6*320/26); invert it.
        for (int y = 0; y < barcode_band_height(p.height); ++y)
            for (int x = 5 * 320 / 26; x < 6 * 320 / 26; ++x) {
                auto& px = p.data[static_cast<size_t>(y) * p.width + x];
                px = px > 128 ? 16 : 235;
            }
        REQUIRE_FALSE(read_frame_barcode(p.view()).has_value());
    }
    SECTION("too small to hold the cells") {
        Plane8 p(40, 20, 60);
        REQUIRE_FALSE(read_frame_barcode(p.view()).has_value());
    }
}
