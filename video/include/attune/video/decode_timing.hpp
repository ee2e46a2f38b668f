#pragma once
// Timed decoding for `attune-cli bench video`: the plain libav loop the engine is
// compared with (demux and decode every frame, nothing else), and a FrameTimer
// that asks the engine for frames one after another and reports how long each
// took, with or without the frame cache. The benchmark composes these into its
// seek and step figures; the FFmpeg code stays here, in video/.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attune/result.hpp"
#include "attune/video/frame_index.hpp"

namespace attune::video {

// Frames per second of a plain libav loop over the file's video stream (2 decoder threads,
// as the engine uses).
Result<double> plain_decode_fps(const std::string& path);

class FrameTimer {
  public:
    static Result<std::unique_ptr<FrameTimer>> open(const std::string& path,
                                                    std::shared_ptr<const FrameIndex> index);
    // Frames of the seek proxy in `dir` (proxy.hpp) of a recording of `frames` frames.
    static Result<std::unique_ptr<FrameTimer>> open_proxy(const std::string& dir, int64_t frames);
    ~FrameTimer();

    // Decodes each frame in turn (exactly, as the player asks for it); the milliseconds each
    // took. Fails at the first frame that cannot be decoded or is not the one asked for.
    Result<std::vector<double>> time(const std::vector<int64_t>& frames);
    // With the cache on, decoded frames are kept (default budget) and served from it.
    void use_cache(bool on);
    size_t cache_bytes() const;  // what the cache holds now

  private:
    struct Engine;
    explicit FrameTimer(std::unique_ptr<Engine> engine);
    std::unique_ptr<Engine> engine_;
};

// The frames from..to in the order walked, both included (to < from walks backwards).
std::vector<int64_t> frame_walk(int64_t from, int64_t to);

}  // namespace attune::video
