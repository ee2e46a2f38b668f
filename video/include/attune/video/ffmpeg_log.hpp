#pragma once
// FFmpeg's own logging, set once at program start, so its chatter never buries what
// Attune says: a damaged recording makes the decoder complain for every frame (thousands of
// "Invalid NAL unit size" lines).
//   quiet_ffmpeg_log()      errors only, a message repeated for every frame said once
//                           ("Last message repeated N times") — for the CLI's terminal
//   log_ffmpeg_to_file(p)   warnings and errors into the file p (one run's worth: the file
//                           is started anew, at most 10,000 lines) — for the workstation,
//                           whose terminal should show only Attune's own messages
#include <string>

#include "attune/result.hpp"

namespace attune::video {
void quiet_ffmpeg_log();
Status log_ffmpeg_to_file(const std::string& path);
}  // namespace attune::video
