#include "attune/video/proxy.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <system_error>

#include "attune/video/frame_source.hpp"
#include "attune/video/proxy_source.hpp"
#include "h264_writer.hpp"

extern "C" {
#include <libswscale/swscale.h>
}

namespace attune::video {

namespace fs = std::filesystem;

namespace {

// Measured on sensor-noise-heavy 1080p scaled to 960x540, intra-only at CRF 23: 0.027 bytes
// per pixel and frame, 25 MB per minute (docs/performance.md); the estimate rounds up.
constexpr double kBytesPerPixel = 0.04;

// The index of a chunk as build_chunk writes it, without reading it: frame i at pts i
// (milliseconds, Matroska's time base), every frame a keyframe.
std::shared_ptr<const FrameIndex> chunk_index(int64_t frames) {
    auto index = std::make_shared<FrameIndex>();
    index->time_base = {1, 1000};
    index->stream = 0;
    for (int64_t i = 0; i < frames; ++i) {
        index->pts.push_back(i);
        index->keys.push_back({i, i, -1});
    }
    return index;
}

// The original's frame as the proxy stores it: scaled to the proxy's size (that of the first
// frame, should the size change midway) in 8-bit 4:2:0, with the original's colour description.
class ProxyScaler {
  public:
    Result<FramePtr> operator()(const AVFrame* in) {
        if (to_.width == 0) to_ = proxy_shape(in->width, in->height);
        const ProxyShape to = to_;
        const auto format = static_cast<AVPixelFormat>(in->format);
        sws_.reset(sws_getCachedContext(sws_.release(), in->width, in->height, format, to.width,
                                        to.height, AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr,
                                        nullptr, nullptr));
        if (!sws_) return Error{"cannot scale the recording's frames for the proxy"};
        FramePtr out = make_frame();
        out->width = to.width, out->height = to.height, out->format = AV_PIX_FMT_YUV420P;
        if (av_frame_get_buffer(out.get(), 0) < 0) return Error{"out of memory for the proxy"};
        sws_scale(sws_.get(), in->data, in->linesize, 0, in->height, out->data, out->linesize);
        out->color_range = in->color_range, out->colorspace = in->colorspace;
        out->color_primaries = in->color_primaries, out->color_trc = in->color_trc;
        out->sample_aspect_ratio = in->sample_aspect_ratio;
        // FFmpeg's full-range "J" formats come out of the scaler in limited range.
        if (format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_YUVJ422P ||
            format == AV_PIX_FMT_YUVJ444P)
            out->color_range = AVCOL_RANGE_MPEG;
        return out;
    }

