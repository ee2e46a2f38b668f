#pragma once
// A small scheme for unit tests: three episodes (intro, separation, reunion),
// a distress exclusive group, a required modifier, one episode scale and a
// session-level D rating, the ABCD codes, hints and two norms.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "attune/coding/scheme.hpp"

namespace attune::testing {

inline std::string tiny_scheme_json() {
    return R"({
  "formatVersion": "attune-scheme/1",
  "scheme": {"id": "tiny", "name": "Tiny test scheme", "version": "1"},
  "roles": [{"id": "child", "label": "Child"}, {"id": "parent", "label": "Parent"},
            {"id": "stranger", "label": "Stranger"}, {"id": "procedure", "label": "Procedure"}],
  "procedure": {"nominalToleranceSec": 10},
  "episodes": [
    {"id": "E1", "index": 1, "label": "Intro", "present": ["child", "parent"], "timing": {"nominalSec": 30},
     "startsAt": {"event": "SESSION_START"}},
    {"id": "E2", "index": 2, "label": "Separation", "present": ["child", "stranger"],
     "timing": {"nominalSec": 60, "curtailable": true}, "startsAt": {"event": "P_EXIT", "occurrence": 1}},
    {"id": "E3", "index": 3, "label": "Reunion", "present": ["child", "parent"],
     "timing": {"nominalSec": 60, "extendable": true}, "startsAt": {"event": "P_ENTER", "occurrence": 1},
     "endsAt": {"event": "PROC_END"}}
  ],
  "behaviors": [
    {"id": "SESSION_START", "label": "Start", "type": "point", "subject": "procedure", "key": "Shift+B"},
    {"id": "P_EXIT", "label": "Parent exits", "type": "point", "subject": "parent", "key": "Ctrl+P"},
    {"id": "P_ENTER", "label": "Parent enters", "type": "point", "subject": "parent", "key": "Shift+P"},
    {"id": "PROC_END", "label": "End", "type": "point", "subject": "procedure", "key": "Shift+E"},
    {"id": "CURTAILED", "label": "Curtailed", "type": "point", "subject": "procedure", "key": "Shift+C",
     "modifiers": [{"id": "reason", "kind": "single", "values": ["infant distress", "other"], "required": true}]},
    {"id": "CRY", "label": "Cry", "type": "state", "subject": "child", "key": "c", "exclusiveGroup": "distress"},
    {"id": "FUSS", "label": "Fuss", "type": "state", "subject": "child", "key": "f", "exclusiveGroup": "distress"},
    {"id": "APPROACH", "label": "Approach", "type": "point", "subject": "child", "key": "a",
     "modifiers": [{"id": "target", "kind": "single", "values": ["parent", "stranger"], "required": true}]},
    {"id": "IN_CONTACT", "label": "In contact", "type": "state", "subject": "child", "key": "t"}
  ],
  "exclusiveGroups": [{"id": "distress", "members": ["CRY", "FUSS"]}],
  "ratingScales": [
    {"id": "PS", "label": "Proximity seeking", "scope": "episode", "range": {"min": 1, "max": 7},
     "anchors": [{"value": 7, "label": "Very active"}, {"value": 1, "label": "None"}],
     "applicability": [{"target": "parent", "episodes": ["E1", "E3"]}]},
    {"id": "D_RATING", "label": "Disorganization", "scope": "session", "range": {"min": 1, "max": 9}, "cutoff": 5,
     "applicability": [{"target": "parent", "episodes": ["ALL"]}]}
  ],
  "classification": {"codes": [
    {"code": "A", "label": "Avoidant", "subgroups": [{"code": "A1", "label": "A1"}, {"code": "A2", "label": "A2"}]},
    {"code": "B", "label": "Secure", "subgroups": [{"code": "B1", "label": "B1"}, {"code": "B2", "label": "B2"},
                                                  {"code": "B3", "label": "B3"}, {"code": "B4", "label": "B4"}]},
    {"code": "C", "label": "Resistant", "subgroups": [{"code": "C1", "label": "C1"}, {"code": "C2", "label": "C2"}]},
    {"code": "D", "label": "Disorganized", "assignment": {"linkedScale": "D_RATING", "threshold": {"op": ">=", "value": 5},
      "secondaryRequired": true, "secondaryFrom": ["A1", "A2", "B1", "B2", "B3", "B4", "C1", "C2"]}},
    {"code": "CC", "label": "Cannot classify", "optional": true}
  ]},
  "ruleHints": {"nonBinding": true, "hints": [
    {"id": "H_A", "suggests": "A", "expr": "max(PS.parent.E1, PS.parent.E3) <= 2", "strength": "heuristic"},
    {"id": "H_B", "suggests": "B", "expr": "PS.parent.E3 >= 5", "strength": "heuristic"},
    {"id": "H_D", "suggests": "D", "expr": "D_RATING.parent.ALL >= 5", "strength": "rule"},
    {"id": "H_FLAG", "expr": "PS.parent.E1 >= 6 && PS.parent.E3 <= 1", "strength": "flag", "message": "check the reunion"}
  ]},
  "norms": [
    {"id": "four", "population": "four-way test norm", "n": 1000, "distribution": {"A": 15, "B": 62, "C": 9, "D": 14}},
    {"id": "four_small", "population": "small four-way test norm", "n": 100, "distribution": {"A": 15, "B": 62, "C": 9, "D": 14}},
    {"id": "three", "population": "three-way test norm", "n": 2000, "distribution": {"A": 20, "B": 70, "C": 10}},
    {"id": "unsized", "population": "review estimate", "note": "no single sample", "distribution": {"A": 20, "B": 70, "C": 10}}
  ]
})";
}

// A scheme shipped in schemas/ (e.g. "ssp-infant.json"), loaded once per test program.
inline const Scheme& shipped_scheme(const std::string& file) {
    static std::map<std::string, Scheme> loaded;
    if (auto it = loaded.find(file); it != loaded.end()) return it->second;
    auto s = load_scheme_file(std::string(ATTUNE_SCHEMA_DIR) + "/" + file);
    if (!s) FAIL(s.error().message);
    return loaded.emplace(file, std::move(*s)).first->second;
}

inline Scheme tiny_scheme() {
    auto s = load_scheme_text(tiny_scheme_json(), "tiny");
    if (!s) FAIL(s.error().message);
    return std::move(*s);
}

// The shipped infant SSP scheme: eight episodes, P_EXIT and P_ENTER each start two of them.
inline Scheme ssp_scheme() {
    auto s = load_scheme_file(std::string(ATTUNE_SCHEMA_DIR) + "/ssp-infant.json");
    if (!s) FAIL(s.error().message);
    return std::move(*s);
}

}  // namespace attune::testing
