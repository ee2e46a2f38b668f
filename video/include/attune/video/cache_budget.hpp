#pragma once
// How much memory the decoded-frame cache may hold (issue 15 point 6): enough frames of the
// recording's size around the playhead, bounded by the machine's memory, so a 4K recording on
// an 8 GiB laptop never holds 512 MiB of frames without being asked to. No FFmpeg here.
#include <cstddef>
#include <cstdint>

namespace attune::video {

inline constexpr size_t kMaxCacheBudget = size_t{512} << 20;  // 512 MiB
// Room for this many frames is asked for (two seconds of a 60 fps file, two GOPs of most
// cameras'), and never fewer than kMinCachedFrames (a backward step inside a GOP must stay
// cached).
inline constexpr size_t kWantedCachedFrames = 120, kMinCachedFrames = 16;

// The budget for pictures of width x height (`bytes_per_sample` 1 for 8-bit video, 2 for
// 10/12-bit; 4:2:0 assumed) on a machine with `physical_bytes` of memory: kWantedCachedFrames of
// them, but no more than 1/32 of the memory nor kMaxCacheBudget, and never under
// kMinCachedFrames. 0 bytes of memory means unknown: taken as 8 GiB.
size_t frame_cache_budget(int width, int height, int bytes_per_sample, uint64_t physical_bytes);

// This machine's memory in bytes (0 when it cannot be read).
uint64_t physical_memory();

}  // namespace attune::video
