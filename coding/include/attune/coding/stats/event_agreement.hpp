#pragma once
// Agreement between two observers who coded the same session as timed events
// (state bouts and point events), in three forms, all tallied into the
// two-coder agreement matrix of agreement.hpp (no second kappa formula):
//
// 1. BORIS's time-unit kappa (boris/irr.py cohen_kappa; FORMATS.md 1.6(a)).
//    A grid t = t0, t0 + u, ... while t <= t1 (t0 = first start, t1 = last stop
//    over both observations, selected subjects and behaviours only). Each
//    (t, subject) is one tally whose category is the list of
//    "subject|behaviour(|modifiers)" items: states with start <= t <= stop
//    (both ends inclusive), points with |start - t| <= u/2. The empty list is
//    the one category shared by all subjects. BORIS's conventions kept: an
//    observation without events has no kappa (BORIS's sentinel -100); a zero
//    denominator (both observers used one and the same category) is kappa 1.
//    Items are listed states first, then points, each group sorted (BORIS lists
//    them in database order; sorting makes the category independent of it).
// 2. The BORIS analysis-plugin kappas (FORMATS.md 1.6(c)): times rounded to a
//    number of decimals, elementary intervals between the boundaries of all
//    bouts with a duration (half-open, start <= t < stop, the code is the
//    "+"-joined sorted list of active items, "" when none), then one item per
//    distinct point-event time (active bouts plus the points at that time).
//    Unweighted: each item counts 1. Weighted: each interval counts its
//    duration in seconds, each point-event item a chosen weight.
// 3. Event-aligned agreement (Bakeman, Quera & Gnisci 2009; Quera, Bakeman &
//    Gnisci 2007). Per subject, both observers' events sorted by onset are
//    aligned optimally; events may pair only when their onsets differ by at
//    most the tolerance. Costs are Levenshtein's: a same-code pair 0, a
//    different-code pair (substitution) 1, each unpaired event 1, so a
//    substitution (1) is cheaper than leaving both events unpaired (2). Among
//    alignments of least cost the one with the most same-code pairs is chosen.
//    Both rules are one score to maximise over pairs: same code 2W + 1,
//    substitution W (W = 2^20, more than any count of events), unpaired 0.
//
//    Recurrence (0-based, events a_0..a_{n-1}, b_0..b_{m-1}):
//      Q(i, j) = best score aligning a_0..a_i with b_0..b_j; Q(-1, .) = Q(., -1) = 0
//      Q(i, j) = max(Q(i-1, j), Q(i, j-1), Q(i-1, j-1) + w(i, j) if |on(a_i) - on(b_j)| <= tol)
//    Band: row i only visits j in [lo_i - 1, hi_i], where lo_i..hi_i are the b
//    events within tol of a_i's onset. Both ends only grow with i, so
//    Q(i, j) = Q(i-1, j) left of the band and Q(i, hi_i) right of it; the work
//    is the sum of the band widths, linear in events for a bounded density.
//    Tie-breaking in the traceback from (n-1, m-1): pair (i, j) if that gives
//    Q(i, j); else leave a_i unpaired if Q(i-1, j) does; else leave b_j unpaired.
//    Which alignment wins a tie changes the table, never the four counts,
//    which the score fixes.
//
//    Observer A is the reference: an A event left unpaired is an omission (B
//    missed it), a B event left unpaired a commission (B added it). Unpaired
//    events are tallied against an extra "(nil)" code; the nil-nil cell is
//    empty by construction. Kappa is Cohen's on that (k+1) x (k+1) table.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attune/coding/model.hpp"
#include "attune/coding/stats/agreement.hpp"

