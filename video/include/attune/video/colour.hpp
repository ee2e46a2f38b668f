#pragma once
// The colour conversion the renderer's shader applies to decoded Y'CbCr samples:
// rgb = matrix * (ycbcr_normalised - offset), with samples normalised to 0..1 by
// the bit depth's full scale. A pure function of a picture's colour description
// (Attune's own, so callers never see FFmpeg's enums), tested against the
// coefficients of ITU-R BT.601, BT.709 and BT.2020.
#include <array>

namespace attune::video {

// The Y'CbCr matrix a stream declares. Spaces FFmpeg knows but Attune has no matrix
// for (RGB, YCgCo, ICtCp, ...) are described as BT.709, the matrix they are shown with.
enum class ColourMatrix { Unspecified, BT601, BT709, BT2020, SMPTE240M };
// Limited ("tv", 16-235 in 8 bits) or full ("pc", 0-255) code range.
enum class ColourRange { Unspecified, Limited, Full };

// How a picture's samples are to be read: matrix, range and bits per sample.
struct ColourDescription {
    ColourMatrix matrix = ColourMatrix::Unspecified;
    ColourRange range = ColourRange::Unspecified;
    int bit_depth = 8;
    bool operator==(const ColourDescription&) const = default;
};

struct ColourConversion {
    std::array<float, 9> matrix{};  // row-major: R, G, B rows; columns Y, Cb, Cr
    std::array<float, 3> offset{};  // subtracted from (Y, Cb, Cr) before the matrix
    ColourMatrix space = ColourMatrix::BT709;
    ColourRange range = ColourRange::Limited;
};

// Unspecified matrix: BT.601 below 720 lines, else BT.709 (what players assume).
// Unspecified range: limited (tv).
ColourConversion colour_conversion(ColourMatrix matrix, ColourRange range, int bit_depth,
                                   int height);

}  // namespace attune::video
