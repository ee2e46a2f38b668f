#pragma once
// Writes a decoded frame as an RGB PNG (converted with swscale and encoded with
// FFmpeg's PNG encoder), for checking a frame against another decoder. The only
// place the engine converts to RGB on the CPU.
#include <string>

#include "attune/result.hpp"

struct AVFrame;

namespace attune::video {
Status write_frame_png(const AVFrame* frame, const std::string& path);
}  // namespace attune::video
