#pragma once
// Disagreement review and consensus in the workstation (issue 12 points 5-6): a
// supervisor opens a double-coded session's review; the Review screen shows the primary
// (A) and reliability (B) passes on one ruler with their disagreements
// (coding/disagreements.hpp), steps to the next or previous one (seeking the video there
// and playing the preference's seconds before and after it), and settles each into the
// session's consensus pass (coding/consensus.hpp). The recording plays through the pass
// the workbench opens for it: the consensus pass once it exists, else A's, which the
// Review screen only reads (its keys never code).
#include <optional>

#include "attune/coding/consensus.hpp"

namespace attune::app {

class Workbench;

struct ReviewSession {
    DoubleCodedSession loaded;
    SessionComparison comparison;
    ConsensusState consensus;
    std::optional<size_t> current;  // the disagreement shown (an index into comparison)
    const Disagreement* shown() const {
        return current && *current < comparison.disagreements.size()
                   ? &comparison.disagreements[*current]
                   : nullptr;
    }
};

// Loads the session's review and opens its recording on the Review screen. Refused to a
// user still blind to the session's primary pass, and for a session not double-coded.
Status open_review(Workbench& wb, const std::string& session_label);
// Reads the passes and decisions again (after a decision, on coming back to the screen, or
// after another program's change), keeping the disagreement shown; when the consensus pass
// has come or gone since, the recording is reopened through the pass there is now.
Status reload_review(Workbench& wb);
// True while the recording plays through A's pass for the review (no consensus pass yet):
// that pass is the primary coder's, so the Coding screen does not open on it.
bool review_plays_read_only(const Workbench& wb);
// Shows the disagreement `step` places on from the current one (+1 next, -1 previous),
// or the one at `index`: seeks to it and plays around it.
void show_disagreement(Workbench& wb, int step);
void show_disagreement_at(Workbench& wb, size_t index);
// Creates the consensus pass with the agreements, and plays the recording through it.
Status start_consensus_here(Workbench& wb);
// Settles the disagreement shown; Edit then opens the consensus pass on the coding screen
// at that moment.
Status decide_shown(Workbench& wb, ConsensusChoice choice);

}  // namespace attune::app
