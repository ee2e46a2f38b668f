#include "attune/video/audio_track.hpp"

#include <algorithm>
#include <cstring>

#include "attune/video/av_error.hpp"
#include "open_input.hpp"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/opt.h>
}

namespace attune::video {

namespace {
constexpr int kRate = AudioSink::kRate;
constexpr int64_t kAheadUs = 300000;  // decode this far ahead of the sink
}  // namespace

struct AudioTrack::Graph {
    AVFilterGraph* graph = nullptr;
    AVFilterContext* source = nullptr;
    AVFilterContext* sink = nullptr;
    int64_t fed = 0;  // input samples so far (their pts)
    ~Graph() { avfilter_graph_free(&graph); }
};

Result<std::unique_ptr<AudioTrack>> AudioTrack::open(const std::string& path,
                                                     int64_t video_origin_us, bool use_device,
                                                     Tap tap) {
    auto in = open_input(path);
    if (!in) return in.error();
    std::unique_ptr<AudioTrack> t(new AudioTrack);
    t->path_ = path;
    t->origin_us_ = video_origin_us;
    t->in_ = std::move(*in);
    t->stream_ = av_find_best_stream(t->in_.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (t->stream_ < 0) return Error{path + " has no sound"};
    for (unsigned i = 0; i < t->in_->nb_streams; ++i)
        if (static_cast<int>(i) != t->stream_) t->in_->streams[i]->discard = AVDISCARD_ALL;
    AVStream* st = t->in_->streams[t->stream_];
    if (auto ok = check_time_base(path, "sound", st->time_base); !ok) return ok.error();
    auto dec = open_decoder(path, st);
    if (!dec) return dec.error();
    t->dec_ = std::move(*dec);
    SwrContext* raw = nullptr;
    AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
    if (swr_alloc_set_opts2(&raw, &stereo, AV_SAMPLE_FMT_FLT, kRate, &t->dec_->ch_layout,
                            t->dec_->sample_fmt, t->dec_->sample_rate, 0, nullptr) < 0 ||
        swr_init(raw) < 0) {
        swr_free(&raw);
        return Error{"cannot convert the sound of " + path};
    }
    t->swr_.reset(raw);
    t->tap_ = std::move(tap);
    auto pull = [self = t.get()](float* out, int frames, int64_t wall) {
        self->pull(out, frames, wall);
    };
    t->sink_ = use_device ? open_audio_sink(pull) : open_null_sink(pull);
    t->producer_ = std::thread([self = t.get()] { self->produce(); });
    return t;
}

AudioTrack::~AudioTrack() {
    {
        std::lock_guard lock(mutex_);
        stop_thread_ = true;
        running_ = false;
        wake_.notify_all();
    }
    if (producer_.joinable()) producer_.join();
    sink_.reset();  // stops pulling before the members it reads go away
}

bool AudioTrack::start(int64_t t_us, double rate) {
    if (rate < kMinPitchRate || rate > kMaxPitchRate) {
        stop();
        return false;
    }
    std::lock_guard lock(mutex_);
    running_ = true;
    restart_ = true;
    end_of_audio_ = false;
    rate_ = rate;
    start_us_ = t_us;
    ring_.clear();
    anchor_wall_us_ = -1;
    wake_.notify_all();
    return true;
}

void AudioTrack::stop() {
    std::lock_guard lock(mutex_);
    running_ = false;
    ring_.clear();
    anchor_wall_us_ = -1;
}

std::optional<int64_t> AudioTrack::clock_us(int64_t now_us) const {
    std::lock_guard lock(mutex_);
    if (!running_ || anchor_wall_us_ < 0) return std::nullopt;
    const auto heard = anchor_src_us_ +
                       static_cast<int64_t>(static_cast<double>(now_us - anchor_wall_us_) * rate_);
    return std::min(heard, heard_limit_src_us_);
}

void AudioTrack::pull(float* out, int frames, int64_t wall_us) {
    std::fill(out, out + static_cast<ptrdiff_t>(frames) * 2, 0.0f);
    {
        std::lock_guard lock(mutex_);
        if (!running_ || restart_) return;
        const double step_us = rate_ * 1e6 / kRate;  // session time per output sample
        int filled = 0;
        bool first = true;
        while (filled < frames && !ring_.empty()) {
            Chunk& c = ring_.front();
            const int have = static_cast<int>(c.samples.size() / 2);
            const int take = std::min(have, frames - filled);
            if (first) {
                anchor_wall_us_ = wall_us;
                anchor_src_us_ = c.source_us;
                first = false;
            }
            std::memcpy(out + static_cast<ptrdiff_t>(filled) * 2, c.samples.data(),
                        sizeof(float) * 2 * static_cast<size_t>(take));
            filled += take;
            c.source_us += static_cast<int64_t>(take * step_us);
            heard_limit_src_us_ = c.source_us;
            c.samples.erase(c.samples.begin(), c.samples.begin() + 2 * take);
            if (c.samples.empty()) ring_.pop_front();
        }
        wake_.notify_all();
    }
    if (tap_) tap_(out, frames, wall_us);
}

void AudioTrack::seek_decoder(int64_t t_us) {
    AVStream* st = in_->streams[stream_];
    const int64_t ts = av_rescale_q(std::max<int64_t>(0, t_us + origin_us_ - 100000),
                                    AVRational{1, 1000000}, st->time_base);
    if (int rc = av_seek_frame(in_.get(), stream_, ts, AVSEEK_FLAG_BACKWARD); rc < 0)
        av_seek_frame(in_.get(), stream_, 0, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_BYTE);
    avcodec_flush_buffers(dec_.get());
    swr_close(swr_.get());
    swr_init(swr_.get());
}

bool AudioTrack::build_tempo(double rate) {
    tempo_.reset();
    if (rate == 1.0) return true;
    auto g = std::make_unique<Graph>();
    g->graph = avfilter_graph_alloc();
    AVFilterContext* tempo = nullptr;
    char args[64];
    std::snprintf(args, sizeof args, "tempo=%.4f", rate);
    if (avfilter_graph_create_filter(
            &g->source, avfilter_get_by_name("abuffer"), "in",
            "time_base=1/48000:sample_rate=48000:sample_fmt=flt:channel_layout=stereo", nullptr,
            g->graph) < 0 ||
        avfilter_graph_create_filter(&tempo, avfilter_get_by_name("atempo"), "tempo", args, nullptr,
                                     g->graph) < 0 ||
        avfilter_graph_create_filter(&g->sink, avfilter_get_by_name("abuffersink"), "out", nullptr,
                                     nullptr, g->graph) < 0 ||
        avfilter_link(g->source, 0, tempo, 0) < 0 || avfilter_link(tempo, 0, g->sink, 0) < 0 ||
        avfilter_graph_config(g->graph, nullptr) < 0)
        return false;
    tempo_ = std::move(g);
    return true;
}

void AudioTrack::decode_into_ring() {
    PacketPtr pkt = make_packet();
    FramePtr frame = make_frame();
    std::vector<Chunk> out;
    AVStream* st = in_->streams[stream_];
    int rc = av_read_frame(in_.get(), pkt.get());
    if (rc < 0) {
        std::lock_guard lock(mutex_);
        end_of_audio_ = true;
        return;
    }
    if (pkt->stream_index != stream_ || avcodec_send_packet(dec_.get(), pkt.get()) < 0) return;
    int64_t start, produced;
    double rate;
    {
        std::lock_guard lock(mutex_);
        start = start_us_, produced = produced_src_us_, rate = rate_;
    }
    while (avcodec_receive_frame(dec_.get(), frame.get()) >= 0) {
        const int64_t ts = frame->best_effort_timestamp;
        int64_t t = ts == AV_NOPTS_VALUE
                        ? produced
                        : av_rescale_q(ts, st->time_base, AVRational{1, 1000000}) - origin_us_;
        std::vector<float> s(
            static_cast<size_t>(swr_get_out_samples(swr_.get(), frame->nb_samples)) * 2);
        uint8_t* dst[] = {reinterpret_cast<uint8_t*>(s.data())};
        const int n =
            swr_convert(swr_.get(), dst, static_cast<int>(s.size() / 2),
                        const_cast<const uint8_t**>(frame->extended_data), frame->nb_samples);
        av_frame_unref(frame.get());
        if (n <= 0) continue;
        s.resize(static_cast<size_t>(n) * 2);
        // Drop what lies before the start (the seek lands a little early on purpose).
        const int64_t end = t + static_cast<int64_t>(n) * 1000000 / kRate;
        if (end <= start) continue;
        if (t < start) {
            const auto skip = static_cast<size_t>((start - t) * kRate / 1000000);
            s.erase(s.begin(), s.begin() + static_cast<ptrdiff_t>(std::min(skip * 2, s.size())));
            t = start;
        }
        if (!tempo_) {
            produced = t + static_cast<int64_t>(s.size() / 2) * 1000000 / kRate;
            out.push_back({t, std::move(s)});
            continue;
        }
        // Through atempo: output samples advance the session by `rate` each.
        if (tempo_->fed == 0) produced = t;
        FramePtr in = make_frame();
        in->format = AV_SAMPLE_FMT_FLT;
        in->sample_rate = kRate;
        in->ch_layout = AV_CHANNEL_LAYOUT_STEREO;
        in->nb_samples = static_cast<int>(s.size() / 2);
        in->pts = tempo_->fed;
        tempo_->fed += in->nb_samples;
        if (av_frame_get_buffer(in.get(), 0) < 0) continue;
        std::memcpy(in->data[0], s.data(), sizeof(float) * s.size());
        if (av_buffersrc_add_frame(tempo_->source, in.get()) < 0) continue;
        FramePtr o = make_frame();
        while (av_buffersink_get_frame(tempo_->sink, o.get()) >= 0) {
            std::vector<float> v(reinterpret_cast<float*>(o->data[0]),
                                 reinterpret_cast<float*>(o->data[0]) + o->nb_samples * 2);
            out.push_back({produced, std::move(v)});
            produced += static_cast<int64_t>(o->nb_samples * rate * 1e6 / kRate);
            av_frame_unref(o.get());
        }
    }
    std::lock_guard lock(mutex_);
    if (restart_ || !running_) return;  // a new start came while decoding: these samples are stale
    produced_src_us_ = produced;
    for (auto& c : out) ring_.push_back(std::move(c));
}

void AudioTrack::produce() {
    for (;;) {
        int64_t start = 0;
        double rate = 1.0;
        bool restart = false;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] {
                if (stop_thread_ || (running_ && restart_)) return true;
                if (!running_ || end_of_audio_) return false;
                int64_t queued = 0;
                for (const auto& c : ring_) queued += static_cast<int64_t>(c.samples.size() / 2);
                return queued * 1000000 / kRate < kAheadUs;
            });
            if (stop_thread_) return;
            if (restart_) {
                restart = true;
                start = start_us_, rate = rate_;
            }
        }
        if (restart) {
            seek_decoder(start);
            build_tempo(rate);
            std::lock_guard lock(mutex_);
            produced_src_us_ = start;
            if (start == start_us_) restart_ = false;  // else another start arrived: go again
            continue;
        }
        decode_into_ring();
    }
}

}  // namespace attune::video
