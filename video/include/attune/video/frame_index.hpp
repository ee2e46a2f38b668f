#pragma once
// The frame index of a video stream: the presentation timestamp of every frame in
// presentation order, which frames are keyframes, and where to seek for each.
// Built by a demux-only scan; files whose packets lack timestamps (AVI with
// B-frames) fall back to a decode scan. Frame numbers are 0-based indexes here.
#include <atomic>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attune/result.hpp"
#include "attune/video/probe.hpp"

namespace attune::video {

struct SeekPoint {
    int64_t frame = 0;  // the keyframe's index (presentation order)
    int64_t dts = 0;    // its packet's decode timestamp (stream time base)
    int64_t pos = -1;   // its packet's byte position, -1 when unknown
};

class FrameIndex {
  public:
    Rational time_base;
    int stream = -1;
    bool decode_order = false;  // built by decoding: frames are identified by release_dts
    bool byte_seek = false;     // seek by byte position (containers without an index, e.g. MPEG-TS)
    std::vector<int64_t> pts;   // presentation order, strictly increasing
    std::vector<SeekPoint> keys;  // keyframes in presentation order
    // decode_order only: for each frame, the dts of the packet whose decoding released it
    // from the decoder. The release pattern is the same after a seek, so it identifies
    // frames where timestamps cannot (AVI with B-frames has no pts).
    std::vector<int64_t> release_dts;

    int64_t frame_count() const { return static_cast<int64_t>(pts.size()); }
    // Microseconds from the first frame: the session timeline's t_us.
    int64_t t_us(int64_t frame) const;
    // The frame with exactly this pts, if any.
    std::optional<int64_t> frame_with_pts(int64_t pts) const;
    // The frame on screen at t_us (the last one starting at or before it).
    int64_t frame_at_us(int64_t t_us) const;
    // The keyframe to start decoding from to reach `frame`.
    const SeekPoint& seek_point_for(int64_t frame) const;

    // An error when the index is not one that seeking can rely on: a time base that is not
    // positive, no frames, presentation times that do not strictly increase, no seek point at
    // frame 0, keyframes out of order or past the last frame, release times missing.
    Status validate() const;
    // An error when the index cannot describe this file (another stream or time base, frames
    // starting well before or after the video does, or lasting well past its end): a cached
    // index for a file that changed. Includes validate().
    Status fits(const ProbeInfo& file) const;

    std::string serialize() const;
    // Bytes from serialize(), checked: damaged, truncated or inconsistent bytes are an error
    // (never a crash or a read past the end), and the result passes validate().
    static Result<FrameIndex> deserialize(const std::string& bytes);
};

// progress receives 0..1; setting *cancel stops the scan with an error.
using Progress = std::function<void(double)>;
Result<FrameIndex> build_frame_index(const std::string& path, const Progress& progress = {},
                                     const std::atomic<bool>* cancel = nullptr);

// The same scan on its own thread: the caller goes on (drawing frames) and reads
// `progress` (0..1) for its progress bar; setting `cancel` stops the scan.
struct IndexTask {
    std::shared_ptr<std::atomic<double>> progress = std::make_shared<std::atomic<double>>(0.0);
    std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
    std::future<Result<FrameIndex>> result;
};
IndexTask start_frame_index(const std::string& path);

}  // namespace attune::video
