#pragma once
// The recording's frame clock for an import into a session, from the frame index the
// workstation stored in the study (nothing set when the study has none): what frame a
// time falls on, each frame's time, and how many frames there are. Header-only, shared by
// attune-cli and the workstation.
#include <algorithm>
#include <memory>

#include "attune/coding/event_table.hpp"
#include "attune/coding/records.hpp"
#include "attune/video/frame_index.hpp"

namespace attune {

// The clock of a frame index: the frame on screen at a time, each frame's time.
inline ImportTarget clock_of(video::FrameIndex index) {
    ImportTarget target;
    if (index.frame_count() == 0) return target;
    auto shared = std::make_shared<const video::FrameIndex>(std::move(index));
    target.frame_count = shared->frame_count();
    target.frame_us = [shared](int64_t frame) {
        return shared->t_us(std::min(frame, shared->frame_count() - 1)) +
               (frame >= shared->frame_count() ? 1000000 : 0);
    };
    // Past the last frame's end (its time plus the frame before's length) is frame_count, so
    // the checks refuse it: a time past the end never lands on the last frame.
    const int64_t n = shared->frame_count(), last = shared->t_us(n - 1);
    const int64_t end = last + (n > 1 ? std::max<int64_t>(1, last - shared->t_us(n - 2)) : 1);
    target.frame_at = [shared, n, end](int64_t t_us) {
        return t_us >= end ? n : shared->frame_at_us(t_us);
    };
    return target;
}

inline ImportTarget indexed_recording(Study& study, const Session& session) {
    if (!session.recording_identity) return {};
    auto bytes = load_media_index(study, *session.recording_identity);
    if (!bytes) return {};
    auto index = video::FrameIndex::deserialize(*bytes);
    if (!index) return {};
    return clock_of(std::move(*index));
}

}  // namespace attune
