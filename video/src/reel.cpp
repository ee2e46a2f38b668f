#include "attune/video/reel.hpp"

#include <algorithm>
#include <cstring>
#include <map>

#include "attune/video/frame_source.hpp"
#include "h264_writer.hpp"
#include "text_overlay.hpp"

namespace attune::video {

namespace {

constexpr AVRational kReelTimeBase{1, 90000};

int64_t to_reel_pts(int64_t us) {
    return av_rescale_q(us, {1, 1000000}, kReelTimeBase);
}

// How long frame `i` of the recording is on screen (the last lasts as long as the one before).
int64_t frame_duration_us(const FrameIndex& index, int64_t i) {
    const int64_t n = index.frame_count();
    if (n < 2) return 40000;
    if (i + 1 < n) return index.t_us(i + 1) - index.t_us(i);
    return index.t_us(n - 1) - index.t_us(n - 2);
}

// The recording's usual frame length: what a title card's frames last.
int64_t nominal_duration_us(const FrameIndex& index) {
    const int64_t n = index.frame_count();
    return n < 2 ? 40000 : std::max<int64_t>(1, (index.t_us(n - 1) - index.t_us(0)) / (n - 1));
}

// Characters that fit across the picture at this font size (DejaVu Sans averages about
// 0.55 of its size per character), less a margin.
size_t chars_across(int width, double size_share, int height) {
    const double font = std::max(8.0, size_share * height);
    return std::max<size_t>(12, static_cast<size_t>(0.9 * width / (0.55 * font)));
}

FramePtr card_picture(int width, int height) {
    FramePtr f = make_frame();
    f->format = AV_PIX_FMT_YUV420P, f->width = width, f->height = height;
    av_frame_get_buffer(f.get(), 0);
    for (int y = 0; y < height; ++y) std::memset(f->data[0] + y * f->linesize[0], 40, width);
    for (int p = 1; p < 3; ++p)
        for (int y = 0; y < (height + 1) / 2; ++y)
            std::memset(f->data[p] + y * f->linesize[p], 128, (width + 1) / 2);
    return f;
}

// A decoder for each recording the moments come from, opened when first needed.
class Sources {
  public:
    Result<FrameSource*> of(const ReelMoment& m) {
        if (auto it = open_.find(m.recording); it != open_.end()) return it->second.get();
        auto s = FrameSource::open(m.recording, m.index);
        if (!s) return s.error();
        return (open_[m.recording] = std::move(*s)).get();
    }

  private:
    std::map<std::string, std::unique_ptr<FrameSource>> open_;
};

class ReelWriter {
  public:
    ReelWriter(Sources& sources, const ReelOptions& options, H264Writer& out, int w, int h)
        : sources_(sources), options_(options), out_(out), width_(w), height_(h) {}

    Status card(const ReelMoment& m, size_t number, size_t count) {
        std::string heading = "Moment " + std::to_string(number) + " of " + std::to_string(count);
        if (!m.theme.empty()) heading += "  -  " + m.theme;
        const double title_size = 1.0 / 11;
        auto overlay = TextOverlay::open(
            width_, height_, AV_PIX_FMT_YUV420P, kReelTimeBase,
            {{TextBlock::Place::AboveCentre,
              wrap_words(heading, chars_across(width_, 1.0 / 18, height_)), 1.0 / 18, false},
             {TextBlock::Place::Centre,
              wrap_words(m.title, chars_across(width_, title_size, height_)), title_size, false}},
            width_, height_);
        if (!overlay) return overlay.error();
        const FramePtr picture = card_picture(width_, height_);
        const int64_t frame_us = nominal_duration_us(*m.index);
        const auto frames = std::max<int64_t>(
            1, static_cast<int64_t>(options_.card_seconds * 1e6 / static_cast<double>(frame_us)));
        for (int64_t i = 0; i < frames; ++i)
            if (auto ok = put(**overlay, picture.get(), frame_us); !ok) return ok;
        pieces_.push_back({ReelPiece::Kind::Card, moment_, frames, frames * frame_us});
        return ok_status();
    }

