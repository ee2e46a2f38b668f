#include "canvas.hpp"

#include <stb_truetype.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

namespace attune::demo {
namespace {
const stbtt_fontinfo* info(const std::vector<uint8_t>& bytes) {
    return reinterpret_cast<const stbtt_fontinfo*>(bytes.data());
}
// Coverage of a pixel by an edge at signed distance d (pixels): a one-pixel ramp.
float coverage(float d) {
    return std::clamp(0.5f - d, 0.f, 1.f);
}
}  // namespace

Result<Font> Font::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{"cannot read font " + path + ": install fonts-dejavu-core (scripts/setup)"};
    Font f;
    f.ttf_.assign(std::istreambuf_iterator<char>(in), {});
    f.info_.resize(sizeof(stbtt_fontinfo));
    auto* fi = reinterpret_cast<stbtt_fontinfo*>(f.info_.data());
    if (stbtt_InitFont(fi, f.ttf_.data(), stbtt_GetFontOffsetForIndex(f.ttf_.data(), 0)) == 0)
        return Error{path + " is not a TrueType font"};
    return f;
}

const Font::Glyph& Font::glyph(int codepoint, float pixel_height) const {
    const auto key = std::make_pair(codepoint, static_cast<int>(pixel_height * 4));
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    const stbtt_fontinfo* fi = info(info_);
    const float scale = stbtt_ScaleForPixelHeight(fi, pixel_height);
    Glyph g;
    int advance = 0, lsb = 0;
    stbtt_GetCodepointHMetrics(fi, codepoint, &advance, &lsb);
    g.advance = static_cast<int>(std::lround(advance * scale));
    unsigned char* bitmap = stbtt_GetCodepointBitmap(fi, scale, scale, codepoint, &g.width,
                                                     &g.height, &g.x_offset, &g.y_offset);
    if (bitmap != nullptr) {
        g.alpha.assign(bitmap, bitmap + static_cast<ptrdiff_t>(g.width) * g.height);
        stbtt_FreeBitmap(bitmap, nullptr);
    }
    return cache_.emplace(key, std::move(g)).first->second;
}

int Font::measure(const std::string& text, float pixel_height) const {
    int w = 0;
    for (unsigned char ch : text) w += glyph(ch, pixel_height).advance;
    return w;
}

void Canvas::blend(int x, int y, Rgb c, float a) {
    if (x < 0 || y < 0 || x >= w_ || y >= h_ || a <= 0.f) return;
    uint8_t* p = &px_[(static_cast<size_t>(y) * w_ + x) * 3];
    const float k = std::min(a, 1.f);
    p[0] = static_cast<uint8_t>(p[0] + (c.r - p[0]) * k);
    p[1] = static_cast<uint8_t>(p[1] + (c.g - p[1]) * k);
    p[2] = static_cast<uint8_t>(p[2] + (c.b - p[2]) * k);
}

void Canvas::rect(float x0, float y0, float x1, float y1, Rgb c, float alpha) {
    rounded_rect(x0, y0, x1, y1, 0.f, c, alpha);
}

void Canvas::vertical_gradient(float y0, float y1, Rgb top, Rgb bottom) {
    for (int y = std::max(0, static_cast<int>(y0)); y < std::min(h_, static_cast<int>(y1)); ++y) {
        const float t = (static_cast<float>(y) - y0) / std::max(1.f, y1 - y0);
        const Rgb c{static_cast<uint8_t>(top.r + (bottom.r - top.r) * t),
                    static_cast<uint8_t>(top.g + (bottom.g - top.g) * t),
                    static_cast<uint8_t>(top.b + (bottom.b - top.b) * t)};
        for (int x = 0; x < w_; ++x) blend(x, y, c, 1.f);
    }
}

void Canvas::rounded_rect(float x0, float y0, float x1, float y1, float r, Rgb c, float alpha) {
    r = std::min({r, (x1 - x0) / 2, (y1 - y0) / 2});
    for (int y = std::max(0, static_cast<int>(y0) - 1); y < std::min(h_, static_cast<int>(y1) + 1);
         ++y) {
        for (int x = std::max(0, static_cast<int>(x0) - 1);
             x < std::min(w_, static_cast<int>(x1) + 1); ++x) {
            // Signed distance from the pixel centre to the rounded rectangle.
            const float px = static_cast<float>(x) + 0.5f, py = static_cast<float>(y) + 0.5f;
            const float cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
            const float qx = std::fabs(px - cx) - ((x1 - x0) / 2 - r);
            const float qy = std::fabs(py - cy) - ((y1 - y0) / 2 - r);
            const float outside = std::hypot(std::max(qx, 0.f), std::max(qy, 0.f));
            const float d = outside + std::min(std::max(qx, qy), 0.f) - r;
            blend(x, y, c, alpha * coverage(d));
        }
    }
}

void Canvas::circle(float cx, float cy, float radius, Rgb c, float alpha) {
    rounded_rect(cx - radius, cy - radius, cx + radius, cy + radius, radius, c, alpha);
}

int Canvas::text(const Font& font, const std::string& s, float pixel_height, int x, int y, Rgb c,
                 float alpha) {
    for (unsigned char ch : s) {
        const Font::Glyph& g = font.glyph(ch, pixel_height);
        for (int gy = 0; gy < g.height; ++gy)
            for (int gx = 0; gx < g.width; ++gx)
                blend(x + g.x_offset + gx, y + g.y_offset + gy, c,
                      alpha * static_cast<float>(g.alpha[static_cast<size_t>(gy) * g.width + gx]) /
                          255.f);
        x += g.advance;
    }
    return x;
}

}  // namespace attune::demo
