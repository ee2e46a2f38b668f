// Must not compile: app/ code links attune_video and may not include FFmpeg (see
// tests/CMakeLists.txt, video.ffmpeg_fence.*).
#include <libavutil/frame.h>
