#pragma once
// Whole-study views that the CLI and the workstation share: the content of a
// pass, time budgets across passes, and the classifications a tally counts.
#include <map>
#include <memory>
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

// One pass's time budget, its rows shared with the cache that keeps them.
struct PassBudget {
    std::string session, participant, coder, role;
    std::shared_ptr<const std::vector<stats::BudgetRow>> rows;
};

// Study-wide time budgets kept between calls, for a caller that asks again and again (a
// view, the benchmark): each pass's rows are kept with the newest audit row that touched
// what they are computed from (the pass's events and episode boundaries, and the pass row,
// which names its scheme snapshot). A call reads the audit rows added since the last call,
// computes again only the passes they name, and re-reads who coded what (cheap), so a
// study-wide budget after one pass changed costs that pass. Viewing never writes: the
// cache lives in memory only. Passes come in the order study_time_budget gives their rows,
// passes without events included (with no rows).
class StudyBudgetCache {
  public:
    std::vector<PassBudget> budgets(Study& study);
    // How many passes the last call computed (the rest came from the cache).
    size_t computed_last() const { return computed_last_; }
    // Whether the last call read the event table in two halves at once, on two threads (a
    // study file, most of its passes to compute).
    bool read_in_halves_last() const { return in_halves_last_; }

  private:
    struct Entry {
        int64_t snapshot_id = 0;
        std::shared_ptr<const std::vector<stats::BudgetRow>> rows;
    };
    std::set<int64_t> passes_changed_since(Study& study, int64_t& newest) const;
    int64_t audit_seen_ = -1;       // none yet: every pass is computed
    const Study* study_ = nullptr;  // the study the entries describe, and its file
    std::string study_path_;
    std::map<int64_t, Entry> passes_;
    std::map<int64_t, std::unique_ptr<Scheme>> schemes_;  // snapshots are immutable
    size_t computed_last_ = 0;
    bool in_halves_last_ = false;
};

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