namespace attune::stats {

// One coded bout or point, in integer microseconds. A point has stop == start.
struct Bout {
    std::string subject, behaviour;
    std::string modifiers;  // one string, compared as a whole ("" = none)
    int64_t start_us = 0, stop_us = 0;
    bool point = false;
    bool operator==(const Bout&) const = default;
};

struct BoutsFromEvents {
    std::vector<Bout> bouts;
    int open_states_left_out = 0;  // states still running (no stop): not counted
};

// Attune's events as bouts: stop == start is a point; modifiers become
// "name=value" joined by "|" in name order.
BoutsFromEvents bouts_from_events(const std::vector<Event>& events);

// Which bouts take part; empty lists mean every subject / behaviour seen.
struct BoutFilter {
    std::vector<std::string> subjects, behaviours;
    bool with_modifiers = false;
};

// What the matrix held: N tallies, the agreements on its diagonal and the
// chance agreements sum(r_i c_i) / N, in the matrix's units.
struct TallySummary {
    double n = 0, agreements = 0, chance = 0;
};

struct EventAgreement {
    AgreementResult kappa;
    TallySummary tally;
    std::vector<std::string> categories;  // the matrix's rows and columns, in order
    AgreementMatrix matrix;
    std::string inputs;  // in words: "2 coders, 1-s units, 636 unit x subject tallies"
    std::string note;    // a convention applied (e.g. BORIS's kappa 1), "" when none
};

// 1. BORIS time-unit kappa.
struct TimeUnitOptions {
    int64_t unit_us = 1'000'000;
    BoutFilter filter;  // BORIS asks for subjects: list them (empty = all seen)
};
EventAgreement time_unit_kappa(const std::vector<Bout>& a, const std::vector<Bout>& b,
                               const TimeUnitOptions& options);

// 2. BORIS plugin kappas over elementary intervals.
struct IntervalOptions {
    int decimals = 3;           // times rounded (half to even) to this many decimals of a second
    double point_weight = 1.0;  // weighted variant: the weight of a point-event item
    BoutFilter filter;
};
EventAgreement interval_kappa(const std::vector<Bout>& a, const std::vector<Bout>& b,
                              const IntervalOptions& options);
EventAgreement duration_weighted_kappa(const std::vector<Bout>& a, const std::vector<Bout>& b,
                                       const IntervalOptions& options);

// 3. Event-aligned agreement.
struct AlignmentOptions {
    int64_t onset_tolerance_us = 2'000'000;  // ssp-infant: reliability.events.onsetToleranceMs
    BoutFilter filter;
};

// One aligned pair of events of a subject; an empty side is an unpaired event.
// A subject's events are aligned sorted by onset, then stop, behaviour, modifiers.
struct AlignedPair {
    std::string subject;
    std::optional<Bout> a, b;
};

struct EventAlignment {
    int agreements = 0, disagreements = 0, commissions = 0, omissions = 0;
    int64_t score = 0;  // the maximised alignment score (see the header comment)
    std::vector<AlignedPair> pairs;
    EventAgreement kappa;    // over the codes plus "(nil)"
    int duration_pairs = 0;  // same-code pairs of two state bouts
    std::optional<double> mean_abs_duration_difference_s;
};

inline constexpr const char* nil_code = "(nil)";

EventAlignment align_events(const std::vector<Bout>& a, const std::vector<Bout>& b,
                            const AlignmentOptions& options);

// The alignment of one stream by the banded DP, as index pairs in order
// (-1 = unpaired); exposed so tests can compare it with a full DP. Both lists
// must be sorted by onset; a negative tolerance is taken as 0. The score packs
// the counts exactly while a stream has fewer than 2^20 events.
struct StreamAlignment {
    int64_t score = 0;
    std::vector<std::pair<int, int>> pairs;
};
inline constexpr int64_t alignment_unit = int64_t(1) << 20;
int64_t pair_score(const Bout& a, const Bout& b, bool with_modifiers);
StreamAlignment align_stream(const std::vector<Bout>& a, const std::vector<Bout>& b,
                             int64_t onset_tolerance_us, bool with_modifiers);

}  // namespace attune::stats
