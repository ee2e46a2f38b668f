#include "clip_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

#include "attune/video/av_error.hpp"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/opt.h>
}

namespace attune::testing {
namespace {

using video::av_error_text;

Error fail(const std::string& what, int code) {
    return Error{what + ": " + av_error_text(code)};
}

const char* muxer_for(const std::string& container) {
    static const std::map<std::string, const char*> muxers = {
        {"mp4", "mp4"}, {"mkv", "matroska"}, {"ts", "mpegts"}, {"avi", "avi"}};
    auto it = muxers.find(container);
    return it == muxers.end() ? nullptr : it->second;
}

const char* encoder_for(const std::string& codec) {
    static const std::map<std::string, const char*> encoders = {
        {"h264", "libx264"}, {"hevc", "libx265"}, {"mpeg4", "mpeg4"}, {"vp9", "libvpx-vp9"}};
    auto it = encoders.find(codec);
    return it == encoders.end() ? nullptr : it->second;
}

// Codec-specific settings: fixed GOP (no scene-cut keyframes, which the flash
// frames would otherwise trigger), the requested B-frames, good enough quality
// that the barcode survives, and speed.
void configure_video_encoder(AVCodecContext* enc, const VideoSettings& v) {
    enc->gop_size = v.gop;
    enc->keyint_min = v.gop;
    enc->max_b_frames = v.bframes;
    const std::string gop = std::to_string(v.gop), bf = std::to_string(v.bframes);
    const std::string open_gop = v.open_gop ? "1" : "0";
    if (v.codec == "h264") {
        av_opt_set(enc->priv_data, "preset", v.preset.empty() ? "veryfast" : v.preset.c_str(), 0);
        av_opt_set(enc->priv_data, "crf", "20", 0);
        av_opt_set(enc->priv_data, "x264-params", ("scenecut=0:open-gop=" + open_gop).c_str(), 0);
    } else if (v.codec == "hevc") {
        av_opt_set(enc->priv_data, "preset", v.preset.empty() ? "ultrafast" : v.preset.c_str(), 0);
        av_opt_set(enc->priv_data, "crf", "22", 0);
        const std::string params = "keyint=" + gop + ":min-keyint=" + gop +
                                   ":scenecut=0:bframes=" + bf + ":open-gop=" + open_gop +
                                   ":log-level=error";
        av_opt_set(enc->priv_data, "x265-params", params.c_str(), 0);
    } else if (v.codec == "mpeg4") {
        enc->flags |= AV_CODEC_FLAG_QSCALE;
        enc->global_quality = FF_QP2LAMBDA * 3;
        av_opt_set_int(enc->priv_data, "sc_threshold", 1000000000, 0);  // no scene-cut keyframes
        if (!v.open_gop) enc->flags |= AV_CODEC_FLAG_CLOSED_GOP;
    } else if (v.codec == "vp9") {
        av_opt_set(enc->priv_data, "deadline", "realtime", 0);
        av_opt_set(enc->priv_data, "cpu-used", "8", 0);
        av_opt_set(enc->priv_data, "lag-in-frames", "0", 0);
        av_opt_set(enc->priv_data, "crf", "30", 0);
        av_opt_set(enc->priv_data, "row-mt", "1", 0);
        enc->bit_rate = 0;
    }
}

Status check_settings(const std::string& container, const VideoSettings& v) {
    if (muxer_for(container) == nullptr)
        return Error{"unknown container '" + container + "': use mp4, mkv, ts or avi"};
    if (encoder_for(v.codec) == nullptr)
        return Error{"unknown codec '" + v.codec + "': use h264, hevc, mpeg4 or vp9"};
    if (v.codec == "vp9" && v.bframes > 0) return Error{"vp9 has no B-frames: use --bframes 0"};
    if (v.codec == "mpeg4" && v.pix_fmt != AV_PIX_FMT_YUV420P)
        return Error{"mpeg4 is 8-bit only: use --pix-fmt yuv420p"};
    if (v.width % 2 != 0 || v.height % 2 != 0)
        return Error{"width and height must be even for 4:2:0 video"};
    if (v.gop < 1) return Error{"--gop must be at least 1"};
    if (v.bframes < 0 || v.bframes > 8) return Error{"--bframes must be between 0 and 8"};
    if (v.fps.num <= 0 || v.fps.den <= 0) return Error{"--fps must be positive"};
    if (v.rotate_degrees % 90 != 0) return Error{"--rotate takes 0, 90, 180 or 270"};
    return ok_status();
}

}  // namespace

Result<std::unique_ptr<ClipWriter>> ClipWriter::open(const std::string& path,
                                                     const std::string& container,
                                                     const VideoSettings& v, const AudioSettings& a,
                                                     int64_t start_offset_us) {
    if (auto ok = check_settings(container, v); !ok) return ok.error();
    std::unique_ptr<ClipWriter> w(new ClipWriter);
    w->path_ = path;

    AVFormatContext* raw = nullptr;
    int rc = avformat_alloc_output_context2(&raw, nullptr, muxer_for(container), path.c_str());
    if (rc < 0) return fail("cannot create " + container + " output", rc);
    w->out_.reset(raw);
    w->out_->output_ts_offset = start_offset_us;

    // Video stream.
    const AVCodec* vcodec = avcodec_find_encoder_by_name(encoder_for(v.codec));
    if (vcodec == nullptr)
        return Error{std::string("this FFmpeg has no ") + encoder_for(v.codec) + " encoder"};
    w->video_enc_.reset(avcodec_alloc_context3(vcodec));
    AVCodecContext* enc = w->video_enc_.get();
    enc->width = v.width;
    enc->height = v.height;
    enc->pix_fmt = v.pix_fmt;
    enc->sample_aspect_ratio = {1, 1};
    enc->time_base =
        v.vfr ? AVRational{v.fps.den, 2 * v.fps.num} : AVRational{v.fps.den, v.fps.num};
    enc->framerate = v.fps;
    enc->color_range = AVCOL_RANGE_MPEG;
    enc->colorspace = v.height > 576 ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M;
    enc->color_primaries = v.height > 576 ? AVCOL_PRI_BT709 : AVCOL_PRI_SMPTE170M;
    enc->color_trc = v.height > 576 ? AVCOL_TRC_BT709 : AVCOL_TRC_SMPTE170M;
    enc->thread_count = 2;
    configure_video_encoder(enc, v);
    if (w->out_->oformat->flags & AVFMT_GLOBALHEADER) enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if ((rc = avcodec_open2(enc, vcodec, nullptr)) < 0)
        return fail("cannot open the " + v.codec + " encoder", rc);
    w->video_st_ = avformat_new_stream(w->out_.get(), nullptr);
    w->video_st_->time_base = enc->time_base;
    w->video_st_->avg_frame_rate = v.fps;
    if (!v.vfr) w->video_st_->r_frame_rate = v.fps;
    avcodec_parameters_from_context(w->video_st_->codecpar, enc);
    if (v.rotate_degrees != 0) {
        auto* matrix = reinterpret_cast<int32_t*>(
            av_stream_new_side_data(w->video_st_, AV_PKT_DATA_DISPLAYMATRIX, sizeof(int32_t) * 9));
        // av_display_rotation_set takes a clockwise angle (av_display_rotation_get
        // returns the counter-clockwise one), so a reader's -get() is our angle.
        av_display_rotation_set(matrix, static_cast<double>(v.rotate_degrees));
    }

    w->video_frame_ = video::make_frame();
    w->video_frame_->format = v.pix_fmt;
    w->video_frame_->width = v.width;
    w->video_frame_->height = v.height;
    if ((rc = av_frame_get_buffer(w->video_frame_.get(), 0)) < 0)
        return fail("cannot allocate a video frame", rc);

    // Audio stream: AAC, or PCM in AVI where AAC is poorly supported.
    if (a.enabled) {
        const bool pcm = container == "avi";
        const AVCodec* acodec = avcodec_find_encoder(pcm ? AV_CODEC_ID_PCM_S16LE : AV_CODEC_ID_AAC);
        w->audio_enc_.reset(avcodec_alloc_context3(acodec));
        AVCodecContext* aenc = w->audio_enc_.get();
        aenc->sample_rate = a.sample_rate;
        aenc->sample_fmt = pcm ? AV_SAMPLE_FMT_S16 : AV_SAMPLE_FMT_FLTP;
        aenc->ch_layout = AV_CHANNEL_LAYOUT_MONO;
        aenc->bit_rate = pcm ? 0 : 128000;
        aenc->time_base = {1, a.sample_rate};
        if (w->out_->oformat->flags & AVFMT_GLOBALHEADER)
            aenc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        if ((rc = avcodec_open2(aenc, acodec, nullptr)) < 0)
            return fail("cannot open the audio encoder", rc);
        w->audio_st_ = avformat_new_stream(w->out_.get(), nullptr);
        w->audio_st_->time_base = aenc->time_base;
        avcodec_parameters_from_context(w->audio_st_->codecpar, aenc);
        const int frame_size = aenc->frame_size > 0 ? aenc->frame_size : 1024;
        w->audio_frame_ = video::make_frame();
        w->audio_frame_->format = aenc->sample_fmt;
        w->audio_frame_->sample_rate = aenc->sample_rate;
        av_channel_layout_copy(&w->audio_frame_->ch_layout, &aenc->ch_layout);
        w->audio_frame_->nb_samples = frame_size;
        if ((rc = av_frame_get_buffer(w->audio_frame_.get(), 0)) < 0)
            return fail("cannot allocate an audio frame", rc);
        w->pending_ = std::make_unique<float[]>(static_cast<size_t>(frame_size));
    }

    if ((rc = avio_open(&w->out_->pb, path.c_str(), AVIO_FLAG_WRITE)) < 0)
        return fail("cannot write " + path, rc);
    if ((rc = avformat_write_header(w->out_.get(), nullptr)) < 0)
        return fail("cannot write the " + container + " header", rc);
    w->packet_ = video::make_packet();
    return w;
}

ClipWriter::~ClipWriter() = default;

int ClipWriter::audio_sample_rate() const {
    return audio_enc_ ? audio_enc_->sample_rate : 0;
}

AVFrame* ClipWriter::next_video_frame() {
    av_frame_make_writable(video_frame_.get());
    return video_frame_.get();
}

Status ClipWriter::submit_video(int64_t pts) {
    video_frame_->pts = pts;
    return encode(video_enc_.get(), video_st_, video_frame_.get());
}

Status ClipWriter::submit_audio(const float* samples, int count) {
    if (!audio_enc_) return ok_status();
    const int frame_size = audio_frame_->nb_samples;
    while (count > 0) {
        const int take = std::min(count, frame_size - pending_count_);
        std::memcpy(pending_.get() + pending_count_, samples, sizeof(float) * take);
        pending_count_ += take;
        samples += take;
        count -= take;
        if (pending_count_ == frame_size) {
            if (auto ok = encode_audio_chunk(frame_size); !ok) return ok;
        }
    }
    return ok_status();
}

Status ClipWriter::encode_audio_chunk(int count) {
    av_frame_make_writable(audio_frame_.get());
    AVFrame* f = audio_frame_.get();
    f->nb_samples = count;
    if (f->format == AV_SAMPLE_FMT_S16) {
        auto* out = reinterpret_cast<int16_t*>(f->data[0]);
        for (int i = 0; i < count; ++i)
            out[i] =
                static_cast<int16_t>(std::lround(std::clamp(pending_[i], -1.f, 1.f) * 32767.f));
    } else {
        std::memcpy(f->data[0], pending_.get(), sizeof(float) * count);
    }
    f->pts = audio_samples_written_;
    audio_samples_written_ += count;
    pending_count_ = 0;
    return encode(audio_enc_.get(), audio_st_, f);
}

Status ClipWriter::encode(AVCodecContext* enc, AVStream* st, AVFrame* frame) {
    int rc = avcodec_send_frame(enc, frame);
    if (rc < 0) return fail("encoding failed", rc);
    while ((rc = avcodec_receive_packet(enc, packet_.get())) >= 0) {
        av_packet_rescale_ts(packet_.get(), enc->time_base, st->time_base);
        packet_->stream_index = st->index;
        if ((rc = av_interleaved_write_frame(out_.get(), packet_.get())) < 0)
            return fail("cannot write to " + path_, rc);
    }
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return ok_status();
    return fail("encoding failed", rc);
}

Status ClipWriter::finish() {
    if (finished_) return ok_status();
    finished_ = true;
    if (audio_enc_ && pending_count_ > 0) {
        // The last partial frame: AAC accepts a short final frame, PCM any size.
        if (auto ok = encode_audio_chunk(pending_count_); !ok) return ok;
    }
    if (auto ok = encode(video_enc_.get(), video_st_, nullptr); !ok) return ok;
    if (audio_enc_) {
        if (auto ok = encode(audio_enc_.get(), audio_st_, nullptr); !ok) return ok;
    }
    if (int rc = av_write_trailer(out_.get()); rc < 0) return fail("cannot finish " + path_, rc);
    return ok_status();
}

}  // namespace attune::testing
