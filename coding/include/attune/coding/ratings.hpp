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
// The same in steps, for a command that writes inside a change of its own: the check
// (the message says what is wrong), the row write, the change's label.
Status check_rating(const Scheme& scheme, const std::string& scale, const std::string& target,
                    const std::string& episode, std::optional<int> value);
void write_rating(sql::Db& db, int64_t pass_id, const std::string& scale, const std::string& target,
                  const std::string& episode, std::optional<int> value);
std::string rating_label(const std::string& scale, const std::string& target,
                         const std::string& episode, std::optional<int> value);

// Classification of a pass. The D rating is stored as the linked scale's rating
// cell (D_RATING toward the parent, session level), so hints and the grid read one value.
Status set_classification(Study& study, const Scheme& scheme, int64_t pass_id,
                          const Classification& c);
// Checks the code, the secondary's code, the confidence and the D rating's range.
Status check_classification(const Scheme& scheme, const Classification& c);
void write_classification(sql::Db& db, const Scheme& scheme, int64_t pass_id,
                          const Classification& c);
// The classification row alone (code, secondary, confidence, notes), leaving the linked D
// rating cell as it is: the consensus pass settles that cell as a rating of its own.
void write_classification_row(sql::Db& db, int64_t pass_id, const Classification& c);
std::optional<Classification> load_classification(Study& study, const Scheme& scheme,
                                                  int64_t pass_id);

}  // namespace attune
