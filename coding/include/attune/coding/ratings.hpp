#pragma once
// Ratings of a pass on the scheme's scales: one value per scale x target x
// episode cell the scheme declares applicable ("ALL" for session-level scales).
#include <vector>

#include "attune/coding/model.hpp"
#include "attune/coding/scheme.hpp"
#include "attune/coding/study.hpp"

namespace attune {

// Every applicable cell of the scheme, in scale, target, episode order (value 0).
std::vector<Rating> rating_grid(const Scheme& scheme);

// Sets (or, with value nullopt, clears) one cell after checking it against the scheme.
Status set_rating(Study& study, const Scheme& scheme, int64_t pass_id, const std::string& scale,
                  const std::string& target, const std::string& episode, std::optional<int> value);
std::vector<Rating> load_ratings(Study& study, int64_t pass_id);

// Classification of a pass. The D rating is stored as the linked scale's rating
// cell (D_RATING toward the parent, session level), so hints and the grid read one value.
Status set_classification(Study& study, const Scheme& scheme, int64_t pass_id,
                          const Classification& c);
std::optional<Classification> load_classification(Study& study, const Scheme& scheme,
                                                  int64_t pass_id);

}  // namespace attune
