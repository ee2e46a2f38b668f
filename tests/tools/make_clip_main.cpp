// attune-make-clip: writes a test clip whose frames carry their own frame number.
// Exit codes: 0 written, 1 could not write (message says why), 2 bad arguments.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <regex>

#include "barcode_clip.hpp"

extern "C" {
#include <libavutil/log.h>
#include <libavutil/parseutils.h>
}

using attune::testing::ClipSpec;

int main(int argc, char** argv) {
    CLI::App app{
        "Writes a test clip: every frame shows its frame number as a barcode and in digits;\n"
        "at every whole second the picture flashes and the audio clicks."};
    ClipSpec spec;
    std::string size = "320x240", fps = "30", pix_fmt = "yuv420p", audio = "tone";
    double start_offset = 0;
    app.add_option("--out", spec.out, "Output file")->required();
    app.add_option("--size", size, "Picture size WxH")->capture_default_str();
    app.add_option("--fps", fps, "Frame rate, N or N/D (e.g. 30000/1001)")->capture_default_str();
    app.add_option("--seconds", spec.seconds, "Duration in seconds")->capture_default_str();
    app.add_option("--gop", spec.video.gop, "Keyframe distance in frames")->capture_default_str();
    app.add_option("--bframes", spec.video.bframes, "B-frames between references")
        ->capture_default_str();
    app.add_option("--codec", spec.video.codec, "h264|hevc|mpeg4|vp9")
        ->check(CLI::IsMember({"h264", "hevc", "mpeg4", "vp9"}))
        ->capture_default_str();
    app.add_option("--container", spec.container, "mp4|mkv|ts|avi")
        ->check(CLI::IsMember({"mp4", "mkv", "ts", "avi"}))
        ->capture_default_str();
    app.add_flag("--vfr", spec.video.vfr, "Variable frame durations around 1/fps");
    app.add_flag("--open-gop", spec.video.open_gop,
                 "Allow open GOPs (B-frames referencing across keyframes)");
    app.add_option("--start-offset", start_offset, "Shift every timestamp by this many seconds");
    app.add_option("--rotate", spec.video.rotate_degrees,
                   "Display rotation metadata, clockwise degrees")
        ->check(CLI::IsMember({0, 90, 180, 270}));
    app.add_option("--pix-fmt", pix_fmt, "yuv420p|yuv420p10le")
        ->check(CLI::IsMember({"yuv420p", "yuv420p10le"}))
        ->capture_default_str();
    app.add_option("--audio", audio, "tone|none")
        ->check(CLI::IsMember({"tone", "none"}))
        ->capture_default_str();
    app.add_option("--preset", spec.video.preset, "Encoder speed preset (x264/x265 names)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    std::smatch m;
    if (!std::regex_match(size, m, std::regex(R"((\d+)x(\d+))"))) {
        std::fprintf(stderr, "attune-make-clip: --size must look like 640x360, not '%s'\n",
                     size.c_str());
        return 2;
    }
    spec.video.width = std::stoi(m[1]);
    spec.video.height = std::stoi(m[2]);
    if (av_parse_video_rate(&spec.video.fps, fps.c_str()) < 0) {
        std::fprintf(stderr,
                     "attune-make-clip: --fps must be a rate such as 30 or 30000/1001, not '%s'\n",
                     fps.c_str());
        return 2;
    }
    spec.video.pix_fmt = pix_fmt == "yuv420p10le" ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV420P;
    spec.audio = audio == "tone";
    spec.start_offset_us = static_cast<int64_t>(start_offset * 1e6);

    av_log_set_level(AV_LOG_ERROR);
    // Write beside the target and rename, so a failed run never leaves a half-written clip.
    const std::string final_path = spec.out;
    spec.out = final_path + ".partial" + std::filesystem::path(final_path).extension().string();
    if (auto ok = attune::testing::make_barcode_clip(spec); !ok) {
        std::filesystem::remove(spec.out);
        std::fprintf(stderr, "attune-make-clip: %s\n", ok.error().message.c_str());
        return 1;
    }
    std::filesystem::rename(spec.out, final_path);
    return 0;
}
