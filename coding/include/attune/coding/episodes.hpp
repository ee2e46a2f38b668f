#pragma once
// Episodes derived from the procedural events the scheme names (Ainsworth's
// boundary rules: "episode 4 begins when the mother actually goes out the
// door"), with a manual override per boundary, actual vs nominal durations and
// lengths against their windows (curtailed only by its marker).
#include <map>
#include <span>
#include <vector>

#include "attune/coding/model.hpp"
#include "attune/coding/scheme.hpp"
#include "attune/coding/study.hpp"

namespace attune {

struct EpisodeSpan {
    std::string id;
    enum class Source { Event, Override, Missing } source = Source::Missing;
    FrameTime start;
    std::optional<FrameTime> end;  // the next episode's start, or the procedure end
    int nominal_sec = 0;
    // Its length against its window (EpisodeDef::min_sec/max_sec, else nominal +- the
    // tolerance). Shorter is not curtailed: curtailment is what the CURTAILED marker records.
    bool too_short = false, too_long = false;
    bool curtail_marked = false;  // a CURTAILED marker lies inside the episode: curtailed
    // The window it was held against, in seconds (for messages).
    int min_sec = 0, max_sec = 0;
    // Its marker (or its start set by hand) lies before an earlier episode's start: it is left
    // out (source Missing) rather than make that episode run backwards.
    struct OutOfOrder {
        FrameTime at;
        Source source = Source::Event;  // Event: its marker; Override: its start set by hand
    };
    std::optional<OutOfOrder> out_of_order;
    std::optional<int64_t> actual_us() const {
        return end ? std::optional<int64_t>(end->t_us - start.t_us) : std::nullopt;
    }
};

// A procedural marker coded again with no other episode boundary between the two (Ctrl+P
// pressed twice): the first is kept, the repeat is left out of the episodes.
struct RepeatedMarker {
    Event event;    // the repeat, left out
    Event repeats;  // the marker it repeats, kept
};
std::vector<RepeatedMarker> repeated_markers(const Scheme& scheme, std::span<const Event> events);

// The procedure end (the scheme's end event), if coded.
std::optional<FrameTime> procedure_end(const Scheme& scheme, std::span<const Event> events);

// Episodes in the scheme's order, each ending where the next one found begins (the last at
// the procedure end): never negative, never overlapping. Repeated markers are left out;
// an episode whose start lies before an earlier one's is left out and named in out_of_order.
std::vector<EpisodeSpan> derive_episodes(const Scheme& scheme, std::span<const Event> events,
                                         const std::map<std::string, FrameTime>& overrides);

// The episode containing a frame, or nullptr.
// How its length reads on screen and in reports: "curtailed" (its CURTAILED marker),
// "short" or "long" (outside its window without one), or "" (within it).
const char* length_word(const EpisodeSpan& s);

const EpisodeSpan* episode_at(const std::vector<EpisodeSpan>& spans, int64_t frame);

// Manual boundary overrides of a pass (episode id -> start).
std::map<std::string, FrameTime> load_episode_overrides(Study& study, int64_t pass_id);
Status set_episode_override(Study& study, int64_t pass_id, const std::string& episode,
                            std::optional<FrameTime> start);

}  // namespace attune
