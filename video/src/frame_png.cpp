#include "attune/video/frame_png.hpp"

#include <cstdio>
#include <filesystem>

#include "attune/video/av_error.hpp"
#include "attune/video/av_handles.hpp"
#include "attune/video/frame_source.hpp"

namespace attune::video {
namespace {

Status write_png(const AVFrame* src, const std::string& path) {
    FramePtr rgb = make_frame();
    rgb->format = AV_PIX_FMT_RGB24;
    rgb->width = src->width;
    rgb->height = src->height;
    if (av_frame_get_buffer(rgb.get(), 0) < 0) return Error{"out of memory"};
    SwsPtr sws(sws_getContext(src->width, src->height, static_cast<AVPixelFormat>(src->format),
                              src->width, src->height, AV_PIX_FMT_RGB24,
                              SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr,
                              nullptr));
    if (!sws) return Error{"cannot convert this pixel format to RGB"};
    sws_scale(sws.get(), src->data, src->linesize, 0, src->height, rgb->data, rgb->linesize);

    const AVCodec* png = avcodec_find_encoder(AV_CODEC_ID_PNG);
    if (!png) return Error{"this FFmpeg has no PNG encoder"};
    CodecContext enc(avcodec_alloc_context3(png));
    enc->width = src->width;
    enc->height = src->height;
    enc->pix_fmt = AV_PIX_FMT_RGB24;
    enc->time_base = {1, 1};
    if (int rc = avcodec_open2(enc.get(), png, nullptr); rc < 0)
        return Error{"cannot open the PNG encoder: " + av_error_text(rc)};
    PacketPtr pkt = make_packet();
    if (avcodec_send_frame(enc.get(), rgb.get()) < 0 ||
        avcodec_receive_packet(enc.get(), pkt.get()) < 0)
        return Error{"PNG encoding failed"};
    const std::string temp = path + ".partial";
    FILE* f = std::fopen(temp.c_str(), "wb");
    if (!f) return Error{"cannot write " + path + ": check that the folder exists and is writable"};
    const bool ok = std::fwrite(pkt->data, 1, static_cast<size_t>(pkt->size), f) ==
                    static_cast<size_t>(pkt->size);
    if (std::fclose(f) != 0 || !ok) {
        std::filesystem::remove(temp);
        return Error{"cannot write " + path};
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) return Error{"cannot write " + path + ": " + ec.message()};
    return ok_status();
}

}  // namespace

Result<int64_t> write_frame_png(const std::string& recording,
                                std::shared_ptr<const FrameIndex> index, int64_t frame,
                                const std::string& png) {
    auto source = FrameSource::open(recording, std::move(index));
    if (!source) return source.error();
    auto decoded = (*source)->frame(frame);
    if (!decoded) return decoded.error();
    if (auto ok = write_png(decoded->frame.get(), png); !ok) return ok.error();
    return decoded->pts;
}

}  // namespace attune::video
