#include "open_input.hpp"

#include <filesystem>

#include "attune/video/av_error.hpp"

namespace attune::video {

Result<InputContext> open_input(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return Error{"recording not found: " + path + "; check the path or locate the file"};
    if (std::filesystem::file_size(path, ec) == 0)
        return Error{path + " is empty (0 bytes); the recording was not copied completely"};
    AVFormatContext* raw = nullptr;
    if (int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr); rc < 0)
        return Error{"cannot read " + path + " as a video (" + av_error_text(rc) +
                     "); is it a video file?"};
    InputContext in(raw);
    if (int rc = avformat_find_stream_info(in.get(), nullptr); rc < 0)
        return Error{"cannot find the streams in " + path + " (" + av_error_text(rc) +
                     "); the file may be damaged"};
    return in;
}

}  // namespace attune::video
