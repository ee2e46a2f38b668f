#pragma once
// A short-GOP proxy of a recording for fast seeking: every frame of the original,
// in the same order, re-encoded as an intra-only H.264 file (each frame its own
// keyframe), so frame N of the proxy is frame N of the original and an exact seek
// decodes one frame. Made in the background; the original stays the reference.
#include <atomic>
#include <string>

#include "attune/result.hpp"
#include "attune/video/frame_index.hpp"

namespace attune::video {

Status make_proxy(const std::string& original, const FrameIndex& index,
                  const std::string& proxy_path, const Progress& progress = {},
                  const std::atomic<bool>* cancel = nullptr);

}  // namespace attune::video
