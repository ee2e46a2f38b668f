#pragma once
// The sound of one recording, played on an AudioSink and serving as the master
// clock: decode, resample to 48 kHz stereo float, keep pitch at 0.5x-2x with
// libavfilter's atempo, and say at any moment which session time is being heard.
// Outside 0.5x-2x the track is muted and the player falls back to the wall clock.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "attune/result.hpp"
#include "attune/video/audio_sink.hpp"
#include "attune/video/av_handles.hpp"

namespace attune::video {

class AudioTrack {
  public:
    static constexpr double kMinPitchRate = 0.5, kMaxPitchRate = 2.0;
    using Tap = AudioTap;

    // video_origin_us: the container time of the first video frame (session time 0).
    // With use_device false, the null sink is used even where a sound card exists.
    static Result<std::unique_ptr<AudioTrack>> open(const std::string& path,
                                                    int64_t video_origin_us, bool use_device,
                                                    Tap tap = {});
    ~AudioTrack();

    // Plays from session time t_us at `rate`; returns false (and stays silent) outside 0.5x-2x.
    bool start(int64_t t_us, double rate);
    void stop();  // silence; the clock stops
    // The session time being heard now, while playing.
    std::optional<int64_t> clock_us(int64_t now_us) const;
    const char* sink_name() const { return sink_ ? sink_->name() : "none"; }

  private:
    struct Chunk {
        int64_t source_us;           // session time of the first sample
        std::vector<float> samples;  // interleaved stereo
    };
    AudioTrack() = default;
    void produce();
    void pull(float* out, int frames, int64_t wall_us);
    void seek_decoder(int64_t t_us);
    bool build_tempo(double rate);
    void decode_into_ring();

    std::string path_;
    int64_t origin_us_ = 0;
    InputContext in_;
    CodecContext dec_;
    SwrPtr swr_;
    int stream_ = -1;
    Tap tap_;
    std::unique_ptr<AudioSink> sink_;

    // Filter graph for atempo (null at 1x).
    struct Graph;
    std::unique_ptr<Graph> tempo_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Chunk> ring_;
    bool running_ = false, stop_thread_ = false, restart_ = false, end_of_audio_ = false;
    double rate_ = 1.0;
    int64_t start_us_ = 0;         // where the current run starts (session time)
    int64_t produced_src_us_ = 0;  // session time after the last sample queued
    // Clock anchor: at wall time anchor_wall_us_ the sample of session time anchor_src_us_ is
    // heard.
    int64_t anchor_wall_us_ = -1, anchor_src_us_ = 0, heard_limit_src_us_ = 0;
    std::thread producer_;
};

}  // namespace attune::video
