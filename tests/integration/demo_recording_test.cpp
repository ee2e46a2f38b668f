// The demo recording maker writes a real, playable session with sound, and its
// staged events fall on the episode boundaries (a short version, for speed).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "clip_cache.hpp"
#include "plain_decode.hpp"
#include "process.hpp"

using namespace attune::testing;

TEST_CASE("the demo recording is eight episodes with sound and staged events", "[demo]") {
    const std::string dir = clip_directory();
    std::filesystem::create_directories(dir);
    const std::string out = dir + "/demo-short.mp4", events = dir + "/demo-short.json";
    auto run = run_process({ATTUNE_MAKE_DEMO_PATH, "--out", out, "--events-out", events, "--size",
                            "640x360", "--episode-seconds", "2"},
                           300);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);

    auto clip = decode_clip(out);
    REQUIRE(clip.ok());
    REQUIRE(clip->width == 640);
    REQUIRE(clip->height == 360);
    REQUIRE(clip->frames.size() == 8 * 2 * 30);
    REQUIRE(clip->audio_sample_rate == 48000);

    std::ifstream f(events);
    const auto j = nlohmann::json::parse(f);
    REQUIRE(j["recording"] == "demo-short.mp4");
    std::vector<std::pair<std::string, int64_t>> boundaries;
    for (const auto& e : j["events"])
        if (e["subject"] != "child") boundaries.emplace_back(e["behaviour"], e["start_frame"]);
    // Ainsworth's boundaries: put-down starts episode 2, door crossings start 3 to 8.
    const std::vector<std::pair<std::string, int64_t>> expected = {
        {"P_PUT_DOWN", 60}, {"S_ENTER", 120}, {"P_EXIT", 180},  {"P_ENTER", 240},
        {"S_EXIT", 276},    {"P_EXIT", 300},  {"S_ENTER", 360}, {"P_ENTER", 420},
        {"S_EXIT", 450},    {"PROC_END", 479}};
    REQUIRE(boundaries == expected);
}

TEST_CASE("the demo maker refuses a bad size with a clear message", "[demo]") {
    auto run = run_process(
        {ATTUNE_MAKE_DEMO_PATH, "--out", clip_directory() + "/never.mp4", "--size", "99x7"}, 60);
    REQUIRE(run.ok());
    REQUIRE(run->exit_code == 2);
    REQUIRE_THAT(run->output, Catch::Contains("--size must be even numbers like 1280x720"));
}
