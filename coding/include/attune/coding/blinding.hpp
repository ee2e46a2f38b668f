#pragma once
// Blind reliability coding. The study setting "double_coding" names the sessions a second
// coder codes: a list, or a seeded random share recorded with its seed so anyone can
// reproduce and report it. A coder who has a session's reliability pass is blind to that
// session's primary pass (its events, ratings, classification and the rule hints derived
// from them) and to its consensus pass (which shows the primary's codes), until a
// supervisor unblinds the session. The workstation and attune-cli ask blind_refusal before
// they show a pass, and leave the hidden passes out of study-wide tables.
//
// The user is the name the study was opened with (--user, the workstation's coder name):
// a desktop file cannot check who that is (docs/roles.md).
#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "attune/coding/study.hpp"

namespace attune {

// The study setting that holds the selection (JSON, see selection_to_json).
inline constexpr const char* kDoubleCodingSetting = "double_coding";

struct DoubleCodingSelection {
    enum class Method { Percent, List };
    Method method = Method::List;
    double percent = 0;                 // Percent only
    uint64_t seed = 0;                  // Percent only
    std::vector<std::string> sessions;  // the chosen session labels, sorted
    std::string who, at;                // who chose, when (UTC, ISO 8601)
};
const char* to_string(DoubleCodingSelection::Method m);

// The seeded choice, the same on every platform: the labels sorted, shuffled by Fisher-Yates
// with std::mt19937_64(seed) and bounded_draw, then the first ceil(percent/100 x n), sorted.
// Never std::shuffle or std::uniform_int_distribution, whose results the standard leaves to
// each library (docs/decisions.md).
std::vector<std::string> choose_sessions(std::vector<std::string> labels, double percent,
                                         uint64_t seed);
// How many of n sessions `percent` selects: ceil(percent/100 x n).
size_t sessions_to_choose(double percent, size_t n);
// A uniform integer in [0, n) by rejection (no modulo bias); n > 0.
uint64_t bounded_draw(std::mt19937_64& rng, uint64_t n);

// Chooses percent (0 < p <= 100) of the study's sessions, with `seed` or, without one, a
// seed drawn from std::random_device; records the choice (one study-level change).
Result<DoubleCodingSelection> select_percent(Study& study, double percent,
                                             std::optional<uint64_t> seed);
// Records these sessions (each must exist) as the selection.
Result<DoubleCodingSelection> select_sessions(Study& study, const std::vector<std::string>& labels);
// The recorded selection, if any (an unreadable setting is an error naming it).
Result<std::optional<DoubleCodingSelection>> double_coding_selection(Study& study);

std::string selection_to_json(const DoubleCodingSelection& s);
Result<DoubleCodingSelection> selection_from_json(const std::string& text);

// A new reliability pass on the session is allowed: always without a selection; with one,
// only on a selected session (else the message says how to add it). insert_pass asks this.
Status allow_reliability_pass(sql::Db& db, int64_t session_id);

// The blind rule.
// Why `user` may not see pass `pass_id` (saying who can unblind it), or nothing.
std::optional<std::string> blind_refusal(Study& study, const std::string& user, int64_t pass_id);
// The sessions whose primary (and consensus) pass `user` is blind to.
std::set<int64_t> sessions_blind_for(Study& study, const std::string& user);
// Those sessions' primary and consensus passes: what a study-wide table leaves out.
std::set<int64_t> passes_hidden_from(Study& study, const std::string& user);
// The coders of the session's reliability passes.
std::vector<std::string> reliability_coders(Study& study, int64_t session_id);

struct Unblinding {
    std::string who, at;
};
// Lets the session's reliability coders see its primary pass: one study-level change by the
// study user, which also signs off the session's reliability passes as they were coded
// blind (a supervisor can unlock one, giving a reason). Refused when that user is a reliability
// coder of the session, when it has no reliability pass, or when it is unblinded already.
Status unblind_session(Study& study, int64_t session_id);
bool is_unblinded(Study& study, int64_t session_id);
std::optional<Unblinding> unblinding_of(Study& study, int64_t session_id);

}  // namespace attune
