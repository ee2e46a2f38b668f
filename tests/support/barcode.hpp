#pragma once
// The frame-number barcode that every generated test clip carries, and its reader.
//
// A band across the top tenth of the picture holds 26 equal cells of luma:
//   [white] [black] [20 bits of the frame number, MSB first] [4-bit check]
// The two calibration cells give the threshold, so the code reads back after
// lossy compression, at 8 or 10 bits, and from a scaled screenshot: every cell
// position is a fixed fraction of the band's width and height.
#include <cstdint>
#include <optional>

namespace attune::testing {

inline constexpr int kBarcodeValueBits = 20;  // frame numbers 0 .. 1,048,575
inline constexpr int kBarcodeCheckBits = 4;
inline constexpr int kBarcodeCells = 2 + kBarcodeValueBits + kBarcodeCheckBits;
inline constexpr uint32_t kBarcodeMaxValue = (1u << kBarcodeValueBits) - 1;

// Smallest picture the barcode can be painted into with cells at least 8 px wide.
inline constexpr int kBarcodeMinWidth = kBarcodeCells * 8;
inline constexpr int kBarcodeMinHeight = 64;

// A view of one luma plane: bytes for 8-bit samples, little-endian 16-bit
// words for 9..16-bit samples (e.g. yuv420p10le).
struct LumaPlane {
    const uint8_t* data = nullptr;
    int linesize = 0;  // bytes from one row to the next
    int width = 0;
    int height = 0;
    int bit_depth = 8;
};

// Height of the barcode band for a picture of this height (the top tenth).
int barcode_band_height(int picture_height);

// Paints `value` into the top band of an 8-bit (bit_depth 8) or 16-bit-word
// (bit_depth 9..16) luma plane. value must be <= kBarcodeMaxValue.
void paint_frame_barcode(uint8_t* luma, int linesize, int width, int height, int bit_depth,
                         uint32_t value);

// Reads the frame number back, or nothing when the band holds no valid code
// (calibration cells too close, or the check bits disagree).
std::optional<uint32_t> read_frame_barcode(const LumaPlane& plane);

}  // namespace attune::testing
