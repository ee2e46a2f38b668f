#pragma once
// Time budget per behaviour x subject x episode, and Ainsworth's 15-second
// interval frequency measure. Pure functions of a pass's events and episodes.
// Conventions (docs/statistics.md): a bout counts in every episode it overlaps;
// durations are the time inside the episode; a state still open runs to the end
// of the window and is counted in open_bouts; events after the procedure end
// are left out.
#include <optional>
#include <span>
#include <vector>

#include "attune/coding/episodes.hpp"
#include "attune/coding/model.hpp"
#include "attune/coding/scheme.hpp"

namespace attune::stats {

struct BudgetRow {
    std::string subject, behaviour, episode;  // episode "ALL" for the whole procedure
    int64_t episode_us = 0;                   // length of the window
    int count = 0;                            // bouts overlapping the window (points: occurrences)
    int64_t total_us = 0;                     // time inside the window (0 for point events)
    std::optional<double> mean_s, sd_s;       // over the bouts' time inside; sd needs 2 bouts
    double share = 0;                         // total_us / episode_us
    double rate_per_min = 0;                  // count per minute of window
    std::optional<double> latency_s;  // first onset after the window start (0 if running at start)
    int open_bouts = 0;               // states never stopped (run to the window end)
};

std::vector<BudgetRow> time_budget(const Scheme& scheme, std::span<const Event> events,
                                   const std::vector<EpisodeSpan>& episodes);

struct IntervalRow {
    std::string subject, behaviour, episode;
    int intervals = 0;  // 15-s intervals in the episode (after the partial-interval rule)
    int with_behaviour = 0;
};

// Partial-interval rule: the episode is cut into 15-s intervals from its start; a
// final piece shorter than 7.5 s joins the interval before it (an episode shorter
// than 15 s is one interval). A behaviour occurs in an interval when a point event
// falls in it or a state overlaps it for any time.
std::vector<IntervalRow> interval_frequencies(const Scheme& scheme, std::span<const Event> events,
                                              const std::vector<EpisodeSpan>& episodes,
                                              int64_t interval_us = 15'000'000);

}  // namespace attune::stats
