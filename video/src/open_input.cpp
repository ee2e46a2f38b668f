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

Result<CodecContext> open_decoder(const std::string& path, const AVStream* st, int threads) {
    const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
    if (!codec)
        return Error{
            path + " uses the " + avcodec_get_name(st->codecpar->codec_id) +
            " codec, which this FFmpeg cannot decode; convert the recording (e.g. to H.264)"};
    CodecContext dec(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(dec.get(), st->codecpar);
    dec->pkt_timebase = st->time_base;
    dec->thread_count = threads;
    if (int rc = avcodec_open2(dec.get(), codec, nullptr); rc < 0)
        return Error{"cannot open the " + std::string(codec->name) + " decoder for " + path + ": " +
                     av_error_text(rc)};
    return dec;
}

Status check_time_base(const std::string& path, const char* what, AVRational tb) {
    if (tb.num > 0 && tb.den > 0) return ok_status();
    return Error{"the " + std::string(what) + " of " + path + " has an unusable time base (" +
                 std::to_string(tb.num) + "/" + std::to_string(tb.den) +
                 "), so its timestamps cannot be read; the file is damaged: remux or convert it"};
}

}  // namespace attune::video
