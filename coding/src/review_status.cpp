#include "attune/coding/review_status.hpp"

#include <algorithm>

namespace attune {

const char* to_string(ReviewStage s) {
    switch (s) {
        case ReviewStage::NotStarted:
            return "not started";
        case ReviewStage::InProgress:
            return "in progress";
        case ReviewStage::Coded:
            return "coded";
        case ReviewStage::DoubleCoded:
            return "double-coded";
        case ReviewStage::Reviewed:
            return "reviewed";
        case ReviewStage::SignedOff:
            return "signed off";
    }
    return "?";
}

ReviewStage review_stage(const std::vector<PassStanding>& passes) {
    if (passes.empty()) return ReviewStage::NotStarted;
    auto any = [&](PassRole role, auto&& pred) {
        return std::any_of(passes.begin(), passes.end(),
                           [&](const PassStanding& p) { return p.role == role && pred(p); });
    };
    auto exists = [](const PassStanding&) { return true; };
    const bool consensus = any(PassRole::Consensus, exists);
    const PassRole counted = consensus ? PassRole::Consensus : PassRole::Primary;
    if (any(counted, [](const PassStanding& p) { return p.signed_off; }))
        return ReviewStage::SignedOff;
    if (consensus) return ReviewStage::Reviewed;
    auto complete = [](const PassStanding& p) { return p.complete; };
    if (!any(PassRole::Primary, complete)) return ReviewStage::InProgress;
    return any(PassRole::Reliability, complete) ? ReviewStage::DoubleCoded : ReviewStage::Coded;
}

}  // namespace attune
