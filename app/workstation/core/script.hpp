#pragma once
// Timed input replayed into the workstation (`attune --script FILE`), for tests and
// demonstrations. One command per line; '#' starts a comment:
//
//   open P01          open the session labelled P01 (a study must be open): your primary pass
//   open P01 as bob reliability   open bob's reliability pass, as its button in Sessions does
//   seek 120          go to frame 120 and wait until it is on screen ("step to frame N")
//   key Right         press a key chord (the scheme's or the workstation's), e.g. key Shift+S;
//                     it goes down between frames, as a coder's key does, and the runner
//                     prints the frame on screen then ("script:LINE: Shift+s pressed with
//                     frame 120 on screen")
//   hold Right 2000   hold a key down for 2000 ms
//   text hello        type text into the focused text field
//   wait 500          wait 500 ms
//   frames 3          wait 3 drawn frames
//   screen tallies    show the sessions, coding, tallies, audit, reliability, review or feedback
//                     screen (the plan is shown to the family by its key, F5)
//   tab ratings       bring a coding tab forward: events, ratings, classification, validity
//   drop FILE         add a session for a recording, as dropping it on the window does
//   locate P02 FILE   point session P02 at its moved recording, as Locate... does
//   import FILE       Study > Import... with FILE chosen; the import dialog opens once read
//   observation obs 1 in the import dialog, only this observation of the file is imported
//   map subject1/cry CRY   in the import dialog, the file's code becomes CRY ('drop': left out)
//   answer Check...   the import dialog's buttons: Check..., Import, Back, Cancel
//   export DIR csv with-coders   Study > Export... into DIR (also with-paths, replace)
//   consent P01 feedback,export   Study > Consent...: P01's consent for all their films
//   report DIR        Study > Report... for the open session's pass, into DIR (de-identified)
//   answer Re-derive frames   Edit > Re-derive frames
//   mouse 400 620     move the mouse pointer to window pixel (400, 620)
//   point D rating 0.25   move the pointer a quarter of the way across a named control
//   press / release   the left mouse button goes down / up where the pointer is
//   answer Open anyway    answer the question on screen as its button of that name does
//   sign-off P01 ab primary   sign off ab's primary pass of P01, as its Sign off button does
//   unlock P01 ab primary the reason   unlock it, as Unlock... does with that reason
//   quit              close the workstation
//
// Before each command the runner waits until the video shows the frame the last
// command asked for (or says why it cannot, or asks a question), and until an import's
// reading, checking or committing and an export have finished, so a script never races
// the decoder or the background work. Every message the status line shows is also written to
// standard error
// ("attune: ..."), so a test reads what the user was told.
#include <optional>
#include <string>
#include <vector>

#include "attune/result.hpp"
#include "keys.hpp"

namespace attune::app {

struct ScriptCommand {
    std::string verb, arg;
    int64_t number = 0;
    std::optional<KeyChord> chord;
    int line = 0;
};

Result<std::vector<ScriptCommand>> parse_script(const std::string& text, const std::string& origin);

}  // namespace attune::app
