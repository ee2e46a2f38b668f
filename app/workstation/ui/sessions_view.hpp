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
    void draw(const ViewContext& cx);

  private:
    void reload(const ViewContext& cx);
    void draw_toolbar(const ViewContext& cx);
    void draw_row(const ViewContext& cx, const SessionRow& row);

    Task<std::vector<SessionRow>> loading_;
    std::vector<SessionRow> rows_;
    std::string loaded_path_;
    uint64_t loaded_changes_ = UINT64_MAX;
    int last_frame_ = -10;
    PassRole role_ = PassRole::Primary;
    std::string coder_;  // the Coder field as typed; the user's name while it is not edited
    bool editing_coder_ = false;
};

}  // namespace attune::app::ui
