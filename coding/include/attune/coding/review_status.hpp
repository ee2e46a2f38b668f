#pragma once
// Where a session stands in the coding and review workflow, for the sessions table (and
// any report): not started, in progress, coded, double-coded, reviewed, signed off.
#include <vector>

#include "attune/coding/model.hpp"

namespace attune {

enum class ReviewStage { NotStarted, InProgress, Coded, DoubleCoded, Reviewed, SignedOff };
const char* to_string(ReviewStage s);

struct PassStanding {
    PassRole role = PassRole::Primary;
    bool complete = false;  // classified (or, under a scheme without classification, coded)
    bool signed_off = false;
};

// Signed off: the pass that counts (consensus, else primary) is signed off. Reviewed: a
// consensus pass exists. Double-coded: the primary and a reliability pass are complete.
// Coded: the primary is. In progress: passes exist, none of the above.
ReviewStage review_stage(const std::vector<PassStanding>& passes);

}  // namespace attune
