#pragma once
// Reads frames of a seek proxy (proxy.hpp) by the original's frame number, from the
// chunks built so far; one chunk is open at a time. Used by one thread (the media worker).
#include <memory>
#include <string>
#include <vector>

#include "attune/video/frame_source.hpp"

namespace attune::video {

class ProxySource {
  public:
    // The proxy in `dir` of a recording of `frames` frames; nothing is read yet.
    ProxySource(std::string dir, int64_t frames);
    // True when the chunk holding `frame` is built.
    bool has(int64_t frame);
    // The frame, numbered as in the original (its picture the proxy's size).
    Result<DecodedFrame> frame(int64_t frame);

  private:
    std::string dir_;
    int64_t frames_;
    std::vector<bool> built_;  // chunks seen complete (a chunk never goes away while in use)
    int64_t open_chunk_ = -1;
    std::unique_ptr<FrameSource> source_;
};

}  // namespace attune::video
