#pragma once
// The test clip: every frame shows its own frame number as a barcode (see
// tests/support/barcode.hpp) and in plain digits; at each whole second the
// picture flashes white and the audio track clicks, so A/V sync can be measured.
#include <cstdint>
#include <string>
#include <vector>

#include "clip_writer.hpp"

namespace attune::testing {

struct ClipSpec {
    std::string out;
    std::string container = "mp4";
    VideoSettings video;
    double seconds = 2.0;
    int64_t start_offset_us = 0;
    bool audio = true;
};

// Presentation timestamps (video time base of ClipWriter) of every frame, in order.
// Constant rate: 0, 1, 2, ... ; variable rate: durations cycle around one frame period.
std::vector<int64_t> clip_frame_pts(const VideoSettings& video, double seconds);

// True when frame `index` is the first frame at or after a whole second (flash frame).
bool is_flash_frame(const std::vector<int64_t>& pts, AVRational time_base, size_t index);

// Audio sample rate of test clips, and the length of each click.
inline constexpr int kClipSampleRate = 48000;
inline constexpr int kClickSamples = 192;  // 4 ms

Status make_barcode_clip(const ClipSpec& spec);

}  // namespace attune::testing
