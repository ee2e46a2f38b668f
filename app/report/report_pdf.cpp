// The session report as a PDF (cairo): the same sections as the HTML page, flowed onto as
// many A4 pages as they need.
#include <cairo-pdf.h>

#include <algorithm>
#include <cstdio>

#include "cairo_page.hpp"
#include "session_report.hpp"

namespace attune::report {

namespace {

constexpr double kWidth = kA4Width - 2 * kPageMargin, kBottom = kA4Height - kPageMargin;

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", v);
    return b;
}

// A cursor down the page that starts a new page when the next block does not fit.
class Flow {
  public:
    explicit Flow(cairo_t* cr) : cr_(cr) {}
    void need(double h) {
        if (y_ + h <= kBottom) return;
        cairo_show_page(cr_);
        y_ = kPageMargin;
    }
    void heading(const std::string& text) {
        need(40);
        set_font(cr_, 13, true);
        y_ = draw_lines(cr_, {text}, kPageMargin, kWidth, y_ + 22, 16, false) + 2;
    }
    void text(const std::string& t, double size = 10, bool bold = false, double indent = 0) {
        set_font(cr_, size, bold);
        for (const auto& line : wrapped(cr_, t, kWidth - indent)) {
            need(size * 1.4);
            y_ = draw_lines(cr_, {line}, kPageMargin + indent, kWidth, y_ + size * 1.3, 0, false);
        }
        y_ += size * 0.3;
    }
    void image(const std::string& png, double max_w, double max_h) {
        Surface img(cairo_image_surface_create_from_png(png.c_str()));
        if (cairo_surface_status(img.get()) != CAIRO_STATUS_SUCCESS) return;
        const double w = cairo_image_surface_get_width(img.get()),
                     h = cairo_image_surface_get_height(img.get());
        const double scale = std::min(max_w / w, max_h / h);
        need(h * scale + 6);
        cairo_save(cr_);
        cairo_translate(cr_, kPageMargin + 12, y_ + 4);
        cairo_scale(cr_, scale, scale);
        cairo_set_source_surface(cr_, img.get(), 0, 0);
        cairo_paint(cr_);
        cairo_restore(cr_);
        cairo_set_source_rgb(cr_, 0.1, 0.1, 0.1);
        y_ += h * scale + 6;
    }
    void timeline(const SessionReport& r) {
        const double label_w = 120, lane_h = 11,
                     scale = r.length_s > 0 ? (kWidth - label_w) / r.length_s : 0;
        need(lane_h * static_cast<double>(r.lanes.size() + 2));
        set_font(cr_, 7, false);
        for (const auto& e : r.episodes)
            if (e.start_s) {
                const double x = kPageMargin + label_w + *e.start_s * scale;
                cairo_move_to(cr_, x + 1, y_ + 8);
                cairo_show_text(cr_, e.id.c_str());
            }
        y_ += lane_h;
        for (const auto& lane : r.lanes) {
            cairo_set_source_rgb(cr_, 0.1, 0.1, 0.1);
            cairo_move_to(cr_, kPageMargin, y_ + 8);
            cairo_show_text(cr_, lane.name.c_str());
            lane.name == "moments" ? cairo_set_source_rgb(cr_, 0.8, 0.4, 0)
                                   : cairo_set_source_rgb(cr_, 0.2, 0.4, 0.8);
            for (const auto& b : lane.bouts)
                cairo_rectangle(cr_, kPageMargin + label_w + b.from_s * scale, y_ + 2,
                                std::max(1.0, (b.to_s - b.from_s) * scale), lane_h - 4);
            cairo_fill(cr_);
            y_ += lane_h;
        }
        cairo_set_source_rgb(cr_, 0.1, 0.1, 0.1);
        text("0 to " + num(r.length_s) + " s", 7);
    }

