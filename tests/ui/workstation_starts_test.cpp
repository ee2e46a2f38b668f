// Starts the real workstation under xvfb-run (a virtual X display with Mesa's
// software OpenGL) and checks that what it drew is a real picture, not a blank.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>

#include "png_image.hpp"
#include "process.hpp"

using namespace attune::testing;

TEST_CASE("the workstation opens a window and draws it", "[ui]") {
    std::filesystem::create_directories(ATTUNE_TEST_OUTPUT_DIR);
    const std::string shot = std::string(ATTUNE_TEST_OUTPUT_DIR) + "/workstation_starts.png";
    std::filesystem::remove(shot);

    // Under the sanitizer build, Mesa's dlopen()ed GL driver leaks a few allocations that
    // LeakSanitizer cannot attribute (their module is unloaded); leak checks stay on everywhere
    // else.
    const std::string config = std::string(ATTUNE_TEST_OUTPUT_DIR) + "/starts-config";
    auto run = run_process({"env", ATTUNE_GUI_ENV, "XDG_CONFIG_HOME=" + config, "xvfb-run", "-a",
                            "-s", "-screen 0 1280x800x24", ATTUNE_APP_PATH, "--screenshot", shot,
                            "--exit-after", "5", "--width", "1280", "--height", "800"},
                           120);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE_FALSE(run->timed_out);
    REQUIRE(run->exit_code == 0);

    auto image = read_png(shot);
    REQUIRE(image.ok());
    REQUIRE(image->width == 1280);
    REQUIRE(image->height == 800);

    // Not blank: many distinct colours and a real spread of brightness (text on panels).
    std::set<uint32_t> colours;
    int darkest = 255, brightest = 0;
    for (int y = 0; y < image->height; y += 2)
        for (int x = 0; x < image->width; x += 2) {
            const uint8_t* p = &image->rgb[(static_cast<size_t>(y) * image->width + x) * 3];
            colours.insert(uint32_t{p[0]} << 16 | uint32_t{p[1]} << 8 | p[2]);
            darkest = std::min<int>(darkest, image->luma(x, y));
            brightest = std::max<int>(brightest, image->luma(x, y));
        }
    REQUIRE(colours.size() > 20);
    REQUIRE(brightest - darkest > 120);
}

TEST_CASE("the window opens at the size it had last time, unless the command line says",
          "[ui][preferences]") {
    const std::string dir = std::string(ATTUNE_TEST_OUTPUT_DIR) + "/window_size";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "/config/attune");
    std::ofstream(dir + "/config/attune/preferences.ini")
        << "# written by a previous run\nwindow_width = 1000\nwindow_height = 700\n";
    auto size_of_window = [&](std::vector<std::string> extra) {
        const std::string shot = dir + "/window.png";
        std::filesystem::remove(shot);
        std::vector<std::string> argv = {"env",
                                         ATTUNE_GUI_ENV,
                                         "XDG_CONFIG_HOME=" + dir + "/config",
                                         "xvfb-run",
                                         "-a",
                                         "-s",
                                         "-screen 0 1280x800x24",
                                         ATTUNE_APP_PATH,
                                         "--screenshot",
                                         shot,
                                         "--exit-after",
                                         "3"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        auto run = run_process(argv, 120);
        REQUIRE(run.ok());
        INFO(run->output);
        REQUIRE(run->exit_code == 0);
        auto image = read_png(shot);
        REQUIRE(image.ok());
        return std::pair(image->width, image->height);
    };
    CHECK(size_of_window({}) == std::pair(1000, 700));
    CHECK(size_of_window({"--width", "900", "--height", "600"}) == std::pair(900, 600));
    CHECK(size_of_window({"--width", "1100"}) == std::pair(1100, 700));
}

TEST_CASE(
    "a bad option value is refused in one line naming the option, the value and what is "
    "allowed",
    "[ui][messages]") {
    // Checked before any window opens, so no display is needed.
    auto refused = [](std::vector<std::string> args) {
        args.insert(args.begin(), ATTUNE_APP_PATH);
        auto run = run_process(args, 60);
        REQUIRE(run.ok());
        CHECK(run->exit_code == 2);
        CHECK_THAT(run->output, !Catch::Contains("1797693"));  // CLI11's own range text
        return run->output;
    };
    CHECK_THAT(refused({"--exit-after", "0", "--sound", "null"}),
               Catch::Contains("--exit-after: 0 is not allowed; give a whole number from 1 to "
                               "2147483647"));
    CHECK_THAT(refused({"--exit-after", "ten"}),
               Catch::Contains("--exit-after: ten is not allowed; give a whole number"));
    CHECK_THAT(
        refused({"--width", "100"}),
        Catch::Contains("--width: 100 is not allowed; give a whole number from 320 to 8192"));
    CHECK_THAT(
        refused({"--height", "1e4"}),
        Catch::Contains("--height: 1e4 is not allowed; give a whole number from 240 to 8192"));
}
