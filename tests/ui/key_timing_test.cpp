// When a key codes, in the real workstation under xvfb-run: at the frame that was on
// screen when it went down (during playback too), never when no frame is on screen (an
// undecodable stretch), and a held arrow never steps while a text field has the keyboard.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

#include "attune/video/av_handles.hpp"
#include "attune/video/frame_index.hpp"
#include "attune/video/frame_source.hpp"
#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

// The frame the script says was on screen for each press of `chord`, in order.
std::vector<int64_t> frames_pressed(const std::string& output, const std::string& chord) {
    std::vector<int64_t> frames;
    const std::regex line("script:\\d+: " + std::regex_replace(chord, std::regex("\\+"), "\\+") +
                          " pressed with frame (\\d+) on screen");
    for (std::sregex_iterator it(output.begin(), output.end(), line), end; it != end; ++it)
        frames.push_back(std::stoll((*it)[1]));
    return frames;
}

// A copy of `clip` whose video packets from the keyframe `gop` keyframes in up to the next
// keyframe are overwritten with zeros: the container is intact (it opens, it indexes) but
// that stretch cannot be decoded. Returns the first frame of the stretch.
int64_t damage_one_gop(const std::string& clip, const std::string& out, int gop) {
    fs::copy_file(clip, out, fs::copy_options::overwrite_existing);
    AVFormatContext* raw = nullptr;
    REQUIRE(avformat_open_input(&raw, clip.c_str(), nullptr, nullptr) >= 0);
    video::InputContext in(raw);
    REQUIRE(avformat_find_stream_info(in.get(), nullptr) >= 0);
    const int stream = av_find_best_stream(in.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    REQUIRE(stream >= 0);
    std::vector<std::pair<int64_t, int>> zeroed;  // byte position, size
    int keys = -1;
    video::PacketPtr pkt = video::make_packet();
    while (av_read_frame(in.get(), pkt.get()) >= 0) {
        if (pkt->stream_index == stream) {
            if (pkt->flags & AV_PKT_FLAG_KEY) ++keys;
            if (keys == gop) {
                REQUIRE(pkt->pos >= 0);
                zeroed.emplace_back(pkt->pos, pkt->size);
            }
        }
        av_packet_unref(pkt.get());
    }
    REQUIRE(zeroed.size() > 10);
    std::fstream f(out, std::ios::in | std::ios::out | std::ios::binary);
    for (const auto& [pos, size] : zeroed) {
        f.seekp(pos);
        const std::string zeros(static_cast<size_t>(size), '\0');
        f.write(zeros.data(), size);
    }
    REQUIRE(f.good());
    return 30 * gop;  // the clip's keyframes are every 30 frames
}

}  // namespace

