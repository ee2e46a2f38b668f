#pragma once
// Sessions made from recording files, and recordings found again: what dropping a video on
// the window, "Add session from a recording..." and "Locate..." carry out (as intents). A
// file FFmpeg cannot open as video is refused with the reason; the study is changed only
// when the file is accepted.
#include <string>

#include "workbench.hpp"

namespace attune::app {

// Adds a session for a recording file: label and participant from the file name. A file
// that is already a session's recording (same file, or same identity) is added only
// `again`, else the user is asked (ViewState::add_again).
Status add_recording_session(Workbench& wb, const std::string& path, bool again = false);
// The answer to ViewState::add_again: add the recording as another session, or not.
Status answer_add_again(Workbench& wb, bool add);
// Points a session at its moved recording (refusing what is not video) and reopens the
// pass that is open on it. The session keeps its identity, so another file asks first.
Status locate_recording(Workbench& wb, int64_t session_id, const std::string& path);

}  // namespace attune::app
