#include "cairo_page.hpp"

#include <filesystem>
#include <sstream>

namespace attune::report {

void set_font(cairo_t* cr, double size, bool bold) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

std::vector<std::string> wrapped(cairo_t* cr, const std::string& text, double width) {
    std::vector<std::string> lines;
    std::istringstream words(text);
    std::string line;
    for (std::string w; words >> w;) {
        const std::string longer = line.empty() ? w : line + " " + w;
        cairo_text_extents_t e;
        cairo_text_extents(cr, longer.c_str(), &e);
        if (!line.empty() && e.x_advance > width) {
            lines.push_back(line);
            line = w;
        } else {
            line = longer;
        }
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

double draw_lines(cairo_t* cr, const std::vector<std::string>& lines, double x, double width,
                  double y, double leading, bool centred) {
    for (const auto& l : lines) {
        cairo_text_extents_t e;
        cairo_text_extents(cr, l.c_str(), &e);
        cairo_move_to(cr, centred ? x + (width - e.x_advance) / 2 : x, y);
        cairo_show_text(cr, l.c_str());
        y += leading;
    }
    return y;
}

std::string finish_pdf(cairo_surface_t* pdf, const std::string& temp, const std::string& path) {
    cairo_surface_finish(pdf);
    std::error_code ec;
    if (auto st = cairo_surface_status(pdf); st != CAIRO_STATUS_SUCCESS) {
        std::filesystem::remove(temp, ec);
        return "cannot write " + path + ": " + cairo_status_to_string(st);
    }
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        return "cannot move " + path + " into place: " + ec.message();
    }
    return "";
}

}  // namespace attune::report
