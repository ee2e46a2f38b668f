#include "attune/video/colour.hpp"

namespace attune::video {

ColourConversion colour_conversion(AVColorSpace space, AVColorRange range, int bit_depth,
                                   int height) {
    if (space == AVCOL_SPC_UNSPECIFIED || space == AVCOL_SPC_RESERVED)
        space = height >= 720 ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M;
    if (range == AVCOL_RANGE_UNSPECIFIED) range = AVCOL_RANGE_MPEG;
    // Luma coefficients Kr and Kb of each standard.
    double kr = 0.2126, kb = 0.0722;  // BT.709
    if (space == AVCOL_SPC_BT470BG || space == AVCOL_SPC_SMPTE170M || space == AVCOL_SPC_FCC)
        kr = 0.299, kb = 0.114;
    else if (space == AVCOL_SPC_BT2020_NCL || space == AVCOL_SPC_BT2020_CL)
        kr = 0.2627, kb = 0.0593;
    else if (space == AVCOL_SPC_SMPTE240M)
        kr = 0.212, kb = 0.087;
    const double kg = 1.0 - kr - kb;

    // Scale from coded values to nominal Y' in 0..1 and Cb/Cr in -0.5..0.5.
    const double full = static_cast<double>((1 << bit_depth) - 1);
    const double step =
        static_cast<double>(1 << (bit_depth - 8));  // limited range is defined in 8-bit steps
    double y_scale = 1.0, c_scale = 1.0, y_off = 0.0;
    const double c_off = 128.0 * step / full;
    if (range == AVCOL_RANGE_MPEG) {
        y_scale = full / (219.0 * step);
        c_scale = full / (224.0 * step);
        y_off = 16.0 * step / full;
    }  // full range: Y' and Cb/Cr span the whole code range (scale 1)
    ColourConversion c;
    c.space = space;
    c.range = range;
    c.offset = {static_cast<float>(y_off), static_cast<float>(c_off), static_cast<float>(c_off)};
    const double r_cr = 2.0 * (1.0 - kr), b_cb = 2.0 * (1.0 - kb);
    const double g_cb = -b_cb * kb / kg, g_cr = -r_cr * kr / kg;
    c.matrix = {static_cast<float>(y_scale),
                0.0f,
                static_cast<float>(r_cr * c_scale),
                static_cast<float>(y_scale),
                static_cast<float>(g_cb * c_scale),
                static_cast<float>(g_cr * c_scale),
                static_cast<float>(y_scale),
                static_cast<float>(b_cb * c_scale),
                0.0f};
    return c;
}

}  // namespace attune::video
