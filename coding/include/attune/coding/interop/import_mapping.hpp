#pragma once
// The one mapping step of every import: a peer's codes (subject x behaviour, and each
// behaviour's modifier sets) become the scheme's behaviours and modifiers, or are
// dropped on purpose. Nothing is imported while a code is left unmapped.
//
// propose_mapping matches what it can (a behaviour whose id or label is the file's code,
// preferring one coded on a role named like the file's subject; a modifier whose id is
// the set's name); the CLI writes the proposal as JSON (--write-mapping) for the user to
// finish, and reads it back (--mapping) with merge_mapping, which refuses choices that
// name codes the file does not have, behaviours the scheme does not have, or a state for
// a point. The JSON ("attune-mapping/1"):
//
//   {"format": "attune-mapping/1", "source": "test2.boris", "scheme": "ssp-infant 1.2",
//    "behaviours": [{"subject": "subject1", "behaviour": "s", "events": 12, "to": "CRY"},
//                   {"subject": "subject2", "behaviour": "p", "events": 3, "to": null}],
//    "modifiers": [{"behaviour": "q", "set": "modif #1", "to": "intensity",
//                   "values": {"m1": "low", "m2": "high"}}]}
//
// "to": a scheme id maps, null drops (the events are left out and counted), "" is still
// to be decided.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "attune/coding/interop/foreign.hpp"
#include "attune/coding/scheme.hpp"
#include "attune/result.hpp"

namespace attune::interop {

enum class MapChoice { Undecided, Mapped, Dropped };

struct CodeMapping {
    std::string subject, behaviour;  // the file's names
    size_t events = 0;               // in the observations being imported
    bool in_ethogram = true;         // false: the file codes it but never defines it
    MapChoice choice = MapChoice::Undecided;
    std::string to;  // the scheme's behaviour id, when Mapped
};

struct ModifierMapping {
    std::string behaviour, set;  // the file's behaviour code and modifier set name
    MapChoice choice = MapChoice::Undecided;
    std::string to;                             // the scheme's modifier id, when Mapped
    std::map<std::string, std::string> values;  // the file's value -> the scheme's
};

struct ImportMapping {
    std::string source, scheme;
    std::vector<CodeMapping> codes;
    std::vector<ModifierMapping> modifiers;

    // "subject1 / s (12 events)", "q: modifier set 'modif #1'" for each undecided entry.
    std::vector<std::string> undecided() const;
    const CodeMapping* code(const std::string& subject, const std::string& behaviour) const;
    const ModifierMapping* modifier(const std::string& behaviour, const std::string& set) const;
};

ImportMapping propose_mapping(const ForeignProject& project,
                              const std::vector<const ForeignObservation*>& observations,
                              const Scheme& scheme, const std::string& source);
// With the scheme, the file also lists its behaviours ("schemeBehaviours": id -> label,
// subject and kind) for the user choosing; reading ignores that list.
std::string mapping_json(const ImportMapping& mapping, const Scheme* scheme = nullptr);
Result<ImportMapping> parse_mapping(const std::string& text);
// The user's choices laid over the proposal (entries the file does not have are refused,
// entries the user left out keep the proposal's choice).
Result<ImportMapping> merge_mapping(ImportMapping proposal, const ImportMapping& chosen,
                                    const ForeignProject& project, const Scheme& scheme);
// Refuses, listing every undecided entry, unless each is mapped or dropped.
Status require_decided(const ImportMapping& mapping);

// The frame on screen at a time on the recording.
using FrameAt = std::function<int64_t(int64_t t_us)>;
// For a constant rate: frame n shows from n / fps, times being rounded to the ms.
FrameAt frames_at_rate(double fps);

// How the file's times become frames: at a constant rate (times kept as the file has
// them), or by the recording's frame index (times become the frame's presentation time).
struct RecordingClock {
    FrameAt frame_at;
    std::function<int64_t(int64_t frame)> frame_us;  // set: times snap to their frame's
};

// One observation's events as rows of the tidy table (event_table.hpp), for
// events_from_rows: mapped codes only, times moved from the file's timeline to the
// recording's (minus the observation's media offset), each row with where the file has it.
struct MappedRows {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> where;
    size_t dropped = 0;                    // events of dropped codes, left out
    std::map<std::string, size_t> counts;  // scheme behaviour -> rows
    // "q: modifier set 'modif #1' on B, which has no modifier m" -> values left out: a set
    // mapped for a code whose other subjects' behaviours lack the modifier.
    std::map<std::string, size_t> modifiers_left_out;
};
MappedRows mapped_rows(const ForeignObservation& observation, const ImportMapping& mapping,
                       const Scheme& scheme, const RecordingClock& clock,
                       const ForeignProject& project);

}  // namespace attune::interop
