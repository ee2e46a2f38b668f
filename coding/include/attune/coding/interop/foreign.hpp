#pragma once
// What a peer's file holds, in the file's own names, before it meets a study's scheme:
// the ethogram, the subjects and each observation's events with their times already
// paired into bouts. Every reader in coding/interop/ produces one; the mapping step
// (mapping.hpp) turns its events into an Attune pass's events, and `scheme from-...`
// turns its ethogram into an Attune scheme.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/scheme.hpp"
#include "attune/result.hpp"

namespace attune::interop {

// BORIS's name for events coded without a subject; every reader uses it.
inline constexpr const char* no_focal_subject = "No focal subject";

// One modifier set of a foreign behaviour (BORIS: one entry of "modifiers").
struct ForeignModifierSet {
    std::string name;
    ModifierKind kind = ModifierKind::Single;
    std::vector<std::string> values;  // shortcut suffixes like " (k)" already removed
};

struct ForeignBehaviour {
    std::string code, description, category, key;
    bool state = false;
    std::vector<ForeignModifierSet> modifiers;
};

// One coded behaviour as the file has it. A point has no stop; a state whose stop the
// file never gives (BORIS: an odd count of occurrences) has none either and is listed
// in its observation's `unpaired`.
struct ForeignEvent {
    std::string subject;  // BORIS's "No focal subject" when the file names none
    std::string behaviour;
    std::vector<std::string> modifiers;  // one value per modifier set; "" = left unselected
    int64_t start_us = 0;
    std::optional<int64_t> stop_us;
    bool point = false;
    std::string comment;
    std::string where;  // where the file holds it: "event 12", "annotation a5"

    bool operator==(const ForeignEvent&) const = default;
};

struct ForeignObservation {
    std::string id, date, description;
    std::vector<std::string> media;                // played back to back (BORIS player #1)
    std::optional<double> fps;                     // of the first medium, when the file says
    std::vector<double> media_seconds, media_fps;  // each medium's, as the file says (or 0)
    int64_t media_offset_us = 0;                   // event time = media position + offset
    std::map<std::string, std::string> variables;  // independent variables
    std::vector<ForeignEvent> events;              // in time order
    std::vector<std::string> unpaired;       // "state s of subject1 (at 12.300 s) never stops"
    std::vector<std::string> left_out;       // what the file holds that cannot be an event, why
    int events_without_time = 0;             // BORIS NaN times (picture observations)
    std::vector<std::string> unknown_codes;  // coded but not in the ethogram: left out
};

struct ForeignProject {
    std::string format;  // "BORIS", "ELAN", ...
    std::string name;
    std::vector<std::string> subjects;  // in the file's order
    std::vector<ForeignBehaviour> ethogram;
    std::vector<std::string> variables;  // independent variables' names, in order
    // The subject x code pairs the file uses (ELAN: tier x value); empty when any subject
    // may code any behaviour (BORIS).
    std::vector<std::pair<std::string, std::string>> coded;
    std::vector<ForeignObservation> observations;
    std::vector<std::string> notes;  // what the reader read but could not carry over

    const ForeignBehaviour* behaviour(const std::string& code) const;
    const ForeignObservation* observation(const std::string& id) const;
};

// Refuses a project holding text that is not UTF-8 (an XML character reference can make
// such text after the bytes were checked), naming where: every reader ends with it.
Status check_text(const ForeignProject& project);

// A file's name as a scheme id ([A-Za-z0-9_.-]): other characters become "_"
// ("modif #1" -> "modif_1"); "" becomes "unnamed".
std::string as_scheme_id(const std::string& name);

// An Attune scheme (attune-scheme/1 JSON) holding the file's ethogram, so a lab brings its
// own codes: one role per subject (and one for "No focal subject" when
// events have none), one behaviour per code (per subject x code when there are several
// subjects, id "<subject>.<code>"; only the pairs in `coded` when the file lists them), its
// modifier sets as modifiers, its key when the key is a plain letter or digit no other behaviour
// uses. Ids are the file's names where the id rules allow (as_scheme_id otherwise); labels are
// always the file's names. `notes` says what could not be carried over (keys left out, mutually
// exclusive behaviours).
std::string scheme_json_from(const ForeignProject& project, const std::string& id,
                             std::vector<std::string>& notes);

}  // namespace attune::interop
