#pragma once
// A coding scheme: roles, episodes, behaviours (point/state) with keys and
// modifiers, exclusive groups, rating scales, classification codes, advisory
// rule hints and published norms. Loaded from JSON (schemas/attune-scheme.schema.json)
// and checked for meaning as well as shape; see load_scheme().
//
// The file spells kinds as strings ("state", "single", "session"); a loaded Scheme
// holds them as the enums below, so a misspelt kind is the loader's message, never a
// comparison elsewhere that is quietly false. to_string() gives the file's spelling.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "attune/result.hpp"

namespace attune {

// Optional in the file and read by nothing yet: not given is Unspecified, and a kind
// this Attune does not know is Other (the loader has never refused one, and stored
// scheme snapshots must keep loading).
enum class RoleKind {
    Unspecified,
    Focal,
    AttachmentFigure,
    Confederate,
    Procedural,
    Interventionist,
    Other
};
enum class EpisodeKind {
    Unspecified,
    Introduction,
    Preseparation,
    StrangerIntroduction,
    Separation,
    Reunion,
    FreePlay,
    Task,
    Session,
    Other
};
enum class BehaviourKind { Point, State };  // "type" in the file
enum class ModifierKind { Single, Multiple, Numeric, Text };
enum class ScaleScope { Episode, Session };
// How strongly a rule hint suggests its code; not given (or unknown) is Unspecified.
enum class HintStrength { Unspecified, Heuristic, Rule, Flag };

// The file's spelling of each kind ("" for Unspecified).
const char* to_string(RoleKind k);
const char* to_string(EpisodeKind k);
const char* to_string(BehaviourKind k);
const char* to_string(ModifierKind k);
const char* to_string(ScaleScope s);
const char* to_string(HintStrength s);

struct Role {
    std::string id, label;
    RoleKind kind = RoleKind::Unspecified;
};

struct EpisodeDef {
    std::string id, label;
    EpisodeKind kind = EpisodeKind::Unspecified;
    int index = 0;
    std::vector<std::string> present;  // role ids present in this episode
    int nominal_sec = 0;
    bool curtailable = false, extendable = false, scored = true;
    std::string starts_event;  // behaviour id whose occurrence starts the episode
    int starts_occurrence = 1;
    std::string ends_event;  // optional: behaviour that ends it (the last episode)
    // The lengths outside which it is flagged, from procedureRules.validationWarnings
    // ("duration"); without one, nominal +- the procedure's nominalToleranceSec.
    std::optional<int> min_sec, max_sec;
    std::string duration_note;
};

struct ModifierDef {
    std::string id;
    ModifierKind kind = ModifierKind::Single;
    std::vector<std::string> values;
    bool required = false;
};

struct BehaviourDef {
    std::string id, label, subject, key, category, definition;
    BehaviourKind kind = BehaviourKind::Point;
    std::vector<ModifierDef> modifiers;
    std::string exclusive_group;  // empty when none

    bool is_state() const { return kind == BehaviourKind::State; }
};

struct ExclusiveGroup {
    std::string id;
    std::vector<std::string> members;
};

struct Anchor {
    int value = 0;
    std::string label, text, evidence;
};

struct RatingScale {
    std::string id, label, construct;
    ScaleScope scope = ScaleScope::Episode;
    int min = 1, max = 7;
    std::vector<Anchor> anchors;
    std::map<std::string, std::vector<std::string>> applicability;  // target -> episode ids ("ALL")
    std::optional<int> cutoff;                                      // e.g. D_RATING >= 5 means D
};

struct ClassificationCode {
    std::string code, label, group;  // group: the major group a subgroup belongs to (A for A1)
    bool is_group = false;
    bool optional = false;
    std::string linked_scale;  // D: D_RATING
    std::optional<int> threshold;
    bool secondary_required = false;
    std::vector<std::string> secondary_from;
};

struct RuleHint {
    std::string id, suggests, expr, evidence;
    HintStrength strength = HintStrength::Unspecified;
    std::string message;  // what a flag hint says (e.g. "review: A/C mixture or CC")
};

// The ages (in months) the procedure and its classifications are meant for.
struct AgeRange {
    double min = 0, max = 0;
    std::string note;
};

struct Norm {
    std::string id, population, source, evidence, note;
    std::optional<int> n;                   // the published sample size, when it has one
    std::map<std::string, double> percent;  // code (A, B, C, D) -> percent
};

// A scheme for coding a filmed feedback session itself (fidelity): which point behaviours
// are the therapist's comments on target and off target, the modifier giving the kind of
// comment, and the share on target the service holds itself to (a convention: 80% in ABC
// coaching). Read from the scheme's "fidelity" section.
struct FidelityDef {
    std::string on_target, off_target, kind_modifier;
    double standard_share = 0.8;
    std::string standard_note;
};

struct Scheme {
    std::string id, name, version;
    std::vector<Role> roles;
    std::vector<EpisodeDef> episodes;
    std::string end_event;  // the procedure-end behaviour (PROC_END), if any
    std::vector<BehaviourDef> behaviours;
    std::vector<ExclusiveGroup> exclusive_groups;
    std::vector<RatingScale> scales;
    std::vector<ClassificationCode> codes;
    std::vector<RuleHint> hints;
    std::vector<Norm> norms;
    std::optional<AgeRange> age_months;  // scheme.population.ageMonths
    int curtail_threshold_sec = 60;
    // procedure.curtailCrying: the crying whose length in a separation is held against the
    // curtailment threshold (HARD_CRY in the infant SSP); none: not checked.
    std::vector<std::string> curtail_crying;
    int nominal_tolerance_sec = 30;  // an episode further than this from nominal is flagged
    // reliability.events.onsetToleranceMs: how far apart two coders' onsets may lie and
    // still pair in the event-aligned comparison; not given in the file: nullopt.
    std::optional<int64_t> onset_tolerance_ms;
    std::optional<FidelityDef> fidelity;
    std::unordered_map<std::string, size_t> behaviour_index;  // id -> position in behaviours
    std::string json;  // the canonical text that was loaded (stored in snapshots)
    std::string hash;  // SHA-256 of `json`, hex

    const BehaviourDef* behaviour(const std::string& id) const;
    const EpisodeDef* episode(const std::string& id) const;
    const RatingScale* scale(const std::string& id) const;
    const ClassificationCode* code(const std::string& code) const;
    const Norm* norm(const std::string& id) const;
    // The scale a classification code is linked to (D_RATING for D), if any.
    const ClassificationCode* linked_code() const;
    bool scale_applies(const RatingScale& s, const std::string& target,
                       const std::string& episode) const;
    // The onset tolerance the reliability report pairs events with: the file's, else 2000 ms.
    int64_t event_onset_tolerance_ms() const;
};

// One problem found in a scheme file.
struct SchemeIssue {
    std::string path;  // JSON path, e.g. /behaviors/12/key
    int line = 0;      // 1-based line in the file, 0 when unknown
    std::string message;
};

// Loads and checks a scheme. On failure the error lists every issue, one per line:
// "FILE:LINE: /json/path: what is wrong and what to change".
Result<Scheme> load_scheme_file(const std::string& path);
Result<Scheme> load_scheme_text(const std::string& text, const std::string& origin);
std::vector<SchemeIssue> check_scheme_text(const std::string& text, Scheme* out);

}  // namespace attune
