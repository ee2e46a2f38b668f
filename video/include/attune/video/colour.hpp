#pragma once
// The colour conversion the renderer's shader applies to decoded Y'CbCr samples:
// rgb = matrix * (ycbcr_normalised - offset), with samples normalised to 0..1 by
// the bit depth's full scale. A pure function of the stream's colour metadata,
// tested against the coefficients of ITU-R BT.601, BT.709 and BT.2020.
#include <array>

extern "C" {
#include <libavutil/pixfmt.h>
}

namespace attune::video {

struct ColourConversion {
    std::array<float, 9> matrix{};  // row-major: R, G, B rows; columns Y, Cb, Cr
    std::array<float, 3> offset{};  // subtracted from (Y, Cb, Cr) before the matrix
    AVColorSpace space = AVCOL_SPC_BT709;
    AVColorRange range = AVCOL_RANGE_MPEG;
};

// Unspecified space: BT.601 below 720 lines, else BT.709 (what players assume).
// Unspecified range: limited (tv).
ColourConversion colour_conversion(AVColorSpace space, AVColorRange range, int bit_depth,
                                   int height);

}  // namespace attune::video