  private:
    ProxyShape to_;
    SwsPtr sws_;
};

Result<std::unique_ptr<H264Writer>> open_chunk(const std::string& path, const AVFrame* f) {
    H264Settings s;
    s.width = f->width, s.height = f->height, s.pix_fmt = AV_PIX_FMT_YUV420P;
    s.color_range = f->color_range, s.colorspace = f->colorspace;
    s.time_base = {1, 1000};  // pts: the frame's number in the chunk (only the order matters)
    s.container = "matroska";
    s.preset = "ultrafast", s.crf = "23";
    s.x264_params = "keyint=1:scenecut=0";  // every frame its own keyframe
    s.what = "the proxy";
    return H264Writer::open(path, s);
}

Status build_chunk(FrameSource& source, ProxyScaler& scale, const std::string& path, int64_t first,
                   int64_t end, const Progress& progress, const std::atomic<bool>* cancel) {
    std::unique_ptr<H264Writer> writer;
    for (int64_t i = first; i < end; ++i) {
        if (cancel && cancel->load()) return Error{"the proxy was cancelled"};
        auto d = source.frame(i);
        if (!d) return d.error();
        auto small = scale(d->frame.get());
        if (!small) return small.error();
        if (!writer) {
            auto w = open_chunk(path, small->get());
            if (!w) return w.error();
            writer = std::move(*w);
        }
        (*small)->pts = i - first;
        if (auto ok = writer->write(small->get(), 1); !ok) return ok;
        if (progress && i % 32 == 0)
            progress(static_cast<double>(i) / static_cast<double>(source.index().frame_count()));
    }
    if (!writer) return Error{"the proxy's chunk has no frames"};
    return writer->finish();
}

}  // namespace

ProxyShape proxy_shape(int width, int height) {
    if (height <= kProxyMaxHeight) return {width & ~1, height & ~1};
    const int w = static_cast<int>(static_cast<int64_t>(width) * kProxyMaxHeight / height);
    return {w & ~1, kProxyMaxHeight};
}

int64_t proxy_chunk_count(int64_t frames) {
    return (frames + kProxyChunkFrames - 1) / kProxyChunkFrames;
}

std::string proxy_chunk_path(const std::string& dir, int64_t chunk) {
    char name[32];
    std::snprintf(name, sizeof name, "/chunk-%05lld.mkv", static_cast<long long>(chunk));
    return dir + name;
}

uint64_t proxy_estimate_bytes(int width, int height, int64_t frames) {
    const ProxyShape s = proxy_shape(width, height);
    return static_cast<uint64_t>(static_cast<double>(s.width) * s.height * kBytesPerPixel *
                                 static_cast<double>(frames));
}

ProxyProgress proxy_built(const std::string& dir, int64_t frames) {
    ProxyProgress p;
    for (int64_t c = 0; c < proxy_chunk_count(frames); ++c) {
        std::error_code ec;
        const auto size = fs::file_size(proxy_chunk_path(dir, c), ec);
        if (!ec) p.bytes += size, ++p.chunks;
    }
    return p;
}

Status build_proxy(const std::string& original, std::shared_ptr<const FrameIndex> index,
                   const std::string& dir, const Progress& progress,
                   const std::atomic<bool>* cancel) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Error{"cannot make the proxy folder " + dir + ": " + ec.message()};
    // One build per folder (two sessions of one film, two workstations): a second says so
    // and stops, and the chunks the first writes serve its seeks all the same.
    const std::string lock_path = dir + "/build.lock";
    const int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock < 0) return Error{"cannot write in the proxy folder " + dir};
    struct Unlock {
        int fd;
        ~Unlock() { ::close(fd); }
    } unlock{lock};
    if (::flock(lock, LOCK_EX | LOCK_NB) != 0)
        return Error{"another workstation is building this recording's proxy"};
    const int64_t frames = index->frame_count();
    auto source = FrameSource::open(original, std::move(index));
    if (!source) return source.error();
    ProxyScaler scale;
    for (int64_t c = 0; c < proxy_chunk_count(frames); ++c) {
        const std::string path = proxy_chunk_path(dir, c);
        if (fs::exists(path)) continue;  // built before: resume after it
        const int64_t first = c * kProxyChunkFrames;
        const int64_t end = std::min(frames, first + kProxyChunkFrames);
        if (auto ok = build_chunk(**source, scale, path, first, end, progress, cancel); !ok)
            return ok;
    }
    if (progress) progress(1.0);
    return ok_status();
}

ProxySource::ProxySource(std::string dir, int64_t frames)
    : dir_(std::move(dir)),
      frames_(frames),
      built_(static_cast<size_t>(proxy_chunk_count(frames)), false) {}

bool ProxySource::has(int64_t frame) {
    if (frame < 0 || frame >= frames_) return false;
    const auto c = static_cast<size_t>(frame / kProxyChunkFrames);
    if (!built_[c]) built_[c] = fs::exists(proxy_chunk_path(dir_, static_cast<int64_t>(c)));
    return built_[c];
}

Result<DecodedFrame> ProxySource::frame(int64_t frame) {
    if (!has(frame)) return Error{"the proxy has no frame " + std::to_string(frame) + " yet"};
    const int64_t chunk = frame / kProxyChunkFrames, first = chunk * kProxyChunkFrames;
    if (chunk != open_chunk_) {
        source_.reset();
        open_chunk_ = -1;
        const std::string path = proxy_chunk_path(dir_, chunk);
        auto source =
            FrameSource::open(path, chunk_index(std::min(kProxyChunkFrames, frames_ - first)));
        if (!source) {  // damaged (a crash before the disk had it): built again next time
            std::error_code ec;
            fs::remove(path, ec);
            built_[static_cast<size_t>(chunk)] = false;
            return source.error();
        }
        source_ = std::move(*source);
        open_chunk_ = chunk;
    }
    auto d = source_->frame(frame - first);
    if (!d) return d.error();
    d->index = frame;
    return d;
}

}  // namespace attune::video
