#pragma once
// Validity checks on one coding pass, each with a severity, a message that says
// what to do, and the place to jump to (a frame, an event, an episode, a cell).
#include <vector>

#include "attune/coding/episodes.hpp"
#include "attune/coding/model.hpp"
#include "attune/coding/scheme.hpp"

namespace attune {

struct ValidityIssue {
    enum class Severity { Error, Warning, Info } severity = Severity::Warning;
    std::string check;  // stable id: open_state, exclusive_overlap, after_end, missing_modifier,
                        // repeated_marker, empty_rating, missing_boundary, episode_order,
                        // episode_duration, d_without_secondary, d_rating_vs_code,
                        // uncurtailed_crying, hint_disagrees, hint_flag,
                        // age_outside_range
    std::string message;
    std::optional<int64_t> frame;
    std::optional<int64_t> event_id;
    std::string episode;
    std::optional<Rating> cell;
};

const char* to_string(ValidityIssue::Severity s);

struct PassContent {
    std::vector<Event> events;
    std::vector<EpisodeSpan> episodes;
    std::vector<Rating> ratings;
    std::optional<Classification> classification;
    PassRole role = PassRole::Primary;  // a reliability pass is never shown rule hints
    std::optional<double> child_age_months = std::nullopt;  // at the session
};

std::vector<ValidityIssue> check_validity(const Scheme& scheme, const PassContent& pass);

}  // namespace attune
