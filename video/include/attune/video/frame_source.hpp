#pragma once
// Decodes exactly the frame asked for, by index: keyframe at or before it from the
// frame index (by byte position where the container has no index), decode and
// discard up to it, non-reference frames skipped on the way. Consecutive requests
// decode forward without seeking. Frames stay YUV (no RGB conversion here).
// One FrameSource is used by one thread at a time (the media worker).
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "attune/result.hpp"
#include "attune/video/av_handles.hpp"
#include "attune/video/frame_cache.hpp"
#include "attune/video/frame_index.hpp"

namespace attune::video {

struct DecodedFrame {
    int64_t index = -1;
    int64_t pts = 0;  // stream time base
    FramePtr frame;   // YUV planes as decoded
};

struct DecodeStats {
    int64_t seeks = 0, packets = 0, frames_decoded = 0, frames_skipped = 0, cache_hits = 0;
};

class FrameSource {
  public:
    static Result<std::unique_ptr<FrameSource>> open(const std::string& path,
                                                     std::shared_ptr<const FrameIndex> index);
    ~FrameSource();

    Result<DecodedFrame> frame(int64_t index);
    // Decoded frames go into (and are served from) this cache; null for none. Not owned.
    void set_cache(FrameCache* cache) { cache_ = cache; }
    const FrameIndex& index() const { return *index_; }
    const DecodeStats& stats() const { return stats_; }
    // Frames decoded ahead of a seek target that are no older than this may be reused.
    int64_t position() const { return next_; }
    // Asked before each packet is read: true stops frame() with an error and
    // interrupted() set (a newer command made the frame stale). The decoder's state stays
    // consistent: the next frame() goes on from where it stopped or seeks.
    void set_interrupt(std::function<bool()> stop) { interrupt_ = std::move(stop); }
    bool interrupted() const { return interrupted_; }

  private:
    FrameSource() = default;
    Status seek_to(int64_t target);
    // The next frame in presentation order from the decoder, or an error at the end.
    Result<DecodedFrame> next_frame(int64_t target);

    std::string path_;
    std::shared_ptr<const FrameIndex> index_;
    InputContext in_;
    CodecContext dec_;
    PacketPtr packet_;
    int stream_ = -1;
    int64_t next_ = -1;  // index of the next frame the decoder will deliver; -1 before a seek
    bool input_done_ = false;
    bool skip_nonref_ = true;
    int64_t last_target_ = -1;
    FrameCache* cache_ = nullptr;
    std::function<bool()> interrupt_;
    bool interrupted_ = false;
    std::unordered_map<int64_t, int64_t>
        frame_of_release_;  // decode_order files: release dts -> frame
    DecodeStats stats_;
};

}  // namespace attune::video
