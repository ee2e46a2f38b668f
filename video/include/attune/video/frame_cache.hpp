#pragma once
// Decoded frames near the playhead, kept within a memory budget (least recently
// used first out), so stepping backwards and scrubbing copy a reference instead
// of decoding a GOP again. Holds references to FFmpeg's ref-counted buffers.
#include <cstddef>
#include <cstdint>
#include <list>
#include <unordered_map>

#include "attune/video/av_handles.hpp"

namespace attune::video {

class FrameCache {
  public:
    static constexpr size_t kDefaultBudget = size_t{512} << 20;  // 512 MiB
    explicit FrameCache(size_t budget_bytes = kDefaultBudget) : budget_(budget_bytes) {}

    void put(int64_t index, const AVFrame* frame);
    // A new reference to the cached frame, or null.
    FramePtr get(int64_t index);
    bool contains(int64_t index) const { return entries_.count(index) != 0; }
    void clear();

    size_t bytes() const { return bytes_; }
    size_t size() const { return entries_.size(); }
    size_t budget() const { return budget_; }
    int64_t hits() const { return hits_; }
    int64_t misses() const { return misses_; }

    // Bytes a frame's pixel buffers occupy.
    static size_t frame_bytes(const AVFrame* f);

  private:
    struct Entry {
        FramePtr frame;
        size_t bytes;
        std::list<int64_t>::iterator lru;
    };
    size_t budget_;
    size_t bytes_ = 0;
    int64_t hits_ = 0, misses_ = 0;
    std::list<int64_t> lru_;  // most recent first
    std::unordered_map<int64_t, Entry> entries_;
};

}  // namespace attune::video
