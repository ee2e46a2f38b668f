#pragma once
// The audio waveform for the timeline: minimum and maximum sample of each 10 ms
// bucket of the first audio stream (channels mixed to mono), on the session
// timeline (bucket 0 starts at the first video frame). Computed in the
// background with progress; cancellable.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "attune/result.hpp"
#include "attune/video/frame_index.hpp"

namespace attune::video {

struct Waveform {
    int64_t bucket_us = 10000;
    int64_t first_bucket_us =
        0;  // session time of bucket 0 (negative when audio starts before video)
    std::vector<float> min, max;  // per bucket, in [-1, 1]
};

// video_start_pts: pts of the first video frame (FrameIndex::pts.front()), in video_time_base.
Result<Waveform> compute_waveform(const std::string& path, int64_t video_start_pts,
                                  Rational video_time_base, const Progress& progress = {},
                                  const std::atomic<bool>* cancel = nullptr);

}  // namespace attune::video
