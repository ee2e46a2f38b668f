// The session report as one self-contained HTML page: no script, no network (stills are
// inlined as data: URIs), the timeline as inline SVG, and print styles.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include "session_report.hpp"

namespace attune::report {

namespace {

std::string esc(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string num(double v, int decimals = 2) {
    char b[32];
    std::snprintf(b, sizeof b, "%.*f", decimals, v);
    return b;
}

std::string base64(const std::string& bytes) {
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                           static_cast<unsigned char>(bytes[i + 1]) << 8 |
                           static_cast<unsigned char>(bytes[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += k[(v >> s) & 63];
    }
    if (i < bytes.size()) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += k[(v >> 18) & 63];
        out += k[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? k[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

constexpr const char* kStyle = R"(<style>
body{font-family:"DejaVu Sans",sans-serif;margin:2em;color:#222;max-width:60em}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #bbb}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}
.caution{border:2px solid #a60;padding:.6em;background:#fff6ea}
.still{max-width:20em;display:block}.plan li{margin-bottom:1em}
@media print{body{margin:0}h2{break-after:avoid}table,figure,.plan li{break-inside:avoid}}
</style>)";

std::string timeline_svg(const SessionReport& r) {
    const double width = 900, label_w = 180, lane_h = 16,
                 scale = r.length_s > 0 ? (width - label_w - 12) / r.length_s : 0;
    const double height = lane_h * static_cast<double>(r.lanes.size() + 1) + 20;
    std::ostringstream s;
    s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" font-size=\"10\" role=\"img\" aria-label=\"timeline\">";
    for (const auto& e : r.episodes) {
        if (!e.start_s) continue;
        const double x = label_w + *e.start_s * scale;
        s << "<line x1=\"" << num(x) << "\" y1=\"0\" x2=\"" << num(x) << "\" y2=\"" << height
          << "\" stroke=\"#999\"/><text x=\"" << num(x + 2) << "\" y=\"10\">" << esc(e.id)
          << "</text>";
    }
    for (size_t i = 0; i < r.lanes.size(); ++i) {
        const double y = lane_h * static_cast<double>(i + 1) + 4;
        s << "<text x=\"0\" y=\"" << num(y + 11) << "\">" << esc(r.lanes[i].name) << "</text>";
        for (const auto& b : r.lanes[i].bouts)
            s << "<rect x=\"" << num(label_w + b.from_s * scale) << "\" y=\"" << num(y + 2)
              << "\" width=\"" << num(std::max(1.5, (b.to_s - b.from_s) * scale)) << "\" height=\""
              << lane_h - 4 << "\" fill=\"" << (r.lanes[i].name == "moments" ? "#c60" : "#36c")
              << "\"" << (b.open ? " fill-opacity=\"0.4\"" : "") << "/>";
    }
    s << "<text x=\"" << label_w << "\" y=\"" << num(height - 4) << "\">0 s</text><text x=\""
      << num(width - 40) << "\" y=\"" << num(height - 4) << "\">" << num(r.length_s, 1)
      << " s</text></svg>";
    return s.str();
}

std::string episode_table(const SessionReport& r) {
    std::ostringstream s;
    s << "<table><tr><th>Episode</th><th>Label</th><th>Start (s)</th><th>End (s)</th>"
         "<th>Length (s)</th><th>Nominal (s)</th><th>Flags</th></tr>";
    for (const auto& e : r.episodes) {
        const bool both = e.start_s && e.end_s;
        s << "<tr><td>" << esc(e.id) << "</td><td>" << esc(e.label) << "</td><td>"
          << (e.start_s ? num(*e.start_s) : "") << "</td><td>" << (e.end_s ? num(*e.end_s) : "")
          << "</td><td>" << (both ? num(*e.end_s - *e.start_s) : "") << "</td><td>" << e.nominal_s
          << "</td><td>" << esc(e.flags) << "</td></tr>";
    }
    return s.str() + "</table>";
}

std::string ratings_table(const SessionReport& r) {
    if (r.scale_rows.empty()) return "<p>The scheme has no rating scales.</p>";
    std::ostringstream s;
    s << "<table><tr><th>Scale</th>";
    for (const auto& e : r.grid_episodes) s << "<th>" << esc(e) << "</th>";
    s << "</tr>";
    for (size_t i = 0; i < r.scale_rows.size(); ++i) {
        s << "<tr><td>" << esc(r.scale_rows[i]) << "</td>";
        for (const auto& v : r.grid[i]) s << "<td>" << esc(v) << "</td>";
        s << "</tr>";
    }
    return s.str() + "</table><p>Empty: not rated; -: not rated in that episode by the scheme.</p>";
}

std::string list(const std::vector<std::string>& items, const char* none) {
    if (items.empty()) return std::string("<p>") + none + "</p>";
    std::string s = "<ul>";
    for (const auto& i : items) s += "<li>" + esc(i) + "</li>";
    return s + "</ul>";
}

std::string plan_section(const SessionReport& r) {
    if (r.plan.empty()) return "";
    std::ostringstream s;
    s << "<h2>Visit plan</h2><ol class=\"plan\">";
    for (const auto& p : r.plan) {
        s << "<li><b>" << esc(p.title.empty() ? "Moment" : p.title) << "</b> (" << esc(p.session)
          << ", " << num(p.from_s) << "-" << num(p.to_s) << " s"
          << (p.theme.empty() ? "" : ", " + esc(p.theme)) << ")";
        if (!p.still_png.empty())
            s << "<img class=\"still\" alt=\"still\" src=\"data:image/png;base64,"
              << base64(file_bytes(p.still_png)) << "\">";
        if (!p.caption.empty()) s << "<div>Caption: " << esc(p.caption) << "</div>";
        if (!p.script.empty()) s << "<div>What to say: " << esc(p.script) << "</div>";
        s << "</li>";
    }
    s << "</ol>";
    if (!r.plan_note.empty()) s << "<p>" << esc(r.plan_note) << "</p>";
    return s.str();
}

}  // namespace

std::string report_html(const SessionReport& r) {
    std::ostringstream s;
    s << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Session report: "
      << esc(r.session) << "</title>" << kStyle << "</head><body>";
    s << "<h1>Session report: " << esc(r.session) << "</h1><p>Participant " << esc(r.participant)
      << (r.date.empty() ? "" : ", recorded " + esc(r.date)) << ". Coded by " << esc(r.coder)
      << " with " << esc(r.scheme) << ".";
    if (!r.recording.empty()) s << " Recording: " << esc(r.recording) << ".";
    s << "</p><h2>Timeline</h2>" << timeline_svg(r) << "<h2>Episodes</h2>" << episode_table(r)
      << "<h2>Ratings</h2>" << ratings_table(r) << "<h2>Classification</h2><p>"
      << esc(r.classification) << "</p><p>Rule hints that hold (advisory, never a "
      << "classification):</p>" << list(r.evidence, r.no_evidence.c_str())
      << "<p class=\"caution\">" << esc(research_use_caution()) << "</p><h2>Validity</h2>"
      << list(r.validity, "No validity problems found.") << plan_section(r) << "</body></html>\n";
    return s.str();
}

}  // namespace attune::report
