#pragma once
// A small RGB raster for painting the demo recording: filled shapes with
// anti-aliased edges and TrueType text (stb_truetype from Debian's libstb).
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "attune/result.hpp"

namespace attune::demo {

struct Rgb {
    uint8_t r, g, b;
};

class Font {
  public:
    static Result<Font> load(const std::string& ttf_path);
    // Width in pixels of `text` at `pixel_height`.
    int measure(const std::string& text, float pixel_height) const;

  private:
    friend class Canvas;
    struct Glyph {
        int width = 0, height = 0, x_offset = 0, y_offset = 0, advance = 0;
        std::vector<uint8_t> alpha;
    };
    const Glyph& glyph(int codepoint, float pixel_height) const;

    std::vector<uint8_t> ttf_;
    std::vector<uint8_t> info_;  // stbtt_fontinfo, kept opaque here
    mutable std::map<std::pair<int, int>, Glyph> cache_;
};

class Canvas {
  public:
    Canvas(int width, int height)
        : w_(width), h_(height), px_(static_cast<size_t>(width) * height * 3) {}
    int width() const { return w_; }
    int height() const { return h_; }
    const uint8_t* data() const { return px_.data(); }
    void copy_from(const Canvas& other) { px_ = other.px_; }

    void blend(int x, int y, Rgb c, float alpha);
    void rect(float x0, float y0, float x1, float y1, Rgb c, float alpha = 1.f);
    void vertical_gradient(float y0, float y1, Rgb top, Rgb bottom);
    void rounded_rect(float x0, float y0, float x1, float y1, float radius, Rgb c,
                      float alpha = 1.f);
    void circle(float cx, float cy, float radius, Rgb c, float alpha = 1.f);
    // Draws text with its baseline at y; returns the pen position after it.
    int text(const Font& font, const std::string& s, float pixel_height, int x, int y, Rgb c,
             float alpha = 1.f);

  private:
    int w_, h_;
    std::vector<uint8_t> px_;
};

}  // namespace attune::demo
