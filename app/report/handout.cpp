#include "handout.hpp"

#include <cairo-pdf.h>

#include <algorithm>

#include "cairo_page.hpp"

namespace attune::report {

namespace {

constexpr double kPageW = kA4Width, kPageH = kA4Height, kMargin = kPageMargin;

// The still scaled into the box's top part, its title and caption under it.
void draw_still(cairo_t* cr, const HandoutStill& s, double x, double y, double w, double h) {
    Surface image(cairo_image_surface_create_from_png(s.png.c_str()));
    const double text_h = std::min(90.0, h * 0.35);
    if (cairo_surface_status(image.get()) == CAIRO_STATUS_SUCCESS) {
        const double iw = cairo_image_surface_get_width(image.get());
        const double ih = cairo_image_surface_get_height(image.get());
        const double scale = std::min(w / iw, (h - text_h) / ih);
        cairo_save(cr);
        cairo_translate(cr, x + (w - iw * scale) / 2, y);
        cairo_scale(cr, scale, scale);
        cairo_set_source_surface(cr, image.get(), 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
        y += ih * scale;
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    set_font(cr, 11, true);
    double base = draw_lines(cr, wrapped(cr, s.title, w), x, w, y + 16, 14);
    set_font(cr, 13, false);
    draw_lines(cr, wrapped(cr, s.caption, w), x, w, base + (s.title.empty() ? 0 : 2), 16);
}

void draw_page(cairo_t* cr, const Handout& h) {
    const double width = kPageW - 2 * kMargin;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    set_font(cr, 22, true);
    double y = draw_lines(cr, wrapped(cr, h.heading, width), kMargin, width, kMargin + 22, 26);
    set_font(cr, 12, false);
    y = draw_lines(cr, wrapped(cr, h.note, width), kMargin, width, y + 4, 15);
    const double footer_h = 30, top = y + 10, bottom = kPageH - kMargin - footer_h;
    const size_t n = h.stills.size(), cols = n > 1 ? 2 : 1, rows = (n + cols - 1) / cols;
    const double gap = 14,
                 cell_w = (width - gap * static_cast<double>(cols - 1)) / static_cast<double>(cols);
    const double cell_h =
        rows ? (bottom - top - gap * static_cast<double>(rows - 1)) / static_cast<double>(rows) : 0;
    for (size_t i = 0; i < n; ++i)
        draw_still(cr, h.stills[i], kMargin + static_cast<double>(i % cols) * (cell_w + gap),
                   top + static_cast<double>(i / cols) * (cell_h + gap), cell_w, cell_h);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    set_font(cr, 9, false);
    draw_lines(cr, wrapped(cr, h.footer, width), kMargin, width, kPageH - kMargin - footer_h + 14,
               11);
}

}  // namespace

Status write_handout_pdf(const Handout& handout, const std::string& pdf_path) {
    if (handout.stills.empty()) return Error{"a handout needs at least one still"};
    const std::string temp = pdf_path + ".partial";
    {
        Surface pdf(cairo_pdf_surface_create(temp.c_str(), kPageW, kPageH));
        if (cairo_surface_status(pdf.get()) != CAIRO_STATUS_SUCCESS)
            return Error{"cannot write " + temp + ": " +
                         cairo_status_to_string(cairo_surface_status(pdf.get()))};
        cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_TITLE,
                                       handout.heading.c_str());
        cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_CREATOR, "Attune");
        Cairo cr(cairo_create(pdf.get()));
        draw_page(cr.get(), handout);
        cairo_show_page(cr.get());
        const cairo_status_t drawing = cairo_status(cr.get());
        cr.reset();
        if (auto why = finish_pdf(pdf.get(), drawing, temp, pdf_path); !why.empty())
            return Error{why};
    }
    return ok_status();
}

}  // namespace attune::report
