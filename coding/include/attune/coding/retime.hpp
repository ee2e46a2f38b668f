#pragma once
// Frames re-derived from times, for events whose frames were worked out without the
// recording's frame index: an import from a peer's file whose recording was not at hand
// takes its frames from a frame rate (the file's or --fps) and keeps the file's times. When
// the recording is found and indexed, each such event gets the frame its time falls on in
// the index (the same rounding allowance as at import: times are the file's, to the ms) and
// that frame's presentation time. An event already on its frame's time is left as it is,
// so native coding and earlier re-derivations are never touched.
#include <cstdint>

#include "attune/coding/event_table.hpp"
#include "attune/coding/scheme.hpp"
#include "attune/coding/study.hpp"

namespace attune {

struct Retimed {
    size_t events = 0;          // events whose frames changed
    size_t unchanged = 0;       // events already on their frame's time
    int64_t largest_shift = 0;  // frames, the most any start or stop moved
};

// Whether an event's start and stop are at their frames' presentation times in the index.
bool on_its_frames(const Event& e, const ImportTarget& index);
// How many of a pass's events rederive_frames would change.
size_t events_off_their_frames(const std::vector<Event>& events, const ImportTarget& index);

// One change (nothing when no event needs it). Refuses, changing nothing, when an event's
// time lies past the recording's end: the recording may not be the one coded.
Result<Retimed> rederive_frames(Study& study, const Scheme& scheme, int64_t pass_id,
                                const ImportTarget& index);

}  // namespace attune
