#pragma once
// Whole-study views that the CLI and the workstation share: the content of a
// pass, time budgets across passes, and the classifications a tally counts.
#include <set>
#include <string>
#include <vector>

#include "attune/coding/episodes.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/stats/tally.hpp"
#include "attune/coding/stats/time_budget.hpp"
#include "attune/coding/validity.hpp"

namespace attune {

// Everything coded in one pass, with its episodes derived.
PassContent load_pass_content(Study& study, const Scheme& scheme, int64_t pass_id);
// How many events a pass holds (without reading them).
int64_t count_pass_events(Study& study, int64_t pass_id);

struct PassBudgetRow {
    std::string session, participant, coder, role;
    stats::BudgetRow row;
};
struct PassIntervalRow {
    std::string session, participant, coder, role;
    stats::IntervalRow row;
};

// Time budgets (and 15-s interval frequencies) of every pass, or of one session's passes.
std::vector<PassBudgetRow> study_time_budget(Study& study,
                                             const std::optional<std::string>& session = {});
std::vector<PassIntervalRow> study_intervals(Study& study,
                                             const std::optional<std::string>& session = {});

// One classification per session: the consensus pass if there is one, else the
// primary pass (reliability passes never count). Sessions without one are left out.
struct TallySource {
    std::vector<stats::TallyInput> inputs;
    std::optional<Scheme> scheme;  // the scheme of the counted passes (the newest snapshot)
    int sessions_without_classification = 0;
};
Result<TallySource> study_tally_inputs(Study& study);
// Leaves out the sessions a blind reliability coder may not see (blinding.hpp), whether or
// not their primary pass is classified yet: the count of unclassified sessions must not
// tell which. Returns how many sessions were left out.
size_t leave_out_sessions(TallySource& source, const std::set<std::string>& labels);

}  // namespace attune
