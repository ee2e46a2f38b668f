#pragma once
// The study's sessions: participant, date, recording (found or missing), the coding
// passes with their events, classification and validity flags. Open a session to
// code it (as yourself, primary or reliability pass), add sessions from recordings
// (button or drop video files on the window), locate a moved recording. The table
// is read in the background on its own connection, so big studies never freeze it.
#include <string>
#include <vector>

#include "task_runner.hpp"
#include "workbench.hpp"

namespace attune::app::ui {

struct PassSummary {
    int64_t id = 0;
    std::string coder, role, classification;
    size_t events = 0, errors = 0, warnings = 0;
};
struct SessionRow {
    Session session;
    bool recording_found = false;
    std::vector<PassSummary> passes;
};

class SessionsView {
  public:
    void draw(Workbench& wb);

  private:
    void reload(Workbench& wb);
    void draw_toolbar(Workbench& wb);
    void draw_row(Workbench& wb, const SessionRow& row);

    Task<std::vector<SessionRow>> loading_;
    std::vector<SessionRow> rows_;
    std::string loaded_path_;
    uint64_t loaded_changes_ = UINT64_MAX;
    int last_frame_ = -10;
    PassRole role_ = PassRole::Primary;
};

// Adds a session for a recording file: label and participant from the file name. A file
// FFmpeg cannot open as video is refused; one that is already a session's recording (same
// file, or same identity) is added only `again`, else the user is asked (view.add_again).
Status add_recording_session(Workbench& wb, const std::string& path, bool again = false);
// The answer to view.add_again: add the recording as another session, or not.
Status answer_add_again(Workbench& wb, bool add);
// Points a session at its moved recording (refusing what is not video) and reopens the
// pass that is open on it. The session keeps its identity, so another file asks first.
Status locate_recording(Workbench& wb, int64_t session_id, const std::string& path);

}  // namespace attune::app::ui
