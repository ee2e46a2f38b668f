#pragma once
// Where decoded sound goes: the default PortAudio device, or, where there is no
// device (CI, servers), a null sink that consumes samples at the same pace on its
// own thread, so the audio clock code runs the same either way. Sinks pull
// interleaved stereo float samples at 48 kHz from a callback.
#include <cstdint>
#include <functional>
#include <memory>

namespace attune::video {

class AudioSink {
  public:
    static constexpr int kRate = 48000, kChannels = 2;
    // Fill `frames` stereo frames; `wall_us` is when the first of them will be heard.
    using Pull = std::function<void(float* out, int frames, int64_t wall_us)>;
    virtual ~AudioSink() = default;
    virtual const char* name() const = 0;
};

// For tests: every block handed to the sink, with the wall time its first sample is heard.
using AudioTap = std::function<void(const float* stereo, int frames, int64_t wall_us)>;

// Microseconds on the steady clock, the time base of `wall_us` and of the player.
int64_t steady_now_us();

std::unique_ptr<AudioSink> open_null_sink(AudioSink::Pull pull);
// The default output device through PortAudio; the null sink when there is none.
std::unique_ptr<AudioSink> open_audio_sink(AudioSink::Pull pull);

}  // namespace attune::video
