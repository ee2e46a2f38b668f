#include "attune/video/av_error.hpp"

extern "C" {
#include <libavutil/error.h>
}

namespace attune::video {
std::string av_error_text(int code) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    if (av_strerror(code, buf, sizeof buf) < 0) return "FFmpeg error " + std::to_string(code);
    return buf;
}
}  // namespace attune::video
