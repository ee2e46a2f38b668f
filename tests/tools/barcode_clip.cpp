#include "barcode_clip.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "barcode.hpp"
#include "seven_segment.hpp"

namespace attune::testing {
namespace {

// Frame durations for --vfr, in half frame periods; they average 2 (one period).
constexpr int kVfrPattern[] = {2, 1, 3, 2, 2, 1, 3, 2, 4, 1, 1, 2};

int64_t whole_second(int64_t pts, AVRational tb) {
    return pts * tb.num / tb.den;
}

// One 8-bit-domain picture painter for both 8-bit and 10-bit 4:2:0 frames.
class Painter {
  public:
    explicit Painter(AVFrame* f) : f_(f), shift_(f->format == AV_PIX_FMT_YUV420P10LE ? 2 : 0) {}
    void fill(int plane, int x0, int y0, int x1, int y1, int level8) const {
        const int value = level8 << shift_;
        for (int y = std::max(0, y0); y < std::min(plane_height(plane), y1); ++y) {
            uint8_t* row = f_->data[plane] + static_cast<ptrdiff_t>(y) * f_->linesize[plane];
            for (int x = std::max(0, x0); x < std::min(plane_width(plane), x1); ++x) {
                if (shift_ == 0) {
                    row[x] = static_cast<uint8_t>(value);
                } else {
                    row[2 * x] = static_cast<uint8_t>(value & 0xFF);
                    row[2 * x + 1] = static_cast<uint8_t>(value >> 8);
                }
            }
        }
    }
    // A rectangle in luma coordinates with the given Y, U, V.
    void rect(int x0, int y0, int x1, int y1, int y, int u, int v) const {
        fill(0, x0, y0, x1, y1, y);
        fill(1, x0 / 2, y0 / 2, (x1 + 1) / 2, (y1 + 1) / 2, u);
        fill(2, x0 / 2, y0 / 2, (x1 + 1) / 2, (y1 + 1) / 2, v);
    }
    int bit_depth() const { return 8 + shift_; }

  private:
    int plane_width(int plane) const { return plane == 0 ? f_->width : (f_->width + 1) / 2; }
    int plane_height(int plane) const { return plane == 0 ? f_->height : (f_->height + 1) / 2; }
    AVFrame* f_;
    int shift_;
};

void paint_frame(AVFrame* f, uint32_t index, bool flash, size_t frame_count) {
    const Painter p(f);
    const int w = f->width, h = f->height;
    p.rect(0, 0, w, h, flash ? 235 : 56, 128, 128);
    // A coloured square crossing the picture once per clip gives the encoder motion to predict.
    const int side = h / 5;
    const int travel = w - side;
    const int x =
        frame_count > 1 ? static_cast<int>(int64_t{travel} * index / (frame_count - 1)) : 0;
    p.rect(x, h - side - h / 20, x + side, h - h / 20, 150, 80, 180);
    // The frame number for humans, in seven-segment digits under the barcode.
    const int digit_h = h * 3 / 10;
    draw_seven_segment_number(index, w / 2, barcode_band_height(h) + h / 20, digit_h,
                              [&](int x0, int y0, int x1, int y1) {
                                  p.rect(x0, y0, x1, y1, flash ? 40 : 210, 128, 128);
                              });
    paint_frame_barcode(f->data[0], f->linesize[0], w, h, p.bit_depth(), index);
}

// A 440 Hz tone with a 4 ms, 3 kHz click starting exactly at every whole second.
float audio_sample(int64_t n) {
    const double t = static_cast<double>(n) / kClipSampleRate;
    double s = 0.2 * std::sin(2 * std::numbers::pi * 440.0 * t);
    if (n % kClipSampleRate < kClickSamples)
        s += std::sin(2 * std::numbers::pi * 3000.0 * t) > 0 ? 0.7 : -0.7;
    return static_cast<float>(s);
}

}  // namespace

std::vector<int64_t> clip_frame_pts(const VideoSettings& video, double seconds) {
    std::vector<int64_t> pts;
    const double fps = av_q2d(video.fps);
    if (!video.vfr) {
        const auto n = static_cast<int64_t>(std::llround(seconds * fps));
        for (int64_t i = 0; i < n; ++i) pts.push_back(i);
        return pts;
    }
    const double ticks_per_second = 2.0 * fps;
    int64_t t = 0;
    for (size_t i = 0; static_cast<double>(t) < seconds * ticks_per_second - 1e-9; ++i) {
        pts.push_back(t);
        t += kVfrPattern[i % std::size(kVfrPattern)];
    }
    return pts;
}

bool is_flash_frame(const std::vector<int64_t>& pts, AVRational tb, size_t index) {
    if (index == 0) return true;
    return whole_second(pts[index], tb) > whole_second(pts[index - 1], tb);
}

Status make_barcode_clip(const ClipSpec& spec) {
    const VideoSettings& v = spec.video;
    if (v.width < kBarcodeMinWidth || v.height < kBarcodeMinHeight)
        return Error{"--size must be at least " + std::to_string(kBarcodeMinWidth) + "x" +
                     std::to_string(kBarcodeMinHeight) + " for the frame-number barcode"};
    if (spec.seconds <= 0) return Error{"--seconds must be positive"};
    const std::vector<int64_t> pts = clip_frame_pts(v, spec.seconds);
    if (pts.size() > kBarcodeMaxValue)
        return Error{"too many frames for the barcode; shorten --seconds"};

    AudioSettings audio;
    audio.enabled = spec.audio;
    audio.sample_rate = kClipSampleRate;
    auto writer = ClipWriter::open(spec.out, spec.container, v, audio, spec.start_offset_us);
    if (!writer) return writer.error();
    ClipWriter& w = **writer;

    const AVRational tb = w.video_time_base();
    const auto audio_total = static_cast<int64_t>(std::llround(spec.seconds * kClipSampleRate));
    std::vector<float> chunk;
    int64_t audio_written = 0;
    auto write_audio_until = [&](int64_t until) -> Status {
        until = std::min(until, audio_total);
        if (!w.has_audio() || until <= audio_written) return ok_status();
        chunk.resize(static_cast<size_t>(until - audio_written));
        for (size_t k = 0; k < chunk.size(); ++k)
            chunk[k] = audio_sample(audio_written + static_cast<int64_t>(k));
        audio_written = until;
        return w.submit_audio(chunk.data(), static_cast<int>(chunk.size()));
    };
    for (size_t i = 0; i < pts.size(); ++i) {
        // Audio first, up to this frame's time, so the muxer interleaves evenly.
        const int64_t frame_sample = av_rescale_q(pts[i], tb, AVRational{1, kClipSampleRate});
        if (auto ok = write_audio_until(frame_sample); !ok) return ok;
        const bool flash = is_flash_frame(pts, tb, i);
        paint_frame(w.next_video_frame(), static_cast<uint32_t>(i), flash, pts.size());
        if (auto ok = w.submit_video(pts[i]); !ok) return ok;
    }
    if (auto ok = write_audio_until(audio_total); !ok) return ok;
    return w.finish();
}

}  // namespace attune::testing
