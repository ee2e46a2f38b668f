#include "attune/video/waveform.hpp"

#include <algorithm>
#include <cmath>

#include "attune/video/av_error.hpp"
#include "attune/video/av_handles.hpp"
#include "open_input.hpp"

extern "C" {
#include <libavutil/opt.h>
}

namespace attune::video {

Result<Waveform> compute_waveform(const std::string& path, int64_t video_start_pts,
                                  Rational video_tb, const Progress& progress,
                                  const std::atomic<bool>* cancel) {
    if (auto ok = check_time_base(path, "video", {video_tb.num, video_tb.den}); !ok)
        return ok.error();
    auto in = open_input(path);
    if (!in) return in.error();
    AVFormatContext* fmt = in->get();
    const int stream = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (stream < 0) return Waveform{};  // a recording without sound has an empty waveform
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        if (static_cast<int>(i) != stream) fmt->streams[i]->discard = AVDISCARD_ALL;
    AVStream* st = fmt->streams[stream];
    if (auto ok = check_time_base(path, "sound", st->time_base); !ok) return ok.error();
    auto opened = open_decoder(path, st);
    if (!opened) return opened.error();
    CodecContext dec = std::move(*opened);

    // Everything becomes mono float at the stream's own rate.
    const int rate = dec->sample_rate;
    SwrContext* raw = nullptr;
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    if (swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, rate, &dec->ch_layout, dec->sample_fmt,
                            rate, 0, nullptr) < 0 ||
        swr_init(raw) < 0) {
        swr_free(&raw);
        return Error{"cannot convert the sound of " + path};
    }
    SwrPtr swr(raw);

    Waveform w;
    const int64_t video_start_us = av_rescale_q(
        video_start_pts, AVRational{video_tb.num, video_tb.den}, AVRational{1, 1000000});
    const int64_t per_bucket = std::max<int64_t>(1, rate / 100);
    bool started = false;
    int64_t bucket_fill = 0;
    std::vector<float> buf;
    auto add_samples = [&](const float* s, int n) {
        for (int i = 0; i < n; ++i) {
            if (bucket_fill == 0) w.min.push_back(s[i]), w.max.push_back(s[i]);
            w.min.back() = std::min(w.min.back(), s[i]);
            w.max.back() = std::max(w.max.back(), s[i]);
            if (++bucket_fill == per_bucket) bucket_fill = 0;
        }
    };
    FramePtr frame = make_frame();
    PacketPtr pkt = make_packet();
    const int64_t size = avio_size(fmt->pb);
    auto drain = [&] {
        while (avcodec_receive_frame(dec.get(), frame.get()) >= 0) {
            if (!started && frame->best_effort_timestamp != AV_NOPTS_VALUE) {
                const int64_t audio_us = av_rescale_q(frame->best_effort_timestamp, st->time_base,
                                                      AVRational{1, 1000000});
                w.first_bucket_us = audio_us - video_start_us;
                started = true;
            }
            buf.resize(static_cast<size_t>(swr_get_out_samples(swr.get(), frame->nb_samples)));
            uint8_t* out[] = {reinterpret_cast<uint8_t*>(buf.data())};
            const int n =
                swr_convert(swr.get(), out, static_cast<int>(buf.size()),
                            const_cast<const uint8_t**>(frame->extended_data), frame->nb_samples);
            if (n > 0) add_samples(buf.data(), n);
            av_frame_unref(frame.get());
        }
    };
    while (av_read_frame(fmt, pkt.get()) >= 0) {
        if (pkt->stream_index == stream) {
            avcodec_send_packet(dec.get(), pkt.get());
            drain();
            if (progress && size > 0 && pkt->pos > 0)
                progress(static_cast<double>(pkt->pos) / static_cast<double>(size));
        }
        av_packet_unref(pkt.get());
        if (cancel && cancel->load()) return Error{"the waveform was cancelled"};
    }
    avcodec_send_packet(dec.get(), nullptr);
    drain();
    if (progress) progress(1.0);
    return w;
}

}  // namespace attune::video
