#pragma once
// The media worker of one recording: a thread that owns the decoder, the frame
// index and the frame cache, takes commands (play, pause, rate, seek to a frame
// or a time, step), each stamped with a serial number, and publishes decoded
// frames into a small bounded queue tagged with the serial of the command they
// answer. Frames of an older serial are never delivered after a newer command
// (ffplay's serial pattern). `wake` is called from the worker when a frame is queued
// where none was (the workstation passes glfwPostEmptyEvent); the frames behind it fall
// due at next_due_us(), which the caller sleeps until. What it hands out is a
// Picture, so this header (and whoever shows the frames) never sees FFmpeg.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "attune/result.hpp"
#include "attune/video/audio_sink.hpp"
#include "attune/video/frame_index.hpp"
#include "attune/video/picture.hpp"

namespace attune::video {

class AudioTrack;
class FrameCache;
class FrameSource;
class ProxySource;
struct DecodedFrame;

// A picture to show and the serial of the command it answers. `proxy`: the picture is
// the seek proxy's (the same frame, smaller); the original's own follows it.
struct PlayerFrame : Picture {
    uint64_t serial = 0;
    bool proxy = false;
};

class Player {
  public:
    static constexpr double kMinRate = 0.1, kMaxRate = 4.0;
    static constexpr size_t kQueueFrames = 4;
    static constexpr size_t kDefaultCacheBytes = size_t{512} << 20;  // the frame cache's budget

    // Sound: the default device (null sink when there is none), the null sink always, or none.
    enum class Sound { Device, NullSink, Off };
    // `proxy_dir`: the recording's seek proxy (proxy.hpp), built or being built, or empty.
    // A seek or step to a frame neither cached nor a few frames ahead of the decoder shows
    // the proxy's picture of that frame first, then the original's, decoded after it
    // unless a newer command comes first. Playback always decodes the original.
    static Result<std::unique_ptr<Player>> open(const std::string& path,
                                                std::shared_ptr<const FrameIndex> index,
                                                std::function<void()> wake = {},
                                                Sound sound = Sound::Device, AudioTap tap = {},
                                                size_t cache_bytes = kDefaultCacheBytes,
                                                std::string proxy_dir = {});
    ~Player();  // stops and joins the worker

    // Each returns the serial stamped on the command.
    uint64_t play();
    uint64_t pause();
    uint64_t set_rate(double rate);  // clamped to 0.1x-4x
    uint64_t seek_frame(int64_t frame);
    uint64_t seek_time_us(int64_t t_us);  // the frame on screen at that time
    uint64_t step(int64_t frames);        // +/-N from the current frame (pauses)

    // The next frame to show: during playback the oldest queued frame whose time has come
    // (late ones are passed over), otherwise the answer to the latest command. Never a frame
    // answering a command older than the latest seek, step, play or pause.
    std::optional<PlayerFrame> take(int64_t now_us);
    // When take() will next return a frame, so the caller can sleep until then (mpv's
    // mp_set_timeout): `now_us` when one is ready (a command's answer, a late frame), the
    // wall time the oldest queued frame falls due during playback, kClockStartUs from now
    // while the audio clock has not started, nothing when no frame is queued (the worker's
    // `wake` says when one is).
    std::optional<int64_t> next_due_us(int64_t now_us) const;
    static constexpr int64_t kClockStartUs = 4'000;
    uint64_t serial() const;
    int64_t shown_frame() const;  // the frame last taken for display (-1 before the first)
    bool playing() const;
    double rate() const;
    // Why the last frame asked for could not be decoded, until a later one is.
    std::optional<std::string> last_error() const;
    // True while playback follows the audio clock (sound present, rate 0.5x-2x).
    bool audio_clock() const;
    const FrameIndex& index() const { return *index_; }

  private:
    enum class Kind { Play, Pause, Rate, SeekFrame, Step, Close };
    struct Command {
        Kind kind;
        uint64_t serial;
        int64_t value = 0;
        double rate = 1.0;
    };
    Player();
    uint64_t send(Kind kind, int64_t value = 0, double rate = 1.0);
    void run();
    void publish(uint64_t serial, DecodedFrame&& d, bool proxy = false);
    // Shows the proxy's picture of `target` when it has one and the original's would take
    // a seek; true when it did (the original's is then owed: refine_).
    bool show_proxy_first(uint64_t serial, int64_t target);
    // Playback on the wall clock: when `f` is due (the clock is anchored). Needs mutex_.
    int64_t wall_due_us(const PlayerFrame& f) const;
    // The oldest queued frame no newer command has made stale, or null. Needs mutex_.
    const PlayerFrame* front_current() const;

    std::shared_ptr<const FrameIndex> index_;
    std::unique_ptr<FrameSource> source_;
    std::unique_ptr<FrameCache> cache_;
    std::unique_ptr<ProxySource> proxy_;  // null without a proxy
    std::function<void()> wake_;
    std::unique_ptr<AudioTrack> audio_;  // null for a silent recording or Sound::Off
    bool audio_master_ = false;          // playing on the audio clock

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Command> commands_;
    std::deque<PlayerFrame> frames_;
    uint64_t serial_ = 0;          // newest command issued
    uint64_t display_serial_ = 0;  // newest command that changes what is shown (all but rate)
    int64_t shown_ = -1;           // the frame last taken for display
    bool playing_ = false;
    double rate_ = 1.0;
    int64_t position_ = -1;     // the frame the worker last produced
    int64_t anchor_frame_ = 0;  // playback: frame shown at anchor_wall_us_
    int64_t anchor_wall_us_ = -1;
    int64_t refine_ = -1;  // a proxy picture is on its way or shown: the original's frame owed
    uint64_t refine_serial_ = 0;
    std::optional<std::string> error_;
    std::thread worker_;
};

}  // namespace attune::video
