#pragma once
// A seek proxy of a recording: every frame of the original, in the same order, re-encoded
// as intra-only H.264 (each frame its own keyframe) at most kProxyMaxHeight lines high, so
// frame N of the proxy is frame N of the original and an exact seek decodes one small
// frame. It is written in chunks of kProxyChunkFrames frames into one folder, each chunk
// complete or absent (H264Writer renames it into place): a build that was cancelled or
// killed resumes at the first missing chunk, and the chunks already there serve seeks
// while the rest is built. The original stays the reference: the player shows a proxy
// frame at once and then the original's own frame (player.hpp).
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "attune/result.hpp"
#include "attune/video/frame_index.hpp"

namespace attune::video {

inline constexpr int64_t kProxyChunkFrames = 240;
inline constexpr int kProxyMaxHeight = 540;

struct ProxyShape {
    int width = 0, height = 0;
};
// The proxy's frame size for an original of this size: the same aspect, at most
// kProxyMaxHeight lines, even sizes (4:2:0).
ProxyShape proxy_shape(int width, int height);
int64_t proxy_chunk_count(int64_t frames);
std::string proxy_chunk_path(const std::string& dir, int64_t chunk);
// What a proxy of `frames` frames of this size is expected to take on disk, before it is
// built (the rate measured on camera footage, docs/performance.md).
uint64_t proxy_estimate_bytes(int width, int height, int64_t frames);
// The bytes of the chunks already built, and how many there are.
struct ProxyProgress {
    uint64_t bytes = 0;
    int64_t chunks = 0;
};
ProxyProgress proxy_built(const std::string& dir, int64_t frames);

// Builds the chunks missing from `dir` (made if absent); progress counts every chunk.
Status build_proxy(const std::string& original, std::shared_ptr<const FrameIndex> index,
                   const std::string& dir, const Progress& progress = {},
                   const std::atomic<bool>* cancel = nullptr);

}  // namespace attune::video
