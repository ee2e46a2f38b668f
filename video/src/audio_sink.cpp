#include "attune/video/audio_sink.hpp"

#include <portaudio.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace attune::video {

int64_t steady_now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

namespace {

// Consumes 10 ms blocks on an absolute schedule (no drift), like a sound card would.
class NullSink final : public AudioSink {
  public:
    explicit NullSink(Pull pull) : pull_(std::move(pull)), thread_([this] { run(); }) {}
    ~NullSink() override {
        stop_ = true;
        thread_.join();
    }
    const char* name() const override { return "null"; }

  private:
    void run() {
        constexpr int kBlock = kRate / 100;
        std::vector<float> buf(static_cast<size_t>(kBlock) * kChannels);
        auto next = std::chrono::steady_clock::now();
        while (!stop_) {
            const int64_t wall =
                std::chrono::duration_cast<std::chrono::microseconds>(next.time_since_epoch())
                    .count();
            pull_(buf.data(), kBlock, wall);
            next += std::chrono::milliseconds(10);
            std::this_thread::sleep_until(next);
        }
    }
    Pull pull_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

class PortAudioSink final : public AudioSink {
  public:
    static std::unique_ptr<AudioSink> open(Pull pull) {
        if (Pa_Initialize() != paNoError) return nullptr;
        std::unique_ptr<PortAudioSink> s(new PortAudioSink(std::move(pull)));
        if (Pa_GetDefaultOutputDevice() == paNoDevice ||
            Pa_OpenDefaultStream(&s->stream_, 0, kChannels, paFloat32, kRate,
                                 paFramesPerBufferUnspecified, &PortAudioSink::callback,
                                 s.get()) != paNoError) {
            s->stream_ = nullptr;
            return nullptr;  // ~PortAudioSink terminates PortAudio
        }
        const PaStreamInfo* info = Pa_GetStreamInfo(s->stream_);
        s->latency_us_ = info ? static_cast<int64_t>(info->outputLatency * 1e6) : 0;
        if (Pa_StartStream(s->stream_) != paNoError) return nullptr;
        return s;
    }
    ~PortAudioSink() override {
        if (stream_) {
            Pa_StopStream(stream_);
            Pa_CloseStream(stream_);
        }
        Pa_Terminate();
    }
    const char* name() const override { return "portaudio"; }

  private:
    explicit PortAudioSink(Pull pull) : pull_(std::move(pull)) {}
    static int callback(const void*, void* out, unsigned long frames,
                        const PaStreamCallbackTimeInfo*, PaStreamCallbackFlags, void* self) {
        auto* s = static_cast<PortAudioSink*>(self);
        s->pull_(static_cast<float*>(out), static_cast<int>(frames),
                 steady_now_us() + s->latency_us_);
        return paContinue;
    }
    Pull pull_;
    PaStream* stream_ = nullptr;
    int64_t latency_us_ = 0;
};

}  // namespace

std::unique_ptr<AudioSink> open_null_sink(AudioSink::Pull pull) {
    return std::make_unique<NullSink>(std::move(pull));
}

std::unique_ptr<AudioSink> open_audio_sink(AudioSink::Pull pull) {
    if (auto device = PortAudioSink::open(pull)) return device;
    return open_null_sink(std::move(pull));
}

}  // namespace attune::video
