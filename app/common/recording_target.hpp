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

inline ImportTarget indexed_recording(Study& study, const Session& session) {
    ImportTarget target;
    if (!session.recording_identity) return target;
    auto bytes = load_media_index(study, *session.recording_identity);
    if (!bytes) return target;
    auto index = video::FrameIndex::deserialize(*bytes);
    if (!index || index->frame_count() == 0) return target;
    auto shared = std::make_shared<const video::FrameIndex>(std::move(*index));
    target.frame_count = shared->frame_count();
    target.frame_us = [shared](int64_t frame) {
        return shared->t_us(std::min(frame, shared->frame_count() - 1)) +
               (frame >= shared->frame_count() ? 1000000 : 0);
    };
    target.frame_at = [shared](int64_t t_us) { return shared->frame_at_us(t_us); };
    return target;
}

}  // namespace attune
