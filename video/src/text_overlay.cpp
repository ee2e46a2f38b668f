#include "text_overlay.hpp"

#include <sstream>

#include "attune/video/av_error.hpp"

extern "C" {
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
}

namespace attune::video {

namespace {

struct Placement {
    const char* x = "(w-text_w)/2";
    const char* y = "h-text_h-h/16";
};

Placement placement_of(TextBlock::Place p) {
    switch (p) {
        case TextBlock::Place::Centre:
            return {"(w-text_w)/2", "(h-text_h)/2"};
        case TextBlock::Place::AboveCentre:
            return {"(w-text_w)/2", "h/2-text_h-h/12"};
        case TextBlock::Place::BelowCentre:
            return {"(w-text_w)/2", "h/2+h/12"};
        case TextBlock::Place::Bottom:
            break;
    }
    return {};
}

// Allocates `name` in the graph and sets its options; the caller initialises it.
Result<AVFilterContext*> add_filter(AVFilterGraph* graph, const char* name,
                                    const std::vector<std::pair<const char*, std::string>>& opts) {
    const AVFilter* f = avfilter_get_by_name(name);
    if (!f) return Error{std::string("this FFmpeg has no ") + name + " filter"};
    AVFilterContext* ctx = avfilter_graph_alloc_filter(graph, f, nullptr);
    if (!ctx) return Error{"out of memory"};
    for (const auto& [key, value] : opts)
        if (int rc = av_opt_set(ctx, key, value.c_str(), AV_OPT_SEARCH_CHILDREN); rc < 0)
            return Error{std::string(name) + " " + key + ": " + av_error_text(rc)};
    if (int rc = avfilter_init_str(ctx, nullptr); rc < 0)
        return Error{std::string("cannot set up ") + name + ": " + av_error_text(rc)};
    return ctx;
}

Result<AVFilterContext*> add_drawtext(AVFilterGraph* graph, const TextBlock& b, int height) {
    const Placement at = placement_of(b.place);
    const int size = std::max(8, static_cast<int>(b.size * height));
    return add_filter(graph, "drawtext",
                      {{"fontfile", reel_font_file()},
                       {"text", b.text},
                       {"expansion", "none"},
                       {"fontsize", std::to_string(size)},
                       {"fontcolor", "white"},
                       {"line_spacing", std::to_string(size / 4)},
                       {"box", b.box ? "1" : "0"},
                       {"boxcolor", "black@0.6"},
                       {"boxborderw", std::to_string(size / 3)},
                       {"fix_bounds", "1"},
                       {"x", at.x},
                       {"y", at.y}});
}

}  // namespace

const char* reel_font_file() {
    return "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
}

namespace {

size_t chars(const std::string& s) {  // characters, not bytes (valid UTF-8)
    size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::string wrap_line(const std::string& text, size_t width) {
    std::istringstream words(text);
    std::string out, line;
    for (std::string w; words >> w;) {
        if (!line.empty() && chars(line) + 1 + chars(w) > width) {
            out += (out.empty() ? "" : "\n") + line;
            line.clear();
        }
        line += (line.empty() ? "" : " ") + w;
    }
    if (!line.empty()) out += (out.empty() ? "" : "\n") + line;
    return out;
}

}  // namespace

std::string wrap_words(const std::string& text, size_t width) {
    std::istringstream lines(text);
    std::string out;
    bool first = true;
    for (std::string line; std::getline(lines, line); first = false)
        out += (first ? "" : "\n") + wrap_line(line, width);
    return out;
}

Result<std::unique_ptr<TextOverlay>> TextOverlay::open(int width, int height, AVPixelFormat format,
                                                       AVRational time_base,
                                                       const std::vector<TextBlock>& blocks,
                                                       int out_width, int out_height) {
    std::unique_ptr<TextOverlay> t(new TextOverlay());
    t->graph_ = avfilter_graph_alloc();
    if (!t->graph_) return Error{"out of memory"};
    auto source = add_filter(
        t->graph_, "buffer",
        {{"video_size", std::to_string(width) + "x" + std::to_string(height)},
         {"pix_fmt", av_get_pix_fmt_name(format)},
         {"time_base", std::to_string(time_base.num) + "/" + std::to_string(time_base.den)},
         {"pixel_aspect", "1/1"}});
    if (!source) return source.error();
    t->source_ = *source;
    AVFilterContext* last = t->source_;
    for (const TextBlock& b : blocks) {
        if (b.text.empty()) continue;
        auto text = add_drawtext(t->graph_, b, height);
        if (!text) return text.error();
        if (int rc = avfilter_link(last, 0, *text, 0); rc < 0)
            return Error{"cannot link the text filter: " + av_error_text(rc)};
        last = *text;
    }
    auto even = add_filter(t->graph_, "scale",
                           {{"w", std::to_string(out_width)}, {"h", std::to_string(out_height)}});
    if (!even) return even.error();
    auto convert = add_filter(t->graph_, "format", {{"pix_fmts", "yuv420p"}});
    if (!convert) return convert.error();
    auto sink = add_filter(t->graph_, "buffersink", {});
    if (!sink) return sink.error();
    t->sink_ = *sink;
    if (avfilter_link(last, 0, *even, 0) < 0 || avfilter_link(*even, 0, *convert, 0) < 0 ||
        avfilter_link(*convert, 0, t->sink_, 0) < 0)
        return Error{"cannot link the text filters"};
    if (int rc = avfilter_graph_config(t->graph_, nullptr); rc < 0)
        return Error{"cannot set up the text filters: " + av_error_text(rc)};
    return t;
}

TextOverlay::~TextOverlay() {
    avfilter_graph_free(&graph_);
}

Result<FramePtr> TextOverlay::apply(const AVFrame* frame) {
    FramePtr in = make_frame();
    if (!in || av_frame_ref(in.get(), frame) < 0) return Error{"out of memory drawing the text"};
    if (int rc = av_buffersrc_add_frame(source_, in.get()); rc < 0)
        return Error{"cannot draw the text: " + av_error_text(rc)};
    FramePtr out = make_frame();
    if (int rc = av_buffersink_get_frame(sink_, out.get()); rc < 0)
        return Error{"cannot draw the text: " + av_error_text(rc)};
    return out;
}

}  // namespace attune::video
