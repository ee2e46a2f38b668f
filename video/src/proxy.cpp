#include "attune/video/proxy.hpp"

#include <memory>

#include "attune/video/frame_source.hpp"
#include "h264_writer.hpp"

namespace attune::video {

Status make_proxy(const std::string& original, const FrameIndex& index,
                  const std::string& proxy_path, const Progress& progress,
                  const std::atomic<bool>* cancel) {
    auto source = FrameSource::open(original, std::make_shared<const FrameIndex>(index));
    if (!source) return source.error();
    auto first = (*source)->frame(0);
    if (!first) return first.error();

    const AVFrame* f0 = first->frame.get();
    H264Settings settings;
    settings.width = f0->width, settings.height = f0->height;
    settings.pix_fmt = static_cast<AVPixelFormat>(f0->format);
    settings.color_range = f0->color_range, settings.colorspace = f0->colorspace;
    settings.time_base = {1, 1000};  // the original's time in ms (only the order matters)
    settings.container = "matroska";
    settings.preset = "ultrafast", settings.crf = "16";
    settings.x264_params = "keyint=1:scenecut=0";  // every frame its own keyframe
    settings.what = "the proxy";
    auto writer = H264Writer::open(proxy_path, settings);
    if (!writer) return writer.error();
    for (int64_t i = 0; i < index.frame_count(); ++i) {
        if (cancel && cancel->load()) return Error{"the proxy was cancelled"};
        auto d = (*source)->frame(i);
        if (!d) return d.error();
        // Strictly increasing even when two frames share a millisecond.
        d->frame->pts = index.t_us(i) / 1000 + i;
        if (auto ok = (*writer)->write(d->frame.get()); !ok) return ok;
        if (progress && i % 32 == 0)
            progress(static_cast<double>(i) / static_cast<double>(index.frame_count()));
    }
    if (auto ok = (*writer)->finish(); !ok) return ok;
    if (progress) progress(1.0);
    return ok_status();
}

}  // namespace attune::video
