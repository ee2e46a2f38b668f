#pragma once
// The binding table: which chord runs which workstation action (mpv's input.conf). It starts
// from the default chords of coding/'s action table (workstation_keys.hpp), takes the coder's
// rebindings from keys.ini in the config directory (`action = chord` lines), and, once a pass
// is open, the scheme's behaviour keys join it. The key dispatch, the key map (F1), the
// transport buttons and the clash check all read this one table.
//
// A rebinding that cannot work (an unknown action, a chord that does not parse, two actions on
// one chord, a chord a behaviour key of the open scheme uses) is refused with a message naming
// the file, the line and what to do; that action keeps its default chord.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/scheme.hpp"
#include "attune/coding/workstation_keys.hpp"
#include "keys.hpp"

namespace attune::app {

class KeyBindings {
  public:
    KeyBindings();  // the defaults

    // Reads `dir`/keys.ini (a missing file is no error); returns one message per refused line.
    std::vector<std::string> load(const std::string& dir);
    // Takes rebindings from text, as if read from the file named `origin` (for tests).
    std::vector<std::string> read(const std::string& text, const std::string& origin);
    // The open pass's scheme: its behaviour keys join the table (nullptr: none open). Returns
    // one message per rebinding that now clashes with a behaviour key (that action is back on
    // its defaults) and per behaviour key a workstation chord shadows.
    std::vector<std::string> use_scheme(const Scheme* scheme);

    // The workstation action a chord runs, or null.
    const WorkstationAction* action_on(const KeyChord& chord) const;
    // The scheme's behaviour a chord codes (after the workstation's own), or null.
    const BehaviourDef* behaviour_on(const KeyChord& chord) const;
    // The chords that run an action now, as the key map shows them ("Ctrl+Shift+z").
    std::vector<KeyChord> chords_of(std::string_view action) const;
    // "Space", "Ctrl+Shift+Z / Ctrl+Y": an action's chords for a button's tooltip or the key map.
    std::string chords_text(std::string_view action) const;

  private:
    struct Rebinding {
        KeyChord chord;
        std::string where;  // "/home/ana/.config/attune/keys.ini line 3"
    };
    // Drops rebindings that cannot work (two actions on a chord, a behaviour key's chord),
    // saying why, and rebuilds the table.
    std::vector<std::string> resolve(bool only_scheme_clashes);
    std::vector<KeyChord> effective(const WorkstationAction& a) const;
    void rebuild();

    std::map<std::string, std::vector<Rebinding>, std::less<>> read_;     // as in the file
    std::map<std::string, std::vector<Rebinding>, std::less<>> rebound_;  // the ones in force
    std::map<KeyChord, const WorkstationAction*> by_chord_;
    std::map<KeyChord, const BehaviourDef*> behaviours_;
    const Scheme* scheme_ = nullptr;
};

}  // namespace attune::app