TEST_CASE("a key pressed during 1x playback codes the frame on screen when it went down",
          "[ui][coding][keys]") {
    const UiStudy s = make_ui_study("key_during_playback", "ui_coding", 6);
    // P_GREET (Alt+g) is a point: each press is one event. 20 presses 100 ms apart while
    // playing; then one press while paused, to tie what the script reports to the picture.
    std::string script = "open P01\nseek 5\nkey Space\nwait 200\n";
    for (int i = 0; i < 20; ++i) script += "key Alt+g\nwait 100\n";
    script += "key Space\nframes 5\nkey Alt+g\nquit\n";
    const std::string shot = s.dir + "/paused.png";
    auto run =
        run_process(workstation_command(s, write_script(s, "play.script", script), shot), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE_FALSE(run->timed_out);
    REQUIRE(run->exit_code == 0);

    const auto seen = frames_pressed(run->output, "Alt+g");
    REQUIRE(seen.size() == 21);
    CHECK(seen[19] > seen[0]);  // the video was playing
    const auto events = coded_events(s.study);
    REQUIRE(events.size() == 21);
    for (size_t i = 0; i < events.size(); ++i) {
        INFO("press " << i);
        CHECK(events[i].behaviour == "P_GREET");
        CHECK(events[i].start_frame == seen[i]);
    }
    // Paused, the frame the script reports is the picture on screen (read by its barcode).
    const auto code = barcode_in_screenshot(shot);
    REQUIRE(code);
    CHECK(static_cast<int64_t>(*code) == seen[20]);
    CHECK(events[20].start_frame == seen[20]);
}

TEST_CASE("a key on a stretch that cannot be decoded codes nothing and says why",
          "[ui][coding][keys][bad-input]") {
    UiStudy s = make_ui_study("key_on_damage", "ui_coding", 6);
    const std::string damaged = s.dir + "/damaged.mp4";
    const int64_t from = damage_one_gop(s.recording, damaged, 2);
    {  // the damage is what the test needs: frames before it decode, frames in it do not
        av_log_set_level(AV_LOG_QUIET);  // the decoder's complaints about the zeros
        auto index = video::build_frame_index(damaged);
        REQUIRE(index.ok());
        auto src = video::FrameSource::open(
            damaged, std::make_shared<const video::FrameIndex>(std::move(*index)));
        REQUIRE(src.ok());
        REQUIRE((*src)->frame(20).ok());
        REQUIRE_FALSE((*src)->frame(from + 15).ok());
    }
    add_ui_session(s, "P02", damaged);
    // HARD_CRY (h) is a state; P_GREET (Alt+g) codes first on a frame that shows.
    // Then back to a frame that shows: coding works again there (the error is not sticky).
    const std::string script = "open P02\nseek 20\nkey Alt+g\nseek " + std::to_string(from + 15) +
                               "\nkey h\nframes 3\nseek 12\nkey Alt+g\nquit\n";
    auto run =
        run_process(workstation_command(s, write_script(s, "damage.script", script), ""), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE_FALSE(run->timed_out);
    REQUIRE(run->exit_code == 0);
    const auto events = coded_events(s.study, "P02");
    REQUIRE(events.size() == 2);
    CHECK(events[0].behaviour == "P_GREET");
    CHECK(events[0].start_frame == 12);
    CHECK(events[1].behaviour == "P_GREET");
    CHECK(events[1].start_frame == 20);
    CHECK_THAT(run->output, Catch::Contains("h pressed with no frame on screen"));
    CHECK_THAT(run->output, Catch::Contains("attune: error: Not coded: no picture is on screen ("));
    // The decoder's complaints (thousands of lines) are in the log file, not on the terminal.
    CHECK_THAT(run->output, !Catch::Contains("Invalid NAL unit size"));
    const std::string log = s.dir + "/state/attune/ffmpeg.log";
    std::ifstream in(log);
    const std::string logged((std::istreambuf_iterator<char>(in)), {});
    CHECK_THAT(logged, Catch::Contains("Invalid NAL unit size"));
}

TEST_CASE("a second workstation writes its own FFmpeg log, never the first one's",
          "[ui][bad-input]") {
    UiStudy s = make_ui_study("two_ffmpeg_logs", "ui_coding", 2);
    const std::string dir = s.dir + "/state/attune";
    fs::create_directories(dir);
    {
        std::ofstream first(dir + "/ffmpeg.log");
        first << "the first window's lines\n";
    }
    // The first window holds the lock while it runs; this test holds it in its place.
    const int lock = ::open((dir + "/ffmpeg.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    REQUIRE(lock >= 0);
    REQUIRE(::flock(lock, LOCK_EX | LOCK_NB) == 0);
    auto run =
        run_process(workstation_command(s, write_script(s, "log.script", "quit\n"), ""), 120);
    ::close(lock);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    std::ifstream in(dir + "/ffmpeg.log");
    const std::string kept((std::istreambuf_iterator<char>(in)), {});
    CHECK(kept == "the first window's lines\n");
    size_t own = 0;
    for (const auto& entry : fs::directory_iterator(dir))
        own += entry.path().filename().string().rfind("ffmpeg-", 0) == 0 ? 1 : 0;
    CHECK(own == 1);
}

TEST_CASE("holding Right in a text field moves the cursor, never the video", "[ui][keys]") {
    const UiStudy s = make_ui_study("hold_in_text_field", "ui_coding", 6);
    // Ctrl+G opens the go-to field with the keyboard in it; Right is held for 1.5 s there,
    // five times the hold delay.
    const std::string script =
        "open P01\nseek 10\nkey Ctrl+G\nframes 2\nhold Right 1500\nkey Escape\nframes 5\nquit\n";
    const std::string shot = s.dir + "/held.png";
    auto run =
        run_process(workstation_command(s, write_script(s, "hold.script", script), shot), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    CHECK(read_picture_note(shot).at("frame") == 10);
    const auto code = barcode_in_screenshot(shot);
    REQUIRE(code);
    CHECK(*code == 10u);
}
