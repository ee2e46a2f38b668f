// attune-cli probe and frame on generated clips: a frame written as PNG by Attune
// carries the barcode of the frame asked for.
#include <catch2/catch.hpp>
#include <filesystem>

#include "barcode.hpp"
#include "clip_cache.hpp"
#include "png_image.hpp"
#include "process.hpp"

using namespace attune::testing;

TEST_CASE("attune-cli probe and frame", "[video][cli]") {
    ClipSpec s;
    s.container = "mp4";
    s.video.rotate_degrees = 90;
    s.video.gop = 30;
    s.video.bframes = 2;
    s.seconds = 4;
    auto clip = ensure_clip("cli_probe", s);
    REQUIRE(clip.ok());

    auto probe = run_process({ATTUNE_CLI_PATH, "probe", *clip, "--json"}, 60);
    REQUIRE(probe.ok());
    REQUIRE(probe->exit_code == 0);
    CHECK_THAT(probe->output, Catch::Contains("\"rotation_degrees\": 90") &&
                                  Catch::Contains("\"codec\": \"h264\"") &&
                                  Catch::Contains("\"sample_rate\": 48000"));

    const std::string png = clip_directory() + "/cli_frame_97.png";
    std::filesystem::remove(png);
    auto frame = run_process({ATTUNE_CLI_PATH, "frame", *clip, "--index", "97", "--out", png}, 60);
    REQUIRE(frame.ok());
    INFO(frame->output);
    REQUIRE(frame->exit_code == 0);
    auto image = read_png(png);
    REQUIRE(image.ok());
    std::vector<uint8_t> luma(static_cast<size_t>(image->width) * image->height);
    for (int y = 0; y < image->height; ++y)
        for (int x = 0; x < image->width; ++x)
            luma[static_cast<size_t>(y) * image->width + x] = image->luma(x, y);
    CHECK(read_frame_barcode({luma.data(), image->width, image->width, image->height, 8}) == 97u);

    auto beyond =
        run_process({ATTUNE_CLI_PATH, "frame", *clip, "--index", "5000", "--out", png + ".x"}, 60);
    REQUIRE(beyond.ok());
    CHECK(beyond->exit_code == 1);
    CHECK_THAT(beyond->output, Catch::Contains("outside the recording"));
    CHECK_FALSE(std::filesystem::exists(png + ".x"));
}