  private:
    cairo_t* cr_;
    double y_ = kPageMargin;
};

void episodes(Flow& f, const SessionReport& r) {
    f.heading("Episodes");
    for (const auto& e : r.episodes)
        f.text(e.id + "  " + e.label + ": " + (e.start_s ? num(*e.start_s) : "?") + " to " +
                   (e.end_s ? num(*e.end_s) : "?") + " s (nominal " + std::to_string(e.nominal_s) +
                   " s)" + (e.flags.empty() ? "" : "; " + e.flags),
               9);
}

void ratings(Flow& f, const SessionReport& r) {
    f.heading("Ratings");
    if (r.scale_rows.empty()) return f.text("The scheme has no rating scales.");
    for (size_t i = 0; i < r.scale_rows.size(); ++i) {
        std::string row = r.scale_rows[i] + ":";
        for (size_t e = 0; e < r.grid_episodes.size(); ++e)
            if (r.grid[i][e] != "-")
                row += "  " + r.grid_episodes[e] + " " +
                       (r.grid[i][e].empty() ? "(unrated)" : r.grid[i][e]);
        f.text(row, 9);
    }
}

void judgement(Flow& f, const SessionReport& r) {
    f.heading("Classification");
    f.text(r.classification, 11, true);
    f.text("Rule hints that hold (advisory, never a classification):", 9);
    if (r.evidence.empty()) f.text(r.no_evidence, 9, false, 12);
    for (const auto& e : r.evidence) f.text(e, 9, false, 12);
    f.text(research_use_caution(), 10, true);
    f.heading("Validity");
    if (r.validity.empty()) f.text("No validity problems found.", 9);
    for (const auto& v : r.validity) f.text(v, 9);
}

void plan(Flow& f, const SessionReport& r) {
    if (r.plan.empty()) return;
    f.heading("Visit plan");
    for (size_t i = 0; i < r.plan.size(); ++i) {
        const auto& p = r.plan[i];
        f.text(std::to_string(i + 1) + ". " + (p.title.empty() ? "Moment" : p.title) + " (" +
                   p.session + ", " + num(p.from_s) + "-" + num(p.to_s) + " s" +
                   (p.theme.empty() ? "" : ", " + p.theme) + ")",
               10, true);
        if (!p.still_png.empty()) f.image(p.still_png, 220, 165);
        if (!p.caption.empty()) f.text("Caption: " + p.caption, 9, false, 12);
        if (!p.script.empty()) f.text("What to say: " + p.script, 9, false, 12);
    }
    if (!r.plan_note.empty()) f.text(r.plan_note, 9);
}

}  // namespace

Status write_report_pdf(const SessionReport& r, const std::string& pdf_path) {
    const std::string temp = pdf_path + ".partial";
    Surface pdf(cairo_pdf_surface_create(temp.c_str(), kA4Width, kA4Height));
    if (cairo_surface_status(pdf.get()) != CAIRO_STATUS_SUCCESS)
        return Error{"cannot write " + temp + ": " +
                     cairo_status_to_string(cairo_surface_status(pdf.get()))};
    const std::string title = "Session report: " + r.session;
    cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_CREATOR, "Attune");
    cairo_status_t drawing = CAIRO_STATUS_SUCCESS;
    {
        Cairo cr(cairo_create(pdf.get()));
        cairo_set_source_rgb(cr.get(), 0.1, 0.1, 0.1);
        Flow f(cr.get());
        f.text(title, 16, true);
        f.text("Participant " + r.participant + (r.date.empty() ? "" : ", recorded " + r.date) +
               ". Coded by " + r.coder + " with " + r.scheme + "." +
               (r.recording.empty() ? "" : " Recording: " + r.recording + "."));
        f.heading("Timeline");
        f.timeline(r);
        episodes(f, r);
        ratings(f, r);
        judgement(f, r);
        plan(f, r);
        cairo_show_page(cr.get());
        drawing = cairo_status(cr.get());
    }
    if (auto why = finish_pdf(pdf.get(), drawing, temp, pdf_path); !why.empty()) return Error{why};
    return ok_status();
}

}  // namespace attune::report
