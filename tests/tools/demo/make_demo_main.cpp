// attune-make-demo: writes the demo recording, a synthetic Strange Situation in
// eight short episodes with captions, figures entering and leaving, and sound.
// --events-out writes the staged truth (procedural events, crying) as JSON.
// Exit codes: 0 written, 1 could not write (message says why), 2 bad arguments.
#include <stb_image_write.h>
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>

#include "clip_writer.hpp"
#include "demo_audio.hpp"
#include "demo_painter.hpp"

extern "C" {
#include <libavutil/log.h>
}

namespace {

using namespace attune;
using namespace attune::demo;

struct DemoOptions {
    std::string out, events_out;
    std::string recording_name;   // the final file name, recorded in the events JSON
    std::optional<double> still;  // write only the picture at this second, as PNG
    int width = 1280, height = 720, fps = 30;
    double episode_seconds = 20;
};

Status write_events(const DemoOptions& o, const DemoScript& script) {
    nlohmann::json j;
    j["recording"] = o.recording_name;
    j["fps"] = o.fps;
    j["episode_seconds"] = o.episode_seconds;
    j["events"] = nlohmann::json::array();
    for (const ScriptEvent& e : script.events()) {
        // The frame on screen at an instant is the last one that started at or before it.
        auto frame = [&](double s) { return static_cast<int64_t>(std::floor(s * o.fps + 1e-9)); };
        const int64_t last = static_cast<int64_t>(std::llround(script.duration() * o.fps)) - 1;
        j["events"].push_back({{"behaviour", e.behaviour},
                               {"subject", e.subject},
                               {"start_frame", std::min(frame(e.start_s), last)},
                               {"stop_frame", std::min(frame(e.stop_s), last)}});
    }
    std::ofstream f(o.events_out);
    f << j.dump(2) << "\n";
    if (!f) return Error{"cannot write " + o.events_out};
    return ok_status();
}

Status make_demo(const DemoOptions& o) {
    auto regular = Font::load("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if (!regular) return regular.error();
    auto bold = Font::load("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
    if (!bold) return bold.error();

    if (o.still) {
        const DemoScript script(o.episode_seconds);
        const DemoPainter painter(o.width, o.height, *regular, *bold);
        Canvas canvas(o.width, o.height);
        painter.paint(script.at(*o.still), *o.still, std::llround(*o.still * o.fps), canvas);
        if (stbi_write_png(o.out.c_str(), o.width, o.height, 3, canvas.data(), 3 * o.width) == 0)
            return Error{"cannot write " + o.out};
        return ok_status();
    }

    testing::VideoSettings video;
    video.width = o.width;
    video.height = o.height;
    video.fps = {o.fps, 1};
    video.gop = 2 * o.fps;
    video.bframes = 2;
    testing::AudioSettings audio;
    auto writer = testing::ClipWriter::open(o.out, "mp4", video, audio, 0);
    if (!writer) return writer.error();
    testing::ClipWriter& w = **writer;

    const DemoScript script(o.episode_seconds);
    const DemoPainter painter(o.width, o.height, *regular, *bold);
    DemoAudio sound(script, audio.sample_rate);
    Canvas canvas(o.width, o.height);
    video::SwsPtr rgb_to_yuv(sws_getContext(o.width, o.height, AV_PIX_FMT_RGB24, o.width, o.height,
                                            AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr,
                                            nullptr));
    const auto frames = static_cast<int64_t>(std::llround(script.duration() * o.fps));
    const int samples_per_frame = audio.sample_rate / o.fps;
    std::vector<float> samples(static_cast<size_t>(samples_per_frame));
    for (int64_t i = 0; i < frames; ++i) {
        const double t = static_cast<double>(i) / o.fps;
        sound.render(samples.data(), samples_per_frame);
        if (auto ok = w.submit_audio(samples.data(), samples_per_frame); !ok) return ok;
        painter.paint(script.at(t), t, i, canvas);
        AVFrame* f = w.next_video_frame();
        const uint8_t* src[] = {canvas.data()};
        const int src_stride[] = {3 * o.width};
        sws_scale(rgb_to_yuv.get(), src, src_stride, 0, o.height, f->data, f->linesize);
        if (auto ok = w.submit_video(i); !ok) return ok;
        if (i % (10 * o.fps) == 0)
            std::fprintf(stderr, "\rattune-make-demo: %3lld%%",
                         static_cast<long long>(100 * i / frames));
    }
    std::fprintf(stderr, "\rattune-make-demo: 100%%\n");
    if (auto ok = w.finish(); !ok) return ok;
    return o.events_out.empty() ? ok_status() : write_events(o, script);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Writes Attune's demo recording: a synthetic Strange Situation session."};
    DemoOptions o;
    std::string size = "1280x720";
    app.add_option("--out", o.out, "Output MP4 file")->required();
    app.add_option("--events-out", o.events_out, "Also write the staged events as JSON here");
    app.add_option("--size", size, "Picture size WxH")->capture_default_str();
    app.add_option("--fps", o.fps, "Frames per second")
        ->check(CLI::Range(10, 60))
        ->capture_default_str();
    app.add_option("--episode-seconds", o.episode_seconds, "Length of each of the eight episodes")
        ->check(CLI::Range(1.0, 600.0))
        ->capture_default_str();
    app.add_option("--still", o.still, "Write only the picture at this second, as a PNG, to --out");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    std::smatch m;
    if (!std::regex_match(size, m, std::regex(R"((\d+)x(\d+))")) || std::stoi(m[1]) < 320 ||
        std::stoi(m[2]) < 180 || std::stoi(m[1]) % 2 || std::stoi(m[2]) % 2) {
        std::fprintf(
            stderr,
            "attune-make-demo: --size must be even numbers like 1280x720, at least 320x180\n");
        return 2;
    }
    o.width = std::stoi(m[1]);
    o.height = std::stoi(m[2]);

    av_log_set_level(AV_LOG_ERROR);
    // Write beside the target and rename, so an interrupted run leaves no half-written file.
    const std::string final_path = o.out;
    o.recording_name = std::filesystem::path(final_path).filename().string();
    o.out = final_path + (o.still ? ".partial.png" : ".partial.mp4");
    if (auto ok = make_demo(o); !ok) {
        std::filesystem::remove(o.out);
        std::fprintf(stderr, "attune-make-demo: %s\n", ok.error().message.c_str());
        return 1;
    }
    std::filesystem::rename(o.out, final_path);
    std::printf("%s\n", final_path.c_str());
    return 0;
}
