// A/V sync at 1x over 60 s on the null sink: every flash frame is shown within one
// frame of the moment its click is heard (the sink reports when each sample plays).
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "attune/video/player.hpp"
#include "barcode_clip.hpp"
#include "clip_cache.hpp"

using namespace attune::testing;
using namespace attune::video;

TEST_CASE("A/V offset stays within one frame at 1x over 60 s (null sink, audio clock)",
          "[video][audio][avsync]") {
    ClipSpec s;
    s.seconds = 63;
    s.video.gop = 30;
    s.video.bframes = 2;
    auto path = ensure_clip("avsync_63s", s);
    REQUIRE(path.ok());
    auto built = build_frame_index(*path);
    REQUIRE(built.ok());
    auto index = std::make_shared<const FrameIndex>(std::move(*built));

    std::mutex m;
    std::vector<int64_t> clicks;  // wall time each click's first sample is heard
    int64_t last_click = -1000000000;
    auto tap = [&](const float* stereo, int frames, int64_t wall) {
        std::lock_guard lock(m);
        for (int i = 0; i < frames; ++i) {
            if (std::fabs(stereo[2 * i]) < 0.5f) continue;
            const int64_t t = wall + int64_t{i} * 1000000 / AudioSink::kRate;
            if (t - last_click > 500000) clicks.push_back(t);
            last_click = t;
        }
    };
    auto player = Player::open(*path, index, {}, Player::Sound::NullSink, tap);
    REQUIRE(player.ok());
    Player& p = **player;

    const std::vector<int64_t> pts = clip_frame_pts(s.video, s.seconds);
    const uint64_t seek = p.seek_frame(0);
    for (int i = 0; i < 2000 && !p.take(steady_now_us()); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    (void)seek;
    p.play();
    std::vector<std::pair<int64_t, int64_t>> flashes;  // frame index, wall time shown
    const int64_t until = steady_now_us() + 61500000;
    while (steady_now_us() < until) {
        const int64_t now = steady_now_us();
        if (auto f = p.take(now)) {
            if (is_flash_frame(pts, AVRational{1, 30}, static_cast<size_t>(f->index)))
                flashes.emplace_back(f->index, now);
        }
        std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    CHECK(p.audio_clock());
    p.pause();

    std::lock_guard lock(m);
    REQUIRE(flashes.size() >= 60);
    REQUIRE(clicks.size() >= 60);
    // Pair flash k with click k (both start at 1 s: frame 0 and the click at 0 s are skipped by the
    // seek).
    int checked = 0;
    double worst_ms = 0;
    for (const auto& [frame, shown] : flashes) {
        const int64_t second = frame / 30;
        if (second < 1) continue;
        // The click heard nearest to this flash.
        const auto nearest = *std::min_element(
            clicks.begin(), clicks.end(),
            [&](int64_t a, int64_t b) { return std::llabs(a - shown) < std::llabs(b - shown); });
        const double offset_ms = static_cast<double>(shown - nearest) / 1000.0;
        worst_ms = std::max(worst_ms, std::fabs(offset_ms));
        INFO("second " << second << ": flash shown " << offset_ms << " ms after its click");
        CHECK(std::fabs(offset_ms) <= 1000.0 / 30);
        ++checked;
    }
    CHECK(checked >= 59);
    WARN("worst A/V offset over " << checked << " flashes: " << worst_ms << " ms");
}

TEST_CASE("0.5x-2x keeps the audio clock with the pitch kept, beyond that it is muted",
          "[video][audio]") {
    ClipSpec s;
    s.seconds = 6;
    auto path = ensure_clip("avsync_6s", s);
    REQUIRE(path.ok());
    auto built = build_frame_index(*path);
    REQUIRE(built.ok());
    // What the sink is given, channel 0, for the part of the test now running.
    std::mutex m;
    std::vector<float> heard;
    auto tap = [&](const float* stereo, int frames, int64_t) {
        std::lock_guard lock(m);
        for (int i = 0; i < frames; ++i) heard.push_back(stereo[2 * i]);
    };
    auto take_heard = [&] {
        std::lock_guard lock(m);
        return std::exchange(heard, {});
    };
    auto player = Player::open(*path, std::make_shared<const FrameIndex>(std::move(*built)), {},
                               Player::Sound::NullSink, tap);
    REQUIRE(player.ok());
    Player& p = **player;
    p.set_rate(1.5);
    p.play();
    std::vector<int64_t> shown;
    const int64_t start = steady_now_us();
    while (steady_now_us() < start + 2500000) {
        if (auto f = p.take(steady_now_us())) shown.push_back(f->index);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    CHECK(p.audio_clock());
    REQUIRE(shown.size() > 10);
    CHECK(std::is_sorted(shown.begin(), shown.end()));
    const std::vector<float> fast = take_heard();
    REQUIRE(fast.size() > AudioSink::kRate);  // over a second of sound at 1.5x

    // Tempo: the clip clicks (|x| > 0.5) once a second of its own time, so at 1.5x the
    // clicks come 1/1.5 s of output apart.
    std::vector<size_t> clicks;
    for (size_t i = 0; i < fast.size(); ++i)
        if (std::fabs(fast[i]) > 0.5f && (clicks.empty() || i - clicks.back() > 4800))
            clicks.push_back(i);
    REQUIRE(clicks.size() >= 2);
    for (size_t k = 1; k < clicks.size(); ++k) {
        const double apart_s = double(clicks[k] - clicks[k - 1]) / AudioSink::kRate;
        INFO("clicks " << k - 1 << " and " << k << " are " << apart_s << " s apart");
        CHECK(apart_s == Approx(1.0 / 1.5).margin(0.02));
    }
    // Pitch: the 440 Hz tone between the clicks stays 440 Hz (660 Hz if it were sped up).
    const size_t from = clicks[0] + 2400, to = clicks[1] - 240;  // 50 ms after a click
    int crossings = 0;
    for (size_t i = from + 1; i < to; ++i)
        if ((fast[i - 1] < 0) != (fast[i] < 0)) ++crossings;
    const double hz = crossings / 2.0 / (double(to - from) / AudioSink::kRate);
    CHECK(hz == Approx(440).epsilon(0.03));

    p.set_rate(3.0);  // outside 0.5x-2x: muted, the wall clock takes over
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK_FALSE(p.audio_clock());
    take_heard();  // what was queued before the switch
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    float loudest = 0;
    for (float x : take_heard()) loudest = std::max(loudest, std::fabs(x));
    CHECK(loudest < 1e-4f);  // silence, not the tone at 3x
}