    // The moment's frames, each shown `repeat` times (2: half speed).
    Status moment(const ReelMoment& m, int repeat, const std::atomic<bool>* cancel,
                  const std::function<void()>& step) {
        std::string caption = options_.plain ? "" : m.caption;
        if (!options_.plain && repeat > 1)
            caption += caption.empty() ? "(half speed)" : "\n(half speed)";
        auto source = sources_.of(m);
        if (!source) return source.error();
        auto first = (*source)->frame(m.in);
        if (!first) return first.error();
        const AVFrame* f = first->frame.get();
        auto overlay = TextOverlay::open(
            f->width, f->height, static_cast<AVPixelFormat>(f->format), kReelTimeBase,
            {{TextBlock::Place::Bottom,
              wrap_words(caption, chars_across(f->width, 1.0 / 14, f->height)), 1.0 / 14, true}},
            width_, height_);
        if (!overlay) return overlay.error();
        ReelPiece piece{repeat > 1 ? ReelPiece::Kind::Slow : ReelPiece::Kind::Moment, moment_, 0,
                        0};
        for (int64_t i = m.in; i <= m.out; ++i) {
            if (cancel && cancel->load()) return Error{"the reel was cancelled"};
            auto d = (*source)->frame(i);
            if (!d) return d.error();
            const int64_t us = frame_duration_us(*m.index, i);
            for (int r = 0; r < repeat; ++r)
                if (auto ok = put(**overlay, d->frame.get(), us); !ok) return ok;
            piece.frames += repeat, piece.duration_us += us * repeat;
            if (step) step();
        }
        pieces_.push_back(piece);
        return ok_status();
    }

    void next_moment() { ++moment_; }
    std::vector<ReelPiece> pieces() const { return pieces_; }
    int64_t elapsed_us() const { return elapsed_us_; }

  private:
    Status put(TextOverlay& overlay, const AVFrame* picture, int64_t duration_us) {
        auto drawn = overlay.apply(picture);
        if (!drawn) return drawn.error();
        const int64_t pts = to_reel_pts(elapsed_us_);
        elapsed_us_ += duration_us;
        (*drawn)->pts = pts;
        return out_.write(drawn->get(), to_reel_pts(elapsed_us_) - pts);
    }

    Sources& sources_;
    const ReelOptions& options_;
    H264Writer& out_;
    int width_, height_;
    size_t moment_ = 0;
    int64_t elapsed_us_ = 0;
    std::vector<ReelPiece> pieces_;
};

Status check_moments(const std::vector<ReelMoment>& moments) {
    if (moments.empty()) return Error{"a reel needs at least one moment"};
    for (const auto& m : moments)
        if (!m.index || m.in < 0 || m.out < m.in || m.out >= m.index->frame_count())
            return Error{"moment " + std::to_string(m.in) + "-" + std::to_string(m.out) +
                         " is not within the frames of " + m.recording};
    return ok_status();
}

}  // namespace

Result<ReelSummary> write_reel(const std::vector<ReelMoment>& moments, const ReelOptions& options,
                               const std::string& out_path, const Progress& progress,
                               const std::atomic<bool>* cancel) {
    if (auto ok = check_moments(moments); !ok) return ok.error();
    Sources sources;
    auto source = sources.of(moments.front());
    if (!source) return source.error();
    auto first = (*source)->frame(moments.front().in);
    if (!first) return first.error();
    const AVFrame* f0 = first->frame.get();
    H264Settings settings;
    settings.width = f0->width & ~1, settings.height = f0->height & ~1;  // 4:2:0 needs even
    settings.color_range = f0->color_range, settings.colorspace = f0->colorspace;
    settings.time_base = kReelTimeBase;
    settings.what = "the reel";
    auto out = H264Writer::open(out_path, settings);
    if (!out) return out.error();
    ReelWriter reel(sources, options, **out, settings.width, settings.height);
    int64_t total = 0, done = 0;
    for (const auto& m : moments) total += (m.out - m.in + 1) * (options.slow_repeat ? 2 : 1);
    auto step = [&] {
        if (progress && ++done % 16 == 0) progress(static_cast<double>(done) / total);
    };
    for (size_t i = 0; i < moments.size(); ++i, reel.next_moment()) {
        if (!options.plain)
            if (auto ok = reel.card(moments[i], i + 1, moments.size()); !ok) return ok.error();
        if (auto ok = reel.moment(moments[i], 1, cancel, step); !ok) return ok.error();
        if (options.slow_repeat)
            if (auto ok = reel.moment(moments[i], 2, cancel, step); !ok) return ok.error();
    }
    if (auto ok = (*out)->finish(); !ok) return ok.error();
    if (progress) progress(1.0);
    ReelSummary summary;
    summary.pieces = reel.pieces();
    for (const auto& p : summary.pieces) summary.frames += p.frames;
    summary.duration_us = reel.elapsed_us();
    summary.width = settings.width, summary.height = settings.height;
    return summary;
}

}  // namespace attune::video
