#pragma once
// The scheme's advisory rule hints evaluated on a pass's ratings. Hints never
// classify: the workstation shows them beside the coder's own classification,
// labelled advisory, with the cells that triggered them.
#include <optional>
#include <string>
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

// Hints must never anchor a judgement: they show only beside a classification the coder has
// already entered, and never in a reliability pass (whose judgement must be independent).
bool hints_may_show(PassRole role, const std::optional<Classification>& classification);
// Why they are hidden, for the screen; empty when they show.
std::string why_hints_hidden(PassRole role, const std::optional<Classification>& classification);

}  // namespace attune
