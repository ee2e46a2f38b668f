#pragma once
// The study's sessions: participant, date, recording (found or missing), the coding
// passes with their events, classification, validity flags and sign-off, and where each
// session stands (coded, double-coded, reviewed, signed off). Open a session to
// code it (as yourself, primary or reliability pass), sign off another coder's pass or
// unlock it with a reason (as a supervisor), add sessions from recordings
// (button or drop video files on the window), locate a moved recording. The table
// is read in the background on its own connection, so big studies never freeze it.
#include <string>
#include <vector>

#include "attune/coding/sign_off.hpp"
#include "task_runner.hpp"
#include "workbench.hpp"

namespace attune::app::ui {

struct PassSummary {
    int64_t id = 0;
    std::string coder, role, classification;
    size_t events = 0, errors = 0, warnings = 0;
    std::optional<SignOffRecord> signed_off;
    bool complete = false;  // classified, or coded under a scheme without classification
    bool hidden = false;    // the user is blind to it (blinding.hpp): nothing of it is read
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
    void draw_pass_cells(const ViewContext& cx, const SessionRow& row);
    void draw_sign_off(const ViewContext& cx, const PassSummary& p);
    void draw_review_button(const ViewContext& cx, const SessionRow& row) const;
    void draw_unlock_dialog(const ViewContext& cx);

    Task<std::vector<SessionRow>> loading_;
    std::vector<SessionRow> rows_;
    std::string loaded_path_;
    uint64_t loaded_changes_ = UINT64_MAX;
    int last_frame_ = -10;
    PassRole role_ = PassRole::Primary;
    std::string coder_;  // the Coder field as typed; the user's name while it is not edited
    bool editing_coder_ = false;
    std::optional<int64_t> unlocking_;  // the pass whose unlock reason is being asked for
    std::string unlock_reason_;
};

}  // namespace attune::app::ui
