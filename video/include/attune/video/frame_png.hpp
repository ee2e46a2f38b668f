#pragma once
// Writes one frame of a recording, decoded exactly, as an RGB PNG (converted with
// swscale and encoded with FFmpeg's PNG encoder), for checking a frame against
// another decoder (`attune-cli frame`). The only place the engine converts to RGB
// on the CPU.
#include <cstdint>
#include <memory>
#include <string>

#include "attune/result.hpp"
#include "attune/video/frame_index.hpp"

namespace attune::video {

// Frame `frame` (0-based, presentation order) of `recording` as a PNG at `png`; the frame's
// pts (stream time base) on success.
Result<int64_t> write_frame_png(const std::string& recording,
                                std::shared_ptr<const FrameIndex> index, int64_t frame,
                                const std::string& png);

}  // namespace attune::video
