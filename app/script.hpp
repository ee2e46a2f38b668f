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
//   screen tallies    show the sessions, coding or tallies screen
//   tab ratings       bring a coding tab forward: events, ratings, classification, validity
//   drop FILE         add a session for a recording, as dropping it on the window does
//   locate P02 FILE   point session P02 at its moved recording, as Locate... does
//   mouse 400 620     move the mouse pointer to window pixel (400, 620)
//   point D rating 0.25   move the pointer a quarter of the way across a named control
//   press / release   the left mouse button goes down / up where the pointer is
//   answer Open anyway    answer the question on screen as its button of that name does
//   quit              close the workstation
//
// Before each command the runner waits until the video shows the frame the last
// command asked for (or says why it cannot, or asks a question), so a script never races
// the decoder. Every message the status line shows is also written to standard error
// ("attune: ..."), so a test reads what the user was told.
#include <optional>
#include <string>
#include <vector>

#include "attune/result.hpp"
#include "keys.hpp"
#include "workbench.hpp"

namespace attune::app {

struct ScriptCommand {
    std::string verb, arg;
    int64_t number = 0;
    std::optional<KeyChord> chord;
    int line = 0;
};

Result<std::vector<ScriptCommand>> parse_script(const std::string& text, const std::string& origin);

class ScriptRunner {
  public:
    explicit ScriptRunner(std::vector<ScriptCommand> commands) : commands_(std::move(commands)) {}
    // Runs what is due this frame; false once the script has ended.
    bool tick(Workbench& wb, KeyInput& input, int64_t now_us);
    bool done() const { return next_ >= commands_.size() && hold_until_us_ < 0; }

    // The pointer the script drives, applied to ImGui's input before each frame begins
    // (after the window backend has read the real mouse), or nothing until it moves.
    struct Mouse {
        float x = 0, y = 0;
        bool down = false;
    };
    const std::optional<Mouse>& mouse() const { return mouse_; }

  private:
    bool media_settled(const Workbench& wb) const;
    void press(const ScriptCommand& c, Workbench& wb, KeyInput& input);

    std::vector<ScriptCommand> commands_;
    size_t next_ = 0;
    int64_t wait_until_us_ = -1;
    int frames_left_ = 0;
    int hold_key_ = 0;
    int64_t hold_until_us_ = -1;
    std::optional<int64_t> seek_target_;
    std::optional<Mouse> mouse_;
};

}  // namespace attune::app
