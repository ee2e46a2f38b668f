#pragma once
// What a media file holds, read without decoding: container, streams, timing,
// rotation, pixel format, colour, audio format.
#include <cstdint>
#include <optional>
#include <string>

#include "attune/result.hpp"

namespace attune::video {

struct Rational {
    int num = 0, den = 1;
    double value() const { return den ? static_cast<double>(num) / den : 0.0; }
};

struct VideoStreamInfo {
    int index = -1;
    std::string codec, pix_fmt;
    int width = 0, height = 0, bit_depth = 8;
    Rational time_base, nominal_rate, average_rate;
    int64_t start_pts = 0;     // first timestamp, stream time base (0 when unknown)
    int rotation_degrees = 0;  // clockwise, to apply for display (0, 90, 180, 270)
    std::string colour_space;  // bt709, smpte170m, bt2020nc, ... ("unknown" when unspecified)
    std::string colour_range;  // tv (limited) or pc (full), "unknown" when unspecified
    std::string colour_primaries, colour_transfer;
    int64_t frame_count_hint =
        0;  // from the container, may be 0 or wrong; the frame index is the truth
};

struct AudioStreamInfo {
    int index = -1;
    std::string codec, sample_fmt;
    int sample_rate = 0, channels = 0;
    Rational time_base;
};

struct ProbeInfo {
    std::string path, container, container_long;
    int64_t duration_us = 0;  // 0 when unknown
    int64_t start_us = 0;     // container start time
    int64_t size_bytes = 0;
    std::optional<VideoStreamInfo> video;
    std::optional<AudioStreamInfo> audio;
};

// Reads the file's headers (and a little data for stream parameters).
Result<ProbeInfo> probe(const std::string& path);

std::string probe_to_text(const ProbeInfo& p);
std::string probe_to_json(const ProbeInfo& p);

}  // namespace attune::video
