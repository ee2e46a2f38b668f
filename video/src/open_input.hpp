#pragma once
// Opens a media file for reading with a message a user can act on when it fails.
#include <string>

#include "attune/result.hpp"
#include "attune/video/av_handles.hpp"

namespace attune::video {
Result<InputContext> open_input(const std::string& path);

// An opened decoder for one stream of `path` (threads: 0 lets FFmpeg choose); when this
// FFmpeg has no decoder for the codec, the message says to convert the recording.
Result<CodecContext> open_decoder(const std::string& path, const AVStream* st, int threads = 0);

// An error unless both parts of `tb` are positive: every timestamp is converted with it, and a
// zero denominator would turn times into garbage (what names the stream, e.g. "video").
Status check_time_base(const std::string& path, const char* what, AVRational tb);
}  // namespace attune::video
