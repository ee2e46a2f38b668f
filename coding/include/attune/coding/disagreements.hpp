#pragma once
// Where two coders' passes of one session disagree, item by item, for the supervisor's
// review and the consensus built from it (consensus.hpp). The events are aligned as the
// reliability report aligns them (stats::align_events: per subject, onsets within the
// scheme's tolerance, optimal alignment) but with modifiers compared too, since a
// consensus event must be one event. Then each aligned pair or unpaired event, each
// rating cell and the classification is either an agreement or one Disagreement:
//   event only A coded (B omitted it), event only B coded (B added it),
//   a pair with different codes (behaviour or modifiers),
//   a pair of states of one code whose stops differ by more than the tolerance,
//   a rating cell with different values (or rated by one coder only),
//   different classifications (code, secondary, or one coder has none).
// A is the primary pass, B the reliability pass. States still running (no stop) are left
// out, as the report leaves them out; `open_states_left_out` says how many.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/reliability.hpp"

namespace attune {

enum class DisagreementKind { OnlyA, OnlyB, Code, Stop, Rating, Classification };
const char* to_string(DisagreementKind k);  // "only A", "only B", "code", ...

struct Disagreement {
    std::string item;  // stable across reloads: "event a12 b40", "rating PS/parent/E3", ...
    DisagreementKind kind = DisagreementKind::Code;
    std::optional<Event> a, b;                 // events
    std::optional<Rating> rating_a, rating_b;  // a rating cell (value set when rated)
    std::optional<Classification> class_a, class_b;
    // Where it is on the session timeline (an episode's span for a rating; nothing for a
    // session-level rating or the classification).
    std::optional<FrameTime> at;
    std::optional<int64_t> until_us;
    std::string summary;  // one line in words
};

struct AgreedEvent {  // an aligned pair that agrees: carried into the consensus pass
    Event a, b;
};

struct SessionComparison {
    std::vector<Disagreement> disagreements;  // by time; untimed ones last
    std::vector<AgreedEvent> agreed_events;
    std::vector<Rating> agreed_ratings;
    std::optional<Classification> agreed_classification;
    int open_states_left_out = 0;
    int64_t tolerance_us = 0;
};

// Compares A and B of a loaded double-coded session within the scheme's onset
// tolerance (or `tolerance_us` when given).
SessionComparison compare_passes(const DoubleCodedSession& s,
                                 std::optional<int64_t> tolerance_us = std::nullopt);

}  // namespace attune
