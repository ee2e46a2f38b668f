#include "attune/video/proxy.hpp"

#include <filesystem>
#include <memory>

#include "attune/video/av_error.hpp"
#include "attune/video/av_handles.hpp"
#include "attune/video/frame_source.hpp"

extern "C" {
#include <libavutil/opt.h>
}

namespace attune::video {

Status make_proxy(const std::string& original, const FrameIndex& index,
                  const std::string& proxy_path, const Progress& progress,
                  const std::atomic<bool>* cancel) {
    auto source = FrameSource::open(original, std::make_shared<const FrameIndex>(index));
    if (!source) return source.error();
    auto first = (*source)->frame(0);
    if (!first) return first.error();

    const std::string temp = proxy_path + ".partial.mkv";
    AVFormatContext* raw = nullptr;
    if (int rc = avformat_alloc_output_context2(&raw, nullptr, "matroska", temp.c_str()); rc < 0)
        return Error{"cannot create the proxy: " + av_error_text(rc)};
    OutputContext out(raw);
    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) return Error{"this FFmpeg has no H.264 encoder for proxies"};
    CodecContext enc(avcodec_alloc_context3(codec));
    const AVFrame* f0 = first->frame.get();
    enc->width = f0->width;
    enc->height = f0->height;
    enc->pix_fmt = static_cast<AVPixelFormat>(f0->format);
    enc->time_base = {1, 1000};  // proxy pts: the original's time, in ms (only the order matters)
    enc->gop_size = 1;
    enc->max_b_frames = 0;
    enc->color_range = f0->color_range;
    enc->colorspace = f0->colorspace;
    enc->thread_count = 2;
    av_opt_set(enc->priv_data, "preset", "ultrafast", 0);
    av_opt_set(enc->priv_data, "crf", "16", 0);
    av_opt_set(enc->priv_data, "x264-params", "keyint=1:scenecut=0", 0);
    enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (int rc = avcodec_open2(enc.get(), codec, nullptr); rc < 0)
        return Error{"cannot open the proxy encoder (" + av_error_text(rc) +
                     "); 10-bit and 4:2:2 sources need another proxy format"};
    AVStream* st = avformat_new_stream(out.get(), nullptr);
    st->time_base = enc->time_base;
    avcodec_parameters_from_context(st->codecpar, enc.get());
    if (int rc = avio_open(&out->pb, temp.c_str(), AVIO_FLAG_WRITE); rc < 0)
        return Error{"cannot write " + temp + ": " + av_error_text(rc)};
    if (int rc = avformat_write_header(out.get(), nullptr); rc < 0)
        return Error{"cannot write the proxy: " + av_error_text(rc)};

    PacketPtr pkt = make_packet();
    auto drain = [&]() -> Status {
        while (avcodec_receive_packet(enc.get(), pkt.get()) >= 0) {
            av_packet_rescale_ts(pkt.get(), enc->time_base, st->time_base);
            pkt->stream_index = st->index;
            if (int rc = av_interleaved_write_frame(out.get(), pkt.get()); rc < 0)
                return Error{"cannot write the proxy: " + av_error_text(rc)};
        }
        return ok_status();
    };
    for (int64_t i = 0; i < index.frame_count(); ++i) {
        if (cancel && cancel->load()) return Error{"the proxy was cancelled"};
        auto d = (*source)->frame(i);
        if (!d) return d.error();
        d->frame->pts = index.t_us(i) / 1000 +
                        i;  // strictly increasing even when two frames share a millisecond
        d->frame->pict_type = AV_PICTURE_TYPE_NONE;
        if (avcodec_send_frame(enc.get(), d->frame.get()) < 0)
            return Error{"proxy encoding failed at frame " + std::to_string(i)};
        if (auto ok = drain(); !ok) return ok;
        if (progress && i % 32 == 0)
            progress(static_cast<double>(i) / static_cast<double>(index.frame_count()));
    }
    avcodec_send_frame(enc.get(), nullptr);
    if (auto ok = drain(); !ok) return ok;
    if (int rc = av_write_trailer(out.get()); rc < 0)
        return Error{"cannot finish the proxy: " + av_error_text(rc)};
    out.reset();
    std::error_code ec;
    std::filesystem::rename(temp, proxy_path, ec);
    if (ec) return Error{"cannot move the proxy into place: " + ec.message()};
    if (progress) progress(1.0);
    return ok_status();
}

}  // namespace attune::video
