#pragma once
// The consensus pass a supervisor builds from two coders' passes of a session
// (disagreements.hpp). Starting it creates the session's consensus pass, coded by the
// study user, with every agreement carried over (A's version of each agreeing event
// pair, the agreed rating cells and classification). Then each disagreement is settled
// once: take A's version, take B's, or edit it by hand in the pass (the decision says so;
// nothing is written for it). Deciding again replaces what the earlier decision wrote.
// Each start and decision is one change in the consensus pass's scope (so undo there takes
// it back), and the decision row (consensus_decision: item, choice, who, when, what it
// wrote) is in the audit log. The A and B passes are only read: the reliability report
// keeps comparing them; the tallies count the consensus pass once it exists.
#include <map>
#include <optional>
#include <string>

#include "attune/coding/disagreements.hpp"

namespace attune {

enum class ConsensusChoice { A, B, Edit };
const char* to_string(ConsensusChoice c);  // "a", "b", "edit"
std::optional<ConsensusChoice> consensus_choice_from(const std::string& s);

struct ConsensusDecision {
    ConsensusChoice choice = ConsensusChoice::A;
    std::string who, at;
};

struct ConsensusState {
    std::optional<Pass> pass;                            // the session's consensus pass
    std::map<std::string, ConsensusDecision> decisions;  // by Disagreement::item
};

ConsensusState consensus_state(Study& study, int64_t session_id);

// Creates the consensus pass with the agreements in it; refused when the session has one
// (the message says to go on with it). Whoever starts it is recorded (a supervisor, or
// the two coders settling their disagreements together).
Result<int64_t> start_consensus(Study& study, const DoubleCodedSession& s,
                                const SessionComparison& c);

// Settles one disagreement in the consensus pass (refused when it is signed off).
Status decide(Study& study, const DoubleCodedSession& s, int64_t consensus_pass,
              const Disagreement& d, ConsensusChoice choice);

}  // namespace attune
