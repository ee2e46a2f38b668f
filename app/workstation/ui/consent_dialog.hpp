#pragma once
// Study > Consent...'s window: a participant's consent for their films (all of them, or one
// session's), the uses it allows (none: withdrawn), its last day and who recorded it, and the
// study's consent history under it. Record posts RecordConsent; consent is append-only, so a
// change is a new record (consent.hpp says how records combine).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "attune/coding/consent.hpp"
#include "workbench.hpp"

namespace attune::app::ui {

class ConsentDialog {
  public:
    // `films`: each participant's sessions (label and id).
    void open(std::map<std::string, std::vector<std::pair<std::string, int64_t>>> films,
              const std::string& recorded_by);
    bool is_open() const { return open_; }
    void close() { open_ = false; }
    // The history shown, as read after the study's `changes`-th change.
    uint64_t history_read_at() const { return history_at_; }
    void set_history(std::vector<Consent> history, uint64_t changes) {
        history_ = std::move(history), history_at_ = changes;
    }
    void draw(const ViewContext& cx);

  private:
    void draw_history();

    bool open_ = false;
    std::map<std::string, std::vector<std::pair<std::string, int64_t>>> films_;
    std::string participant_, until_, recorded_by_;
    int64_t session_id_ = 0;                       // 0: all of the participant's recordings
    bool uses_[4] = {false, false, false, false};  // kConsentUses
    std::vector<Consent> history_;
    uint64_t history_at_ = ~uint64_t{0};
};

}  // namespace attune::app::ui
