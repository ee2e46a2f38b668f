// Must not compile: av_handles.hpp includes FFmpeg, which app/ code may not see (see
// tests/CMakeLists.txt, video.ffmpeg_fence.*).
#include "attune/video/av_handles.hpp"
