#pragma once
#include <string>

namespace attune::video {
// FFmpeg's description of an AVERROR code, e.g. "Invalid data found when processing input".
std::string av_error_text(int code);
}  // namespace attune::video
