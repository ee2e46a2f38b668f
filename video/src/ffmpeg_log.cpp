#include "attune/video/ffmpeg_log.hpp"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>

extern "C" {
#include <libavutil/log.h>
}

namespace attune::video {
namespace {

constexpr int kMaxLines = 10000;

// The one log file FFmpeg's callback writes to, from whichever thread decodes.
struct LogFile {
    std::mutex mutex;
    std::FILE* file = nullptr;
    int lines = 0;
    int print_prefix = 1;
};

LogFile& log_file() {
    static LogFile f;
    return f;
}

void write_line(void* avcl, int level, const char* fmt, va_list args) {
    if (level > AV_LOG_WARNING) return;
    LogFile& f = log_file();
    char line[1024];
    std::lock_guard lock(f.mutex);
    av_log_format_line2(avcl, level, fmt, args, line, sizeof line, &f.print_prefix);
    if (!f.file || f.lines > kMaxLines) return;
    if (++f.lines > kMaxLines)
        std::fputs("(FFmpeg said more; the rest of this run is not logged)\n", f.file);
    else
        std::fputs(line, f.file);
    std::fflush(f.file);
}

}  // namespace

void quiet_ffmpeg_log() {
    av_log_set_level(AV_LOG_ERROR);
    av_log_set_flags(AV_LOG_SKIP_REPEATED);
}

Status log_ffmpeg_to_file(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "w");
    if (!file) return Error{"cannot write FFmpeg's log to " + path + ": " + std::strerror(errno)};
    LogFile& f = log_file();
    {
        std::lock_guard lock(f.mutex);
        if (f.file) std::fclose(f.file);
        f.file = file;
        f.lines = 0;
    }
    av_log_set_level(AV_LOG_WARNING);
    av_log_set_callback(write_line);
    return ok_status();
}

}  // namespace attune::video
