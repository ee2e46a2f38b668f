// The decoded-frame cache's budget follows the frame size and the machine's memory (issue 15
// point 6): a 4K recording on an 8 GiB laptop never gets 512 MiB of frames.
#include <catch2/catch.hpp>

#include "attune/video/cache_budget.hpp"

using namespace attune::video;

namespace {
constexpr uint64_t kGiB = uint64_t{1} << 30;
constexpr size_t kMiB = size_t{1} << 20;
}  // namespace

TEST_CASE("the frame cache's budget fits the frame size and the machine's memory",
          "[video][cache]") {
    const size_t frame_1080 = 1920 * 1080 * 3 / 2, frame_4k = 3840 * 2160 * 3 / 2;
    // 1080p on 24 GiB: 120 frames (356 MiB) fit under the 512 MiB cap and 1/32 of memory.
    CHECK(frame_cache_budget(1920, 1080, 1, 24 * kGiB) == 120 * frame_1080);
    // 1080p on 8 GiB: 1/32 of the memory, 256 MiB (86 frames).
    CHECK(frame_cache_budget(1920, 1080, 1, 8 * kGiB) == 256 * kMiB);
    // 4K on 8 GiB: 256 MiB too (21 frames), never 512.
    CHECK(frame_cache_budget(3840, 2160, 1, 8 * kGiB) == 256 * kMiB);
    // 4K on 64 GiB: capped at 512 MiB whatever the memory.
    CHECK(frame_cache_budget(3840, 2160, 1, 64 * kGiB) == kMaxCacheBudget);
    // 4K 10-bit on 2 GiB: 1/32 would be 64 MiB, under 16 frames: 16 frames (396 MiB) stay.
    CHECK(frame_cache_budget(3840, 2160, 2, 2 * kGiB) == 16 * frame_4k * 2);
    // A small clip needs little: 120 frames of 640x360.
    CHECK(frame_cache_budget(640, 360, 1, 24 * kGiB) == 120 * (640 * 360 * 3 / 2));
    // Memory unknown: taken as 8 GiB.
    CHECK(frame_cache_budget(1920, 1080, 1, 0) == 256 * kMiB);
    CHECK(physical_memory() > kGiB);  // this machine's, read from the system
}
