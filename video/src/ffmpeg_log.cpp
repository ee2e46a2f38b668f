#include "attune/video/ffmpeg_log.hpp"

extern "C" {
#include <libavutil/log.h>
}

namespace attune::video {

void quiet_ffmpeg_log() {
    av_log_set_level(AV_LOG_ERROR);
    av_log_set_flags(AV_LOG_SKIP_REPEATED);
}

}  // namespace attune::video
