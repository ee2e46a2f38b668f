#include "barcode.hpp"

#include <cstring>

namespace attune::testing {
namespace {

constexpr int kWhite8 = 235;  // limited-range video white and black
constexpr int kBlack8 = 16;

uint32_t check_bits(uint32_t value) {
    uint32_t sum = 0;
    for (int shift = 0; shift < kBarcodeValueBits; shift += 4) sum += (value >> shift) & 0xF;
    return (sum & 0xF) ^ 0xA;  // ^0xA: an all-black band is not a valid code
}

// Cell i spans [cell_left(i), cell_left(i+1)) as an exact fraction of the width.
int cell_left(int cell, int width) {
    return static_cast<int>(int64_t{cell} * width / kBarcodeCells);
}

bool cell_is_white(int cell, uint32_t value) {
    if (cell == 0) return true;
    if (cell == 1) return false;
    const uint32_t code = (value << kBarcodeCheckBits) | check_bits(value);
    const int bit = kBarcodeCells - 1 - cell;  // cell 2 holds the most significant bit
    return ((code >> bit) & 1u) != 0;
}

int sample_at(const LumaPlane& p, int x, int y) {
    const uint8_t* row = p.data + static_cast<ptrdiff_t>(y) * p.linesize;
    if (p.bit_depth <= 8) return row[x];
    return row[2 * x] | (row[2 * x + 1] << 8);
}

// Mean luma of the middle half of a cell, away from edges that codecs blur.
double cell_mean(const LumaPlane& p, int cell, int band) {
    const int x0 = cell_left(cell, p.width), x1 = cell_left(cell + 1, p.width);
    const int w = x1 - x0;
    const int xa = x0 + w / 4, xb = x1 - w / 4;
    const int ya = band / 4, yb = band - band / 4;
    int64_t sum = 0, n = 0;
    for (int y = ya; y < yb; ++y)
        for (int x = xa; x < xb; ++x) sum += sample_at(p, x, y), ++n;
    return n > 0 ? static_cast<double>(sum) / static_cast<double>(n) : 0.0;
}

}  // namespace

int barcode_band_height(int picture_height) {
    return picture_height / 10;
}

void paint_frame_barcode(uint8_t* luma, int linesize, int width, int height, int bit_depth,
                         uint32_t value) {
    const int shift = bit_depth - 8;
    const int band = barcode_band_height(height);
    for (int cell = 0; cell < kBarcodeCells; ++cell) {
        const int level = (cell_is_white(cell, value) ? kWhite8 : kBlack8) << shift;
        const int x0 = cell_left(cell, width), x1 = cell_left(cell + 1, width);
        for (int y = 0; y < band; ++y) {
            uint8_t* row = luma + static_cast<ptrdiff_t>(y) * linesize;
            for (int x = x0; x < x1; ++x) {
                if (bit_depth == 8) {
                    row[x] = static_cast<uint8_t>(level);
                } else {
                    row[2 * x] = static_cast<uint8_t>(level & 0xFF);
                    row[2 * x + 1] = static_cast<uint8_t>(level >> 8);
                }
            }
        }
    }
}

std::optional<uint32_t> read_frame_barcode(const LumaPlane& plane) {
    if (plane.data == nullptr || plane.width < kBarcodeCells * 2) return std::nullopt;
    const int band = barcode_band_height(plane.height);
    if (band < 4) return std::nullopt;
    const double white = cell_mean(plane, 0, band);
    const double black = cell_mean(plane, 1, band);
    const double full_scale = static_cast<double>((1 << plane.bit_depth) - 1);
    if (white - black < 0.25 * full_scale) return std::nullopt;
    const double threshold = (white + black) / 2.0;

    uint32_t code = 0;
    for (int cell = 2; cell < kBarcodeCells; ++cell)
        code = (code << 1) | (cell_mean(plane, cell, band) > threshold ? 1u : 0u);
    const uint32_t value = code >> kBarcodeCheckBits;
    if ((code & 0xF) != check_bits(value)) return std::nullopt;
    return value;
}

}  // namespace attune::testing
