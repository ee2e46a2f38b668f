#include "attune/video/colour.hpp"

namespace attune::video {

ColourConversion colour_conversion(ColourMatrix space, ColourRange range, int bit_depth,
                                   int height) {
    if (space == ColourMatrix::Unspecified)
        space = height >= 720 ? ColourMatrix::BT709 : ColourMatrix::BT601;
    if (range == ColourRange::Unspecified) range = ColourRange::Limited;
    // Luma coefficients Kr and Kb of each standard.
    double kr = 0.2126, kb = 0.0722;  // BT.709
    if (space == ColourMatrix::BT601)
        kr = 0.299, kb = 0.114;
    else if (space == ColourMatrix::BT2020)
        kr = 0.2627, kb = 0.0593;
    else if (space == ColourMatrix::SMPTE240M)
        kr = 0.212, kb = 0.087;
    const double kg = 1.0 - kr - kb;

    // Scale from coded values to nominal Y' in 0..1 and Cb/Cr in -0.5..0.5.
    const double full = static_cast<double>((1 << bit_depth) - 1);
    const double step =
        static_cast<double>(1 << (bit_depth - 8));  // limited range is defined in 8-bit steps
    double y_scale = 1.0, c_scale = 1.0, y_off = 0.0;
    const double c_off = 128.0 * step / full;
    if (range == ColourRange::Limited) {
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
