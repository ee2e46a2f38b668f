#pragma once
// A plain libav decode loop, independent of Attune's video engine, so tests can
// check generated clips (and later the engine) against what FFmpeg itself decodes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attune/result.hpp"

namespace attune::testing {

struct DecodedVideoFrame {
    int64_t pts = 0;                  // best-effort timestamp, stream time base
    std::optional<uint32_t> barcode;  // frame number read from the picture
    bool flash = false;               // picture below the barcode band is white
    // Near-white pixels in the bottom sixth of the picture: none on a test clip's own frames
    // but its flashes, many where white text (a burned-in caption) is drawn there.
    int bright_bottom_pixels = 0;
};

struct DecodedClip {
    int width = 0, height = 0, bit_depth = 8;
    int time_base_num = 0, time_base_den = 1;  // video stream time base
    double rotation_degrees = 0;               // clockwise, from the display matrix
    std::vector<DecodedVideoFrame> frames;     // presentation order
    int audio_sample_rate = 0;                 // 0 when there is no audio stream
    std::vector<int64_t> click_onsets_us;      // audio click starts, from the audio pts
    int64_t video_start_us = 0;                // pts of the first video frame, microseconds
};

// Decodes every video frame (and the first audio stream, if any) of `path`.
Result<DecodedClip> decode_clip(const std::string& path);

}  // namespace attune::testing
