#pragma once
// Intraclass correlation for rating scales (Shrout & Fleiss 1979), from the
// two-way ANOVA of a targets x judges table, in two forms:
//   ICC(2,1) two-way random, absolute agreement, single rater
//            (BMS - EMS) / (BMS + (k - 1) EMS + k (JMS - EMS) / n)
//   ICC(3,1) two-way mixed, consistency, single rater
//            (BMS - EMS) / (BMS + (k - 1) EMS)
// with n targets, k judges and the between-targets, between-judges and residual
// mean squares BMS, JMS, EMS. The 95% interval is F-based (Shrout & Fleiss 1979;
// for ICC(2,1) with Satterthwaite's degrees of freedom, as McGraw & Wong 1996).
//
// Only complete targets count: a target missing any judge's rating is dropped,
// and the count of dropped targets is in the result's `inputs`.
#include <optional>
#include <vector>

#include "attune/coding/stats/agreement.hpp"

namespace attune::stats {

enum class IccForm { TwoWayRandomAbsoluteSingle, TwoWayMixedConsistencySingle };

// ratings[t][j]: judge j's rating of target t; empty = missing.
AgreementResult icc(const std::vector<std::vector<std::optional<double>>>& ratings, IccForm form);

}  // namespace attune::stats
