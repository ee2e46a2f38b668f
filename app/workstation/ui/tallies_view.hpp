#pragma once
// Classification tallies for the whole study (2-, 3-, 4-way or subgroups, split by
// an independent variable or not) with exact 95% intervals, the norm comparison,
// a bar chart, and export to CSV. Computed in the background on its own connection.
#include <set>
#include <string>
#include <vector>

#include "attune/coding/stats/tally.hpp"
#include "task_runner.hpp"
#include "workbench.hpp"

namespace attune::app::ui {

struct TallyResult {
    std::vector<stats::TallyTable> tables;
    struct NormInfo {
        std::string id, population;
        std::set<std::string> categories;
    };
    std::vector<NormInfo> norms;
    std::string study_path;                 // the study tallied
    std::optional<std::string> study_norm;  // the norm chosen for this study, if any
    std::string norm_refused;               // why the chosen norm cannot serve this tally
    int sessions_without_classification = 0;
    int sessions_hidden = 0;  // left out: the user codes their reliability pass, blind
};

class TalliesView {
  public:
    void draw(const ViewContext& cx);
    void export_to(const ViewContext& cx, const std::string& path);

  private:
    void compute(const ViewContext& cx);
    void take_results(const ViewContext& cx);
    void draw_controls(const ViewContext& cx);
    void choose_norm(const ViewContext& cx, const std::string& id);

    int ways_ = 2;  // index into 2, 3, 4, sub
    std::string by_, norm_;
    std::string norm_read_for_;  // the study whose chosen norm norm_ holds
    Task<TallyResult> computing_;
    Task<std::string> exporting_;
    std::optional<TallyResult> result_;
    std::string error_;
    std::string computed_for_;  // study path + settings of result_
    int last_frame_ = -10;
};

}  // namespace attune::app::ui
