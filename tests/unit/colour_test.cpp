#include "attune/video/colour.hpp"

#include <catch2/catch.hpp>

using namespace attune::video;

namespace {
// Applies the conversion to 8-bit code values, giving R, G, B in 0..1.
std::array<double, 3> to_rgb(const ColourConversion& c, int y, int cb, int cr, int bits = 8) {
    const double full = (1 << bits) - 1;
    const double v[3] = {y / full - c.offset[0], cb / full - c.offset[1], cr / full - c.offset[2]};
    std::array<double, 3> out{};
    for (int r = 0; r < 3; ++r)
        out[r] = c.matrix[r * 3] * v[0] + c.matrix[r * 3 + 1] * v[1] + c.matrix[r * 3 + 2] * v[2];
    return out;
}
}  // namespace

TEST_CASE("BT.601 limited range: the published coefficients", "[colour]") {
    const auto c = colour_conversion(ColourMatrix::BT601, ColourRange::Limited, 8, 480);
    // R = 1.164 (Y - 16) + 1.596 (Cr - 128), G = 1.164 (Y-16) - 0.392 (Cb-128) - 0.813 (Cr-128), B
    // = 1.164 (Y-16) + 2.017 (Cb-128)
    CHECK(c.matrix[0] * 255 / 255 == Approx(255.0 / 219).epsilon(1e-6));
    CHECK(c.matrix[2] == Approx(1.402 * 255 / 224).epsilon(1e-4));
    CHECK(c.matrix[4] == Approx(-0.344136 * 255 / 224).epsilon(1e-4));
    CHECK(c.matrix[5] == Approx(-0.714136 * 255 / 224).epsilon(1e-4));
    CHECK(c.matrix[7] == Approx(1.772 * 255 / 224).epsilon(1e-4));
    auto white = to_rgb(c, 235, 128, 128), black = to_rgb(c, 16, 128, 128);
    for (int i = 0; i < 3; ++i) CHECK(white[i] == Approx(1.0).margin(1e-6));
    for (int i = 0; i < 3; ++i) CHECK(black[i] == Approx(0.0).margin(1e-6));
}

TEST_CASE("BT.709 and BT.2020 coefficients, pure red round-trips", "[colour]") {
    const auto c709 = colour_conversion(ColourMatrix::BT709, ColourRange::Limited, 8, 1080);
    CHECK(c709.matrix[2] == Approx(1.5748 * 255 / 224).epsilon(1e-4));
    CHECK(c709.matrix[7] == Approx(1.8556 * 255 / 224).epsilon(1e-4));
    // BT.709 red (R'=1, G'=B'=0) in limited 8-bit: Y 63, Cb 102, Cr 240 (ITU-R BT.709 table
    // values).
    auto red = to_rgb(c709, 63, 102, 240);
    CHECK(red[0] == Approx(1.0).margin(0.01));
    CHECK(red[1] == Approx(0.0).margin(0.01));
    CHECK(red[2] == Approx(0.0).margin(0.01));
    const auto c2020 = colour_conversion(ColourMatrix::BT2020, ColourRange::Limited, 10, 2160);
    CHECK(c2020.matrix[2] == Approx(2 * (1 - 0.2627) * 1023 / (224.0 * 4)).epsilon(1e-4));
    auto white10 = to_rgb(c2020, 940, 512, 512, 10);
    for (int i = 0; i < 3; ++i) CHECK(white10[i] == Approx(1.0).margin(1e-6));
}

TEST_CASE("full range and unspecified metadata", "[colour]") {
    const auto full = colour_conversion(ColourMatrix::BT709, ColourRange::Full, 8, 1080);
    CHECK(full.matrix[0] == 1.0f);
    CHECK(full.offset[0] == 0.0f);
    auto w = to_rgb(full, 255, 128, 128);
    CHECK(w[0] == Approx(1.0).margin(1e-6));
    CHECK(colour_conversion(ColourMatrix::Unspecified, ColourRange::Unspecified, 8, 480).space ==
          ColourMatrix::BT601);
    CHECK(colour_conversion(ColourMatrix::Unspecified, ColourRange::Unspecified, 8, 1080).space ==
          ColourMatrix::BT709);
    CHECK(colour_conversion(ColourMatrix::Unspecified, ColourRange::Unspecified, 8, 1080).range ==
          ColourRange::Limited);
}
