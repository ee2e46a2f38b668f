// The waveform of the click clip: a loud bucket exactly at every whole second of
// the session timeline, quiet tone elsewhere; nothing for a silent clip.
#include <catch2/catch.hpp>

#include "attune/video/frame_index.hpp"
#include "attune/video/waveform.hpp"
#include "clip_cache.hpp"

using namespace attune::testing;
using namespace attune::video;

TEST_CASE("waveform peaks mark the clicks at whole seconds", "[video][waveform]") {
    for (const char* container : {"mp4", "ts", "mkv"}) {
        DYNAMIC_SECTION(container) {
            ClipSpec s;
            s.container = container;
            s.seconds = 4;
            if (std::string(container) == "ts") s.start_offset_us = 1400000;
            auto path = ensure_clip(std::string("waveform_") + container, s);
            REQUIRE(path.ok());
            auto index = build_frame_index(*path);
            REQUIRE(index.ok());
            std::vector<double> progress;
            auto w = compute_waveform(*path, index->pts.front(), index->time_base,
                                      [&](double p) { progress.push_back(p); });
            REQUIRE(w.ok());
            CHECK(progress.back() == 1.0);
            // The bucket holding the session time t.
            auto bucket = [&](int64_t t_us) {
                return static_cast<size_t>((t_us - w->first_bucket_us) / w->bucket_us);
            };
            REQUIRE(w->max.size() >= bucket(3900000));
            for (int k = 1; k <= 3; ++k) {
                INFO("second " << k);
                const size_t b = bucket(int64_t{k} * 1000000);
                CHECK(std::max(w->max[b], -w->min[b]) > 0.6f);  // the click
                CHECK(std::max(w->max[b - 2], -w->min[b - 2]) <
                      0.3f);  // 20 ms earlier: the tone only
                CHECK(std::max(w->max[b + 2], -w->min[b + 2]) < 0.3f);  // 20 ms later
            }
        }
    }
}

TEST_CASE("a clip without sound has an empty waveform", "[video][waveform]") {
    ClipSpec s;
    s.audio = false;
    auto path = ensure_clip("waveform_silent", s);
    REQUIRE(path.ok());
    auto w = compute_waveform(*path, 0, {1, 30});
    REQUIRE(w.ok());
    CHECK(w->max.empty());
}
