#include "cairo_page.hpp"

#include <filesystem>
#include <sstream>

namespace attune::report {

void set_font(cairo_t* cr, double size, bool bold) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

namespace {

double advance(cairo_t* cr, const std::string& text) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, text.c_str(), &e);
    return e.x_advance;
}

// A word wider than the line, cut into pieces that fit (at character boundaries).
std::vector<std::string> split_word(cairo_t* cr, const std::string& word, double width) {
    std::vector<std::string> pieces;
    std::string piece;
    for (size_t i = 0; i < word.size();) {
        size_t n = 1;
        while (i + n < word.size() && (static_cast<unsigned char>(word[i + n]) & 0xC0) == 0x80) ++n;
        const std::string ch = word.substr(i, n);
        if (!piece.empty() && advance(cr, piece + ch) > width)
            pieces.push_back(piece), piece.clear();
        piece += ch;
        i += n;
    }
    if (!piece.empty()) pieces.push_back(piece);
    return pieces;
}

}  // namespace

std::vector<std::string> wrapped(cairo_t* cr, const std::string& text, double width) {
    std::vector<std::string> lines;
    std::istringstream words(text);
    std::string line;
    for (std::string w; words >> w;) {
        for (const std::string& piece :
             advance(cr, w) > width ? split_word(cr, w, width) : std::vector<std::string>{w}) {
            const std::string longer = line.empty() ? piece : line + " " + piece;
            if (!line.empty() && advance(cr, longer) > width) {
                lines.push_back(line);
                line = piece;
            } else {
                line = longer;
            }
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

std::string finish_pdf(cairo_surface_t* pdf, cairo_status_t drawing, const std::string& temp,
                       const std::string& path) {
    cairo_surface_finish(pdf);
    std::error_code ec;
    if (drawing != CAIRO_STATUS_SUCCESS) {
        std::filesystem::remove(temp, ec);
        return "cannot draw " + path + ": " + cairo_status_to_string(drawing);
    }
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
