#include "ui_session.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "attune/coding/event_log.hpp"
#include "attune/coding/records.hpp"
#include "barcode.hpp"
#include "clip_cache.hpp"
#include "png_image.hpp"

namespace attune::testing {
namespace fs = std::filesystem;

ClipSpec ui_clip(int seconds) {
    ClipSpec spec;
    spec.video.width = 640;
    spec.video.height = 360;
    spec.video.gop = 30;
    spec.video.bframes = 2;
    spec.seconds = seconds;
    return spec;
}

UiStudy make_ui_study(const std::string& name, const std::string& clip_name, int seconds) {
    return make_ui_study(name, clip_name, ui_clip(seconds));
}

UiStudy make_ui_study(const std::string& name, const std::string& clip_name, const ClipSpec& spec) {
    auto clip = ensure_clip(clip_name, spec);
    REQUIRE(clip.ok());
    UiStudy s;
    s.dir = std::string(ATTUNE_TEST_OUTPUT_DIR) + "/" + name;
    // A run that died while the study was immutable (chattr +i) must not block this one.
    if (fs::exists(s.dir)) (void)run_process({"chattr", "-R", "-i", s.dir}, 30);
    fs::remove_all(s.dir);
    fs::create_directories(s.dir);
    s.study = s.dir + "/study.attune";
    s.recording = *clip;
    s.config = s.dir + "/config";
    auto created = run_process({ATTUNE_CLI_PATH, "study", "create", s.study, "--name", name,
                                "--scheme", std::string(ATTUNE_SCHEMA_DIR) + "/ssp-infant.json"},
                               60);
    REQUIRE(created.ok());
    REQUIRE(created->exit_code == 0);
    add_ui_session(s, "P01", s.recording);
    return s;
}

void add_ui_session(const UiStudy& s, const std::string& label, const std::string& recording) {
    auto added = run_process({ATTUNE_CLI_PATH, "session", "add", s.study, "--label", label,
                              "--participant", label, "--recording", recording},
                             60);
    REQUIRE(added.ok());
    INFO(added->output);
    REQUIRE(added->exit_code == 0);
}

std::vector<std::string> workstation_command(const UiStudy& s, const std::string& script,
                                             const std::string& screenshot) {
    std::vector<std::string> argv = {"env",
                                     ATTUNE_GUI_ENV,
                                     "XDG_CONFIG_HOME=" + s.config,
                                     "XDG_STATE_HOME=" + s.dir + "/state",
                                     "XDG_CACHE_HOME=" + s.dir + "/cache",
                                     "xvfb-run",
                                     "-a",
                                     "-s",
                                     "-screen 0 1280x800x24",
                                     ATTUNE_APP_PATH,
                                     s.study,
                                     "--coder",
                                     "alice",
                                     "--sound",
                                     "null",
                                     "--script",
                                     script};
    if (!screenshot.empty()) argv.insert(argv.end(), {"--screenshot", screenshot});
    return argv;
}

std::string write_script(const UiStudy& s, const std::string& name, const std::string& text) {
    const std::string path = s.dir + "/" + name;
    std::ofstream(path) << text;
    return path;
}

std::vector<Event> coded_events(const std::string& study_path, const std::string& label) {
    auto study = Study::open(study_path, "test");
    REQUIRE(study.ok());
    auto session = find_session(*study, label);
    REQUIRE(session);
    auto pass = find_pass(*study, session->id, "alice", PassRole::Primary);
    if (!pass) return {};
    auto scheme = load_scheme_snapshot(*study, pass->scheme_snapshot_id);
    REQUIRE(scheme.ok());
    return EventLog(*study, *scheme, pass->id).events();
}

std::map<std::string, long long> read_picture_note(const std::string& screenshot) {
    std::map<std::string, long long> note;
    std::ifstream in(screenshot + ".picture");
    std::string key;
    long long value = 0;
    while (in >> key >> value) note[key] = value;
    return note;
}

std::optional<uint32_t> barcode_in_screenshot(const std::string& screenshot, int rotation) {
    auto image = read_png(screenshot);
    REQUIRE(image.ok());
    const auto at = read_picture_note(screenshot);
    REQUIRE(at.count("x"));
    const int x0 = static_cast<int>(at.at("x")), y0 = static_cast<int>(at.at("y"));
    const int w = static_cast<int>(at.at("width")), h = static_cast<int>(at.at("height"));
    REQUIRE(x0 + w <= image->width);
    REQUIRE(y0 + h <= image->height);
    // The picture in the source's orientation: (x, y) of the source is where on screen?
    const bool turned = rotation == 90 || rotation == 270;
    const int sw = turned ? h : w, sh = turned ? w : h;
    std::vector<uint8_t> luma(static_cast<size_t>(sw) * sh);
    for (int y = 0; y < sh; ++y)
        for (int x = 0; x < sw; ++x) {
            int dx = x, dy = y;
            if (rotation == 90)
                dx = w - 1 - y, dy = x;
            else if (rotation == 180)
                dx = w - 1 - x, dy = h - 1 - y;
            else if (rotation == 270)
                dx = y, dy = h - 1 - x;
            luma[static_cast<size_t>(y) * sw + x] = image->luma(x0 + dx, y0 + dy);
        }
    return read_frame_barcode(LumaPlane{luma.data(), sw, sw, sh, 8});
}

std::vector<std::string> as_coder(const std::string& coder, std::vector<std::string> argv) {
    std::replace(argv.begin(), argv.end(), std::string("alice"), coder);
    return argv;
}

ProcessResult run_ok(const std::vector<std::string>& argv) {
    auto r = run_process(argv, 180);
    REQUIRE(r.ok());
    INFO(r->output);
    REQUIRE(r->exit_code == 0);
    return *r;
}

void code_two_passes(const UiStudy& s, const std::string& bob_keys) {
    run_ok(workstation_command(
        s, write_script(s, "a.script", "open P01\nseek 30\nkey Alt+g\nseek 150\nkey Alt+u\nquit\n"),
        ""));
    run_ok(as_coder(
        "bob",
        workstation_command(
            s, write_script(s, "b.script", "open P01 as bob reliability\n" + bob_keys + "quit\n"),
            "")));
}

}  // namespace attune::testing
