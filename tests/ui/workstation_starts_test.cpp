// Starts the real workstation under xvfb-run (a virtual X display with Mesa's
// software OpenGL) and checks that what it drew is a real picture, not a blank.
#include <catch2/catch.hpp>
#include <filesystem>
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
