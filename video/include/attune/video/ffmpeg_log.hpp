#pragma once
// FFmpeg's own logging, set once at program start: errors only, and a message
// repeated for every frame of a damaged file said once ("Last message repeated N
// times"), so FFmpeg's chatter never buries the tables and messages of a command.
namespace attune::video {
void quiet_ffmpeg_log();
}  // namespace attune::video
