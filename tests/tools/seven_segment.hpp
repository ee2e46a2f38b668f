#pragma once
// Seven-segment digits for burnt-in frame numbers a human can read on screen.
#include <algorithm>
#include <cstdint>
#include <string>

namespace attune::testing {

// Draws `value` centred on x_center with its top at y_top, digits `height` tall,
// by calling fill_rect(x0, y0, x1, y1) once per lit segment.
template <typename FillRect>
void draw_seven_segment_number(uint32_t value, int x_center, int y_top, int height,
                               FillRect&& fill_rect) {
    // Segment bits: a b c d e f g (top, upper right, lower right, bottom, lower left, upper left,
    // middle).
    static constexpr uint8_t kDigits[10] = {0x7E, 0x30, 0x6D, 0x79, 0x33,
                                            0x5B, 0x5F, 0x70, 0x7F, 0x7B};
    const std::string text = std::to_string(value);
    const int w = height / 2, t = std::max(2, height / 10), gap = height / 5;
    const int total = static_cast<int>(text.size()) * (w + gap) - gap;
    int x = x_center - total / 2;
    const int mid = y_top + height / 2;
    for (char ch : text) {
        const uint8_t s = kDigits[ch - '0'];
        if (s & 0x40) fill_rect(x, y_top, x + w, y_top + t);                    // a
        if (s & 0x20) fill_rect(x + w - t, y_top, x + w, mid);                  // b
        if (s & 0x10) fill_rect(x + w - t, mid, x + w, y_top + height);         // c
        if (s & 0x08) fill_rect(x, y_top + height - t, x + w, y_top + height);  // d
        if (s & 0x04) fill_rect(x, mid, x + t, y_top + height);                 // e
        if (s & 0x02) fill_rect(x, y_top, x + t, mid);                          // f
        if (s & 0x01) fill_rect(x, mid - t / 2, x + w, mid + t - t / 2);        // g
        x += w + gap;
    }
}

}  // namespace attune::testing
