#pragma once
// What the cairo documents (the handout, the session report) share: owners for cairo's
// handles, A4 in points, the font, text broken into lines that fit a width, centred lines.
#include <cairo.h>

#include <memory>
#include <string>
#include <vector>

namespace attune::report {

inline constexpr double kA4Width = 595.28, kA4Height = 841.89, kPageMargin = 42.5;  // 15 mm

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using Cairo = std::unique_ptr<cairo_t, CairoDeleter>;

void set_font(cairo_t* cr, double size, bool bold);
// Lines of `text` that fit `width` at the current font, broken at spaces (a word wider than
// the line is cut between characters).
std::vector<std::string> wrapped(cairo_t* cr, const std::string& text, double width);
// Draws the lines from baseline `y`, centred in [x, x + width] (or left-aligned); returns the
// baseline after the last.
double draw_lines(cairo_t* cr, const std::vector<std::string>& lines, double x, double width,
                  double y, double leading, bool centred = true);
// Finishes a PDF surface written at `temp` and moves it to `path`; the temporary file is
// removed on any failure, including one of the drawing (`drawing`: cairo_status of the
// context, which stops drawing at the first error, such as text that is not UTF-8).
std::string finish_pdf(cairo_surface_t* pdf, cairo_status_t drawing, const std::string& temp,
                       const std::string& path);

}  // namespace attune::report
