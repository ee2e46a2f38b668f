#include "attune/video/frame_cache.hpp"

namespace attune::video {

size_t FrameCache::frame_bytes(const AVFrame* f) {
    size_t total = 0;
    for (int i = 0; i < AV_NUM_DATA_POINTERS && f->buf[i]; ++i) total += f->buf[i]->size;
    return total;
}

void FrameCache::put(int64_t index, const AVFrame* frame) {
    if (auto it = entries_.find(index); it != entries_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second.lru);
        return;
    }
    FramePtr ref(av_frame_clone(frame));
    if (!ref) return;
    const size_t bytes = frame_bytes(ref.get());
    if (bytes > budget_) return;
    while (bytes_ + bytes > budget_ && !lru_.empty()) {
        auto victim = entries_.find(lru_.back());
        bytes_ -= victim->second.bytes;
        entries_.erase(victim);
        lru_.pop_back();
    }
    lru_.push_front(index);
    entries_.emplace(index, Entry{std::move(ref), bytes, lru_.begin()});
    bytes_ += bytes;
}

FramePtr FrameCache::get(int64_t index) {
    auto it = entries_.find(index);
    if (it == entries_.end()) {
        ++misses_;
        return nullptr;
    }
    ++hits_;
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return FramePtr(av_frame_clone(it->second.frame.get()));
}

void FrameCache::clear() {
    entries_.clear();
    lru_.clear();
    bytes_ = 0;
}

}  // namespace attune::video
