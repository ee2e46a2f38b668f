#include "plain_decode.hpp"

#include <cmath>

#include "attune/video/av_error.hpp"
#include "attune/video/av_handles.hpp"
#include "barcode.hpp"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
}

namespace attune::testing {
namespace {

using namespace attune::video;

Result<CodecContext> open_decoder(AVStream* st) {
    const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
    if (codec == nullptr) return Error{"no decoder for stream " + std::to_string(st->index)};
    CodecContext ctx(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(ctx.get(), st->codecpar);
    ctx->pkt_timebase = st->time_base;
    if (int rc = avcodec_open2(ctx.get(), codec, nullptr); rc < 0)
        return Error{"cannot open decoder: " + av_error_text(rc)};
    return ctx;
}

bool is_flash(const AVFrame* f, int bit_depth) {
    // A background-only strip at the left, between the digits and the moving square.
    const int x1 = f->width / 10, y0 = f->height / 2, y1 = f->height * 3 / 4;
    int64_t sum = 0, n = 0;
    for (int y = y0; y < y1; ++y) {
        const uint8_t* row = f->data[0] + static_cast<ptrdiff_t>(y) * f->linesize[0];
        for (int x = 0; x < x1; ++x, ++n)
            sum += bit_depth > 8 ? (row[2 * x] | row[2 * x + 1] << 8) : row[x];
    }
    return n > 0 && static_cast<double>(sum) / static_cast<double>(n) > (128 << (bit_depth - 8));
}

int bright_bottom_pixels(const AVFrame* f, int bit_depth) {
    int bright = 0;
    for (int y = f->height - f->height / 6; y < f->height; ++y) {
        const uint8_t* row = f->data[0] + static_cast<ptrdiff_t>(y) * f->linesize[0];
        for (int x = 0; x < f->width; ++x) {
            const int v =
                bit_depth > 8 ? (row[2 * x] | row[2 * x + 1] << 8) >> (bit_depth - 8) : row[x];
            bright += v > 215;
        }
    }
    return bright;
}

float first_channel_sample(const AVFrame* f, int i) {
    switch (f->format) {
        case AV_SAMPLE_FMT_FLTP:
        case AV_SAMPLE_FMT_FLT:
            return reinterpret_cast<const float*>(
                f->data[0])[i * (f->format == AV_SAMPLE_FMT_FLT ? f->ch_layout.nb_channels : 1)];
        case AV_SAMPLE_FMT_S16P:
        case AV_SAMPLE_FMT_S16:
            return reinterpret_cast<const int16_t*>(
                       f->data[0])[i * (f->format == AV_SAMPLE_FMT_S16 ? f->ch_layout.nb_channels
                                                                       : 1)] /
                   32768.f;
        default:
            return 0.f;
    }
}

}  // namespace

Result<DecodedClip> decode_clip(const std::string& path) {
    AVFormatContext* raw = nullptr;
    if (int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr); rc < 0)
        return Error{"cannot open " + path + ": " + av_error_text(rc)};
    InputContext in(raw);
    if (int rc = avformat_find_stream_info(in.get(), nullptr); rc < 0)
        return Error{"cannot read stream info of " + path + ": " + av_error_text(rc)};
    const int vi = av_find_best_stream(in.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (vi < 0) return Error{path + " has no video stream"};
    const int ai = av_find_best_stream(in.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    AVStream* vst = in->streams[vi];

    auto vdec = open_decoder(vst);
    if (!vdec) return vdec.error();
    CodecContext adec;
    AVStream* ast = ai >= 0 ? in->streams[ai] : nullptr;
    if (ast != nullptr) {
        auto a = open_decoder(ast);
        if (!a) return a.error();
        adec = std::move(*a);
    }

    DecodedClip clip;
    clip.width = vst->codecpar->width;
    clip.height = vst->codecpar->height;
    clip.time_base_num = vst->time_base.num;
    clip.time_base_den = vst->time_base.den;
    if (const uint8_t* m = av_stream_get_side_data(vst, AV_PKT_DATA_DISPLAYMATRIX, nullptr))
        clip.rotation_degrees = -av_display_rotation_get(reinterpret_cast<const int32_t*>(m));
    if (clip.rotation_degrees < 0) clip.rotation_degrees += 360;
    clip.audio_sample_rate = ast != nullptr ? ast->codecpar->sample_rate : 0;

    FramePtr frame = make_frame();
    PacketPtr packet = make_packet();
    int64_t last_click_us = INT64_MIN / 2;
    auto drain = [&](AVCodecContext* dec, AVStream* st) -> Status {
        int rc;
        while ((rc = avcodec_receive_frame(dec, frame.get())) >= 0) {
            const int64_t pts = frame->best_effort_timestamp;
            if (dec->codec_type == AVMEDIA_TYPE_VIDEO) {
                const AVPixFmtDescriptor* d =
                    av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame->format));
                clip.bit_depth = d->comp[0].depth;
                LumaPlane plane{frame->data[0], frame->linesize[0], frame->width, frame->height,
                                clip.bit_depth};
                clip.frames.push_back({pts, read_frame_barcode(plane),
                                       is_flash(frame.get(), clip.bit_depth),
                                       bright_bottom_pixels(frame.get(), clip.bit_depth)});
            } else {
                const int64_t first = av_rescale_q(pts, st->time_base, AVRational{1, 1000000});
                for (int i = 0; i < frame->nb_samples; ++i) {
                    if (std::fabs(first_channel_sample(frame.get(), i)) < 0.5f) continue;
                    const int64_t t = first + int64_t{i} * 1000000 / frame->sample_rate;
                    if (t - last_click_us > 500000) clip.click_onsets_us.push_back(t);
                    last_click_us = t;
                }
            }
            av_frame_unref(frame.get());
        }
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return ok_status();
        return Error{"decoding failed: " + av_error_text(rc)};
    };

    int rc;
    while ((rc = av_read_frame(in.get(), packet.get())) >= 0) {
        AVCodecContext* dec = packet->stream_index == vi            ? vdec->get()
                              : (ast && packet->stream_index == ai) ? adec.get()
                                                                    : nullptr;
        if (dec != nullptr) {
            avcodec_send_packet(dec, packet.get());
            if (auto ok = drain(dec, in->streams[packet->stream_index]); !ok) return ok.error();
        }
        av_packet_unref(packet.get());
    }
    if (rc != AVERROR_EOF) return Error{"reading " + path + " failed: " + av_error_text(rc)};
    avcodec_send_packet(vdec->get(), nullptr);
    if (auto ok = drain(vdec->get(), vst); !ok) return ok.error();
    if (adec) {
        avcodec_send_packet(adec.get(), nullptr);
        if (auto ok = drain(adec.get(), ast); !ok) return ok.error();
    }
    if (!clip.frames.empty())
        clip.video_start_us =
            av_rescale_q(clip.frames.front().pts, vst->time_base, AVRational{1, 1000000});
    return clip;
}

}  // namespace attune::testing
