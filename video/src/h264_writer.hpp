#pragma once
// Writes decoded frames as an H.264 file (libx264), under a temporary name until finish()
// renames it into place: a failed, cancelled or killed write never leaves a half-written
// file at the path. The proxy (intra-only, for seeking) and the feedback reel (for a family
// to watch) are both written with it.
#include <map>
#include <memory>
#include <string>

#include "attune/result.hpp"
#include "attune/video/av_handles.hpp"

namespace attune::video {

struct H264Settings {
    int width = 0, height = 0;
    AVPixelFormat pix_fmt = AV_PIX_FMT_YUV420P;
    AVColorRange color_range = AVCOL_RANGE_UNSPECIFIED;
    AVColorSpace colorspace = AVCOL_SPC_UNSPECIFIED;
    AVRational time_base{1, 1000};  // of the pts given to write()
    const char* container = "mp4";  // an FFmpeg muxer name
    const char* preset = "veryfast";
    const char* crf = "18";
    const char* x264_params = "";    // e.g. "keyint=1:scenecut=0" for intra-only
    const char* what = "the video";  // in messages: "cannot write the proxy: ..."
};

class H264Writer {
  public:
    static Result<std::unique_ptr<H264Writer>> open(const std::string& path,
                                                    const H264Settings& settings);
    ~H264Writer();  // removes the temporary file unless finish() succeeded
    H264Writer(const H264Writer&) = delete;
    H264Writer& operator=(const H264Writer&) = delete;

    // Encodes one frame (its pts in settings.time_base, strictly increasing) that is on
    // screen for `duration` (the same units; 0: unknown). The muxer needs the durations to
    // keep the last frame: without one, an MP4's edit list ends where the last frame starts.
    Status write(AVFrame* frame, int64_t duration = 0);
    // Flushes the encoder, writes the trailer and renames the file into place.
    Status finish();

  private:
    H264Writer() = default;
    Status drain();
    std::string path_, temp_, what_;
    OutputContext out_;
    CodecContext enc_;
    AVStream* stream_ = nullptr;
    PacketPtr packet_ = make_packet();
    std::map<int64_t, int64_t> durations_;  // by pts, until the frame's packet is written
    bool finished_ = false;
};

}  // namespace attune::video
