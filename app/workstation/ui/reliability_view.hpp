#pragma once
// The reliability report for a supervisor (coding/reliability.hpp, the same figures as
// `attune-cli reliability`): every double-coded session's primary pass against its
// reliability pass, per session and pooled, for each kind of data, each figure with its
// interval, n, inputs and a sentence of what it counted and means, the study's own
// criterion beside the figures it names, the 4-way confusion table and each coder pair's
// drift over time. Computed in the background on its own connection; never shown to a
// user still blind to a session it would include.
#include <optional>
#include <string>

#include "attune/coding/reliability.hpp"
#include "task_runner.hpp"
#include "workbench.hpp"

namespace attune::app::ui {

class ReliabilityView {
  public:
    void draw(const ViewContext& cx);

  private:
    void compute(const ViewContext& cx);
    void draw_figures(const ViewContext& cx, const ReliabilityReport& r) const;

    Task<ReliabilityReport> computing_;
    std::optional<ReliabilityReport> report_;
    std::string error_;
    int kind_ = 0;  // 0: every kind, else ReliabilityKind + 1
    bool pooled_only_ = false;
    std::string computed_for_;
    uint64_t computed_changes_ = UINT64_MAX;
    int last_frame_ = -10;
};

}  // namespace attune::app::ui
