#include "h264_writer.hpp"

#include <filesystem>

#include "attune/video/av_error.hpp"

extern "C" {
#include <libavutil/opt.h>
}

namespace attune::video {

namespace {

Result<CodecContext> open_encoder(const H264Settings& s, bool global_header) {
    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) return Error{std::string("this FFmpeg has no H.264 encoder for ") + s.what};
    CodecContext enc(avcodec_alloc_context3(codec));
    if (!enc) return Error{std::string("out of memory opening the encoder for ") + s.what};
    enc->width = s.width, enc->height = s.height, enc->pix_fmt = s.pix_fmt;
    enc->time_base = s.time_base;
    enc->color_range = s.color_range, enc->colorspace = s.colorspace;
    enc->thread_count = 2;
    av_opt_set(enc->priv_data, "preset", s.preset, 0);
    av_opt_set(enc->priv_data, "crf", s.crf, 0);
    if (*s.x264_params) av_opt_set(enc->priv_data, "x264-params", s.x264_params, 0);
    if (global_header) enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (int rc = avcodec_open2(enc.get(), codec, nullptr); rc < 0)
        return Error{std::string("cannot open the encoder for ") + s.what + " (" +
                     av_error_text(rc) + "); 10-bit and 4:2:2 pictures need converting first"};
    return enc;
}

}  // namespace

Result<std::unique_ptr<H264Writer>> H264Writer::open(const std::string& path,
                                                     const H264Settings& s) {
    std::unique_ptr<H264Writer> w(new H264Writer());
    w->path_ = path, w->temp_ = path + ".partial", w->what_ = s.what;
    AVFormatContext* raw = nullptr;
    if (int rc = avformat_alloc_output_context2(&raw, nullptr, s.container, w->temp_.c_str());
        rc < 0)
        return Error{std::string("cannot create ") + s.what + ": " + av_error_text(rc)};
    w->out_.reset(raw);
    auto enc = open_encoder(s, (raw->oformat->flags & AVFMT_GLOBALHEADER) != 0);
    if (!enc) return enc.error();
    w->enc_ = std::move(*enc);
    w->stream_ = avformat_new_stream(raw, nullptr);
    if (!w->stream_) return Error{std::string("out of memory creating ") + s.what};
    w->stream_->time_base = w->enc_->time_base;
    avcodec_parameters_from_context(w->stream_->codecpar, w->enc_.get());
    if (int rc = avio_open(&raw->pb, w->temp_.c_str(), AVIO_FLAG_WRITE); rc < 0)
        return Error{"cannot write " + w->temp_ + ": " + av_error_text(rc)};
    if (int rc = avformat_write_header(raw, nullptr); rc < 0)
        return Error{std::string("cannot write ") + s.what + ": " + av_error_text(rc)};
    return w;
}

H264Writer::~H264Writer() {
    if (finished_) return;
    out_.reset();
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
}

Status H264Writer::drain() {
    while (avcodec_receive_packet(enc_.get(), packet_.get()) >= 0) {
        if (auto it = durations_.find(packet_->pts); it != durations_.end()) {
            packet_->duration = it->second;
            durations_.erase(it);
        }
        av_packet_rescale_ts(packet_.get(), enc_->time_base, stream_->time_base);
        packet_->stream_index = stream_->index;
        if (int rc = av_interleaved_write_frame(out_.get(), packet_.get()); rc < 0)
            return Error{"cannot write " + what_ + ": " + av_error_text(rc)};
    }
    return ok_status();
}

Status H264Writer::write(AVFrame* frame, int64_t duration) {
    frame->pict_type = AV_PICTURE_TYPE_NONE;
    if (duration > 0) durations_[frame->pts] = duration;
    if (int rc = avcodec_send_frame(enc_.get(), frame); rc < 0)
        return Error{"encoding " + what_ + " failed: " + av_error_text(rc)};
    return drain();
}

Status H264Writer::finish() {
    avcodec_send_frame(enc_.get(), nullptr);
    if (auto ok = drain(); !ok) return ok;
    if (int rc = av_write_trailer(out_.get()); rc < 0)
        return Error{"cannot finish " + what_ + ": " + av_error_text(rc)};
    out_.reset();
    std::error_code ec;
    std::filesystem::rename(temp_, path_, ec);
    if (ec) return Error{"cannot move " + what_ + " into place at " + path_ + ": " + ec.message()};
    finished_ = true;
    return ok_status();
}

}  // namespace attune::video
