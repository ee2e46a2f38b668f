#pragma once
// The scheme's advisory rule hints evaluated on a pass's ratings. Hints never
// classify: the workstation shows them beside the coder's own classification,
// labelled advisory, with the cells that triggered them.
#include <vector>

#include "attune/coding/model.hpp"
#include "attune/coding/scheme.hpp"

namespace attune {

struct HintResult {
    std::string id, suggests, message;
    HintStrength strength = HintStrength::Unspecified;
    enum class State { Holds, DoesNotHold, InsufficientData } state = State::InsufficientData;
    std::vector<Rating> cells;  // the rated cells the expression read
};

std::vector<HintResult> evaluate_hints(const Scheme& scheme, const std::vector<Rating>& ratings);

}  // namespace attune
