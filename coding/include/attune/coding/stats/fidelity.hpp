#pragma once
// Fidelity of a filmed feedback session (issue 14 point 7): from a pass coded with a scheme
// that has a "fidelity" section, the therapist's comments per minute of the coded stretch
// and the share of them on target, against the standard the scheme names (a convention,
// e.g. ABC coaching's 80%). A pure function of the pass's events and the stretch.
#include <map>
#include <optional>
#include <span>
#include <string>

#include "attune/coding/model.hpp"
#include "attune/coding/scheme.hpp"

namespace attune::stats {

struct FidelityFigures {
    int64_t on_target = 0, off_target = 0;
    int64_t window_us = 0;                   // the coded stretch's length
    std::map<std::string, int64_t> by_kind;  // comments of each kind ("" when not given)
    int64_t comments() const { return on_target + off_target; }
    double per_minute() const;                      // comments per minute of the stretch
    std::optional<double> share_on_target() const;  // nothing without comments
};

// The comments starting inside [from, to) counted. The scheme must have a fidelity section.
FidelityFigures fidelity_figures(const Scheme& scheme, std::span<const Event> events,
                                 FrameTime from, FrameTime to);

// The stretch a pass's fidelity is counted over: the scheme's first episode when its
// markers are coded, else the whole recording, [0, recording_end_us).
struct FidelityWindow {
    FrameTime from, to;
    bool whole_recording = true;
};
FidelityWindow fidelity_window(const Scheme& scheme, std::span<const Event> events,
                               FrameTime recording_end);

}  // namespace attune::stats
