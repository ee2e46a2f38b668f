#pragma once
// Opens a media file for reading with a message a user can act on when it fails.
#include <string>

#include "attune/result.hpp"
#include "attune/video/av_handles.hpp"

namespace attune::video {
Result<InputContext> open_input(const std::string& path);
}  // namespace attune::video
