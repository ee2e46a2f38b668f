#pragma once
// Episodes derived from the procedural events the scheme names (Ainsworth's
// boundary rules: "episode 4 begins when the mother actually goes out the
// door"), with a manual override per boundary, actual vs nominal durations and
// curtailed/extended flags.
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
    bool curtailed = false;       // shorter than nominal by more than the tolerance
    bool extended = false;        // longer than nominal by more than the tolerance
    bool curtail_marked = false;  // a CURTAILED marker lies inside the episode
    std::optional<int64_t> actual_us() const {
        return end ? std::optional<int64_t>(end->t_us - start.t_us) : std::nullopt;
    }
};

// The procedure end (the scheme's end event), if coded.
std::optional<FrameTime> procedure_end(const Scheme& scheme, std::span<const Event> events);

std::vector<EpisodeSpan> derive_episodes(const Scheme& scheme, std::span<const Event> events,
                                         const std::map<std::string, FrameTime>& overrides);

// The episode containing a frame, or nullptr.
const EpisodeSpan* episode_at(const std::vector<EpisodeSpan>& spans, int64_t frame);

// Manual boundary overrides of a pass (episode id -> start).
std::map<std::string, FrameTime> load_episode_overrides(Study& study, int64_t pass_id);
Status set_episode_override(Study& study, int64_t pass_id, const std::string& episode,
                            std::optional<FrameTime> start);

}  // namespace attune
