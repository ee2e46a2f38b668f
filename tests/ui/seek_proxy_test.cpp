// The seek proxy in the real workstation under xvfb-run: built in the background into the
// user's cache directory when a recording is opened, then seeks show its picture of the
// frame asked for at once (the original's follows), and a key pressed while the proxy's
// picture is on screen codes that frame.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "attune/video/proxy.hpp"
#include "attune/video/proxy_source.hpp"
#include "barcode.hpp"
#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

// The frames the script reports for each Alt+g, and whether the proxy's picture was shown.
struct Press {
    int64_t frame;
    bool proxy;
};
std::vector<Press> presses(const std::string& output) {
    std::vector<Press> out;
    const std::regex line(
        "Alt\\+g pressed with frame (\\d+) on screen( \\(the seek proxy's picture\\))?");
    for (std::sregex_iterator it(output.begin(), output.end(), line), end; it != end; ++it)
        out.push_back({std::stoll((*it)[1]), (*it)[2].matched});
    return out;
}

}  // namespace

TEST_CASE("after a seek on the seek proxy the frame shown and coded is the frame asked for",
          "[ui][coding][proxy]") {
    ClipSpec spec = ui_clip(20);
    spec.video.gop = 300;  // one keyframe in ten seconds: the original's seek decodes far
    const UiStudy s = make_ui_study("seek_proxy", "ui_proxy_gop300", spec);
    const std::vector<int64_t> targets = {290, 17, 530, 255, 401};
    std::string script = "open P01\nproxy\n";
    for (int64_t t : targets) script += "seek " + std::to_string(t) + "\nkey Alt+g\n";
    script += "proxy\nquit\n";
    const std::string shot = s.dir + "/after_proxy_seeks.png";
    auto run =
        run_process(workstation_command(s, write_script(s, "proxy.script", script), shot), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE_FALSE(run->timed_out);
    REQUIRE(run->exit_code == 0);
    CHECK(run->output.find("script: seek proxy built") != std::string::npos);

    // Each press came while the proxy's picture was on screen (the original's frame is
    // taken only after the script's keys of that frame), and coded the frame asked for.
    const auto seen = presses(run->output);
    REQUIRE(seen.size() == targets.size());
    const auto events = coded_events(s.study);
    REQUIRE(events.size() == targets.size());
    std::vector<int64_t> coded;
    for (size_t i = 0; i < targets.size(); ++i) {
        INFO("seek " << i << " to frame " << targets[i]);
        CHECK(seen[i].frame == targets[i]);
        CHECK(seen[i].proxy);
        coded.push_back(events[i].start_frame);
    }
    std::vector<int64_t> asked = targets;
    std::sort(asked.begin(), asked.end());
    std::sort(coded.begin(), coded.end());
    CHECK(coded == asked);  // the events come back in time order
    const std::regex shown("(\\d+) pictures shown from it so far");
    std::smatch m;
    const std::string tail = run->output.substr(run->output.rfind("script: seek proxy"));
    REQUIRE(std::regex_search(tail, m, shown));
    CHECK(std::stoll(m[1]) >= static_cast<long long>(targets.size()));

    // The picture on screen at the end is the last frame asked for (the original's, by now).
    const auto code = barcode_in_screenshot(shot);
    REQUIRE(code);
    CHECK(static_cast<int64_t>(*code) == targets.back());

    // The proxy the workstation kept in the cache directory holds frame N at N.
    const fs::path proxies = fs::path(s.dir) / "cache" / "attune" / "proxies";
    REQUIRE(fs::exists(proxies));
    const auto folder = fs::directory_iterator(proxies)->path().string();
    const int64_t frames = 600;  // 20 s at 30 frames/s
    REQUIRE(video::proxy_built(folder, frames).chunks == video::proxy_chunk_count(frames));
    video::ProxySource proxy(folder, frames);
    for (int64_t t : targets) {
        auto f = proxy.frame(t);
        REQUIRE(f.ok());
        CHECK(read_frame_barcode({f->frame->data[0], f->frame->linesize[0], f->frame->width,
                                  f->frame->height, 8}) == static_cast<uint32_t>(t));
    }
}
