#pragma once
// ClipWriter: encodes painted YUV frames and mono audio into a real media file
// with libavcodec/libavformat. Shared by the test-clip generator and the demo
// recording maker; it knows nothing about what the pictures show.
#include <cstdint>
#include <memory>
#include <string>

#include "attune/result.hpp"
#include "attune/video/av_handles.hpp"

namespace attune::testing {

struct VideoSettings {
    std::string codec = "h264";  // h264 | hevc | mpeg4 | vp9
    int width = 320;
    int height = 240;
    AVRational fps{30, 1};  // nominal frame rate
    int gop = 30;           // distance between keyframes, in frames
    int bframes = 0;
    bool open_gop = false;
    bool vfr = false;        // frame durations vary around 1/fps (time base = half a frame period)
    int rotate_degrees = 0;  // display rotation, clockwise, written as a display matrix
    AVPixelFormat pix_fmt = AV_PIX_FMT_YUV420P;
    std::string preset;  // encoder speed preset; empty = a fast default
};

struct AudioSettings {
    bool enabled = true;
    int sample_rate = 48000;  // mono
};

class ClipWriter {
  public:
    // container: mp4 | mkv | ts | avi. start_offset_us shifts every timestamp in the file.
    static Result<std::unique_ptr<ClipWriter>> open(const std::string& path,
                                                    const std::string& container,
                                                    const VideoSettings& video,
                                                    const AudioSettings& audio,
                                                    int64_t start_offset_us);
    ~ClipWriter();

    // Ticks of this per second are the video pts unit (1/fps, or 1/(2 fps) when vfr).
    AVRational video_time_base() const { return video_enc_->time_base; }
    // A writable frame in the output's pixel format to paint the next picture into.
    AVFrame* next_video_frame();
    // Encodes the frame returned by next_video_frame() with this pts (video_time_base units).
    Status submit_video(int64_t pts);
    // Appends mono samples in [-1, 1]; encoded in the codec's frame size as they fill up.
    Status submit_audio(const float* samples, int count);
    bool has_audio() const { return audio_enc_ != nullptr; }
    int audio_sample_rate() const;
    // Flushes the encoders and writes the trailer. The file is complete only after this.
    Status finish();

  private:
    ClipWriter() = default;
    Status encode(AVCodecContext* enc, AVStream* st, AVFrame* frame);
    Status encode_audio_chunk(int count);

    std::string path_;
    video::OutputContext out_;
    video::CodecContext video_enc_;
    video::CodecContext audio_enc_;
    AVStream* video_st_ = nullptr;
    AVStream* audio_st_ = nullptr;
    video::FramePtr video_frame_;
    video::FramePtr audio_frame_;
    video::PacketPtr packet_;
    std::unique_ptr<float[]> pending_;  // audio samples waiting for a full codec frame
    int pending_count_ = 0;
    int64_t audio_samples_written_ = 0;
    bool finished_ = false;
};

}  // namespace attune::testing
