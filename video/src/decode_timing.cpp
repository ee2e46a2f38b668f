#include "attune/video/decode_timing.hpp"

#include <chrono>

#include "attune/video/av_handles.hpp"
#include "attune/video/frame_cache.hpp"
#include "attune/video/frame_source.hpp"
#include "attune/video/proxy_source.hpp"

namespace attune::video {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

}  // namespace

Result<double> plain_decode_fps(const std::string& path) {
    AVFormatContext* raw = nullptr;
    if (avformat_open_input(&raw, path.c_str(), nullptr, nullptr) < 0)
        return Error{"cannot open " + path};
    InputContext in(raw);
    avformat_find_stream_info(in.get(), nullptr);
    const int vi = av_find_best_stream(in.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (vi < 0) return Error{"no video"};
    const AVCodec* codec = avcodec_find_decoder(in->streams[vi]->codecpar->codec_id);
    CodecContext dec(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(dec.get(), in->streams[vi]->codecpar);
    dec->thread_count = 2;
    if (avcodec_open2(dec.get(), codec, nullptr) < 0) return Error{"cannot open decoder"};
    PacketPtr pkt = make_packet();
    FramePtr f = make_frame();
    int64_t frames = 0;
    const auto t = Clock::now();
    while (av_read_frame(in.get(), pkt.get()) >= 0) {
        if (pkt->stream_index == vi && avcodec_send_packet(dec.get(), pkt.get()) >= 0)
            while (avcodec_receive_frame(dec.get(), f.get()) >= 0) ++frames;
        av_packet_unref(pkt.get());
    }
    avcodec_send_packet(dec.get(), nullptr);
    while (avcodec_receive_frame(dec.get(), f.get()) >= 0) ++frames;
    return static_cast<double>(frames) / (ms_since(t) / 1000.0);
}

struct FrameTimer::Engine {
    std::unique_ptr<FrameSource> source;  // or
    std::unique_ptr<ProxySource> proxy;
    FrameCache cache;
    Result<DecodedFrame> frame(int64_t i) { return proxy ? proxy->frame(i) : source->frame(i); }
};

FrameTimer::FrameTimer(std::unique_ptr<Engine> engine) : engine_(std::move(engine)) {}
FrameTimer::~FrameTimer() = default;

Result<std::unique_ptr<FrameTimer>> FrameTimer::open(const std::string& path,
                                                     std::shared_ptr<const FrameIndex> index) {
    auto source = FrameSource::open(path, std::move(index));
    if (!source) return source.error();
    auto engine = std::make_unique<Engine>();
    engine->source = std::move(*source);
    return std::unique_ptr<FrameTimer>(new FrameTimer(std::move(engine)));
}

Result<std::unique_ptr<FrameTimer>> FrameTimer::open_proxy(const std::string& dir, int64_t frames) {
    auto engine = std::make_unique<Engine>();
    engine->proxy = std::make_unique<ProxySource>(dir, frames);
    if (!engine->proxy->has(0)) return Error{"no seek proxy in " + dir};
    return std::unique_ptr<FrameTimer>(new FrameTimer(std::move(engine)));
}

Result<std::vector<double>> FrameTimer::time(const std::vector<int64_t>& frames) {
    std::vector<double> ms;
    ms.reserve(frames.size());
    for (const int64_t target : frames) {
        const auto t = Clock::now();
        auto f = engine_->frame(target);
        ms.push_back(ms_since(t));
        if (!f) return f.error();
        if (f->index != target)
            return Error{"asked for frame " + std::to_string(target) + ", got frame " +
                         std::to_string(f->index)};
    }
    return ms;
}

void FrameTimer::use_cache(bool on) {
    if (engine_->source) engine_->source->set_cache(on ? &engine_->cache : nullptr);
}

size_t FrameTimer::cache_bytes() const {
    return engine_->cache.bytes();
}

std::vector<int64_t> frame_walk(int64_t from, int64_t to) {
    std::vector<int64_t> frames;
    const int64_t step = to >= from ? 1 : -1;
    for (int64_t f = from;; f += step) {
        frames.push_back(f);
        if (f == to) break;
    }
    return frames;
}

}  // namespace attune::video
