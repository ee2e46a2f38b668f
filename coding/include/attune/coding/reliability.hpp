#pragma once
// The study-level reliability report: for every double-coded session (a primary and a
// reliability pass; the consensus pass is never compared) the primary coder's pass is
// set against the reliability coder's for each kind of data, per session and pooled
// over sessions:
//   time-unit      BORIS's time-unit kappa (stats/event_agreement.hpp), 1-s units by default;
//   events         event-aligned agreement within the scheme's onset tolerance;
//   episodes       the start boundary of each episode, in frames and seconds;
//   ratings        per scale x target x episode across sessions: linear weighted kappa,
//                  ICC(2,1) and ICC(3,1), exact and within-one agreement;
//   classification 4-way, 3-way, secure vs insecure, D vs not-D and subgroup, with a
//                  confusion table of the 4-way codes.
// Every figure is an AgreementResult (no statistic is computed here: the matrices are
// tallied and handed to stats/) with a sentence saying what it counted and what it
// means. The study's criterion (setting "reliability_criterion") is quoted beside the
// figures it names as the study's own convention, never as a verdict. Drift lists each
// coder pair's per-session agreement in date order.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "attune/coding/records.hpp"
#include "attune/coding/stats/event_agreement.hpp"
#include "attune/coding/validity.hpp"

namespace attune {

enum class ReliabilityKind { TimeUnit, Events, Episodes, Ratings, Classification };
const char* to_string(ReliabilityKind k);  // "time-unit", "events", ...
std::optional<ReliabilityKind> reliability_kind_from(const std::string& s);

struct ReliabilityOptions {
    std::optional<std::string> session;  // one session's label; nullopt: every double-coded one
    std::set<ReliabilityKind> kinds;     // empty: every kind
    int64_t unit_us = 1'000'000;         // time-unit kappa's unit
    std::optional<int64_t> onset_tolerance_ms;  // nullopt: the scheme's (2000 ms when absent)
    stats::BoutFilter filter;                   // subjects, behaviours, with modifiers
};

// The study's own convention, e.g. {"kind": "classification-4way", "statistic":
// "percent_agreement", "at_least": 80}.
struct ReliabilityCriterion {
    std::string kind, statistic;
    double at_least = 0;
};
inline constexpr const char* criterion_setting = "reliability_criterion";
// The criterion kinds and statistic names a figure can carry.
const std::vector<std::string>& criterion_kinds();
const std::vector<std::string>& criterion_statistics();
Result<ReliabilityCriterion> parse_criterion(const std::string& json_text);
std::string criterion_json(const ReliabilityCriterion& c);

struct ReliabilityFigure {
    std::string session;  // a session label, or "pooled"
    ReliabilityKind kind = ReliabilityKind::Events;
    std::string criterion_kind;  // "events", "classification-4way", ...
    std::string item;            // within the kind: "4-way", "PS / parent / E3", "E2 start", ...
    std::string statistic;       // machine name: "cohen_kappa", "percent_agreement", ...
    stats::AgreementResult result;
    std::string meaning;     // what it counted and what it means, in a sentence
    std::string convention;  // "the study's own convention: ...", "" when none applies
};

struct ConfusionTable {
    std::vector<std::string> categories;  // rows: primary coder, columns: reliability coder
    std::vector<std::vector<int>> counts;
};

// One double-coded session of a coder pair, for drift.
struct DriftPoint {
    std::string primary_coder, reliability_coder, session;
    std::string date;         // the session's date, else the reliability pass's coding date
    std::string date_source;  // "session date" or "coding date"
    std::optional<bool> classification_agrees;  // 4-way; nullopt when either has none
    std::optional<double> event_kappa;
    std::string event_kappa_reason;  // why there is no kappa
};

struct ReliabilityReport {
    int double_coded_sessions = 0;
    std::vector<ReliabilityFigure> figures;
    std::optional<ConfusionTable> confusion;
    std::vector<DriftPoint> drift;   // by coder pair, then date
    std::vector<std::string> notes;  // sessions left out and why
    std::optional<ReliabilityCriterion> criterion;
};

// One double-coded session as loaded: its two passes' content under their schemes.
struct DoubleCodedSession {
    Session session;
    Pass primary, reliability;
    Scheme scheme;  // the reliability pass's scheme (tolerance, scales, codes)
    PassContent a, b;
    std::string coded_on;  // the reliability pass's created_at
};

// The pure part: the report over sessions already loaded.
ReliabilityReport compare_sessions(const std::vector<DoubleCodedSession>& sessions,
                                   const ReliabilityOptions& options,
                                   const std::optional<ReliabilityCriterion>& criterion);

// Loads the study's double-coded sessions (or the one named) and compares them. Errors:
// an unknown session, a session that is not double-coded, a study with none, a bad
// criterion setting; each message says what to do.
Result<ReliabilityReport> reliability_report(Study& study, const ReliabilityOptions& options);

// One session's primary and (first) reliability pass, loaded as the report loads them.
// Errors: no such session (the message lists them), or it is not double-coded.
Result<DoubleCodedSession> load_double_coded_session(Study& study, const std::string& label);

// "the study's own convention: percent agreement at least 80 (this figure 85.0)".
std::string convention_text(const ReliabilityCriterion& c, const stats::AgreementResult& r);

// Internals shared by the report's files.
namespace reliability_detail {
void compare_events(const DoubleCodedSession& s, const ReliabilityOptions& o,
                    ReliabilityReport& out, std::vector<stats::EventAgreement>& time_units,
                    std::vector<stats::EventAlignment>& alignments);
void pool_events(const std::vector<stats::EventAgreement>& time_units,
                 const std::vector<stats::EventAlignment>& alignments, int sessions,
                 int64_t tolerance_us, const ReliabilityOptions& o, ReliabilityReport& out);
// The option's tolerance, else the scheme's (2000 ms when it gives none), in microseconds.
int64_t onset_tolerance_us(const Scheme& scheme, const ReliabilityOptions& o);
void compare_episodes(const std::vector<DoubleCodedSession>& sessions, ReliabilityReport& out);
void compare_ratings(const std::vector<DoubleCodedSession>& sessions, ReliabilityReport& out);
void compare_classifications(const std::vector<DoubleCodedSession>& sessions,
                             ReliabilityReport& out);
// Sums matrices over their category labels (union of categories, in first-seen order).
stats::AgreementMatrix pooled_matrix(const std::vector<const stats::EventAgreement*>& parts,
                                     std::vector<std::string>& categories);
std::string thousands(int64_t n);  // 18240 -> "18,240"
}  // namespace reliability_detail

}  // namespace attune
