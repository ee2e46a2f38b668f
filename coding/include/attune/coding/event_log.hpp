#pragma once
// The events of one coding pass, with the scheme's rules applied as they are
// coded, in whatever order: a state key stops its behaviour where it is on and
// starts it elsewhere; starting a member of an exclusive group stops the member
// on at that frame, and the new bout ends where the group's next bout begins;
// required modifiers must be given. Every call is one change (committed on return).
#include <functional>
#include <vector>

#include "attune/coding/model.hpp"
#include "attune/coding/scheme.hpp"
#include "attune/coding/study.hpp"

namespace attune {

struct CodeResult {
    enum class Kind { Point, Started, Stopped } kind = Kind::Point;
    int64_t event_id = 0;
    std::vector<int64_t> stopped;  // exclusive-group members stopped by this start
};

class EventLog {
  public:
    EventLog(Study& study, const Scheme& scheme, int64_t pass_id);

    // What a behaviour key does at the frame on screen: a point event, or the start
    // or stop of a state (a stop when bout_at(behaviour, frame) finds a bout).
    // `modifiers` are checked against the scheme when something starts.
    Result<CodeResult> code(const std::string& behaviour, FrameTime at,
                            const std::map<std::string, std::string>& modifiers = {},
                            const std::string& comment = "");
    // Adds a complete event as given (imports, manual entry); stop == nullopt leaves a state open.
    Result<int64_t> add(const Event& e);
    // Adds many complete events as one change (an import): all or nothing.
    Status add_all(const std::vector<Event>& events);
    // The rows of add_all inside a change already running (an import that also creates its
    // pass); `replace` first deletes the pass's events. The caller has checked the rows.
    // `written`, when given, hears how many rows are in so far (a long import shows it).
    Status write_all(sql::Db& db, const std::vector<Event>& events, bool replace,
                     const std::function<void(size_t)>& written = {}) const;
    Status update(const Event& e);  // by e.id
    Status remove(const std::vector<int64_t>& ids);

    std::vector<Event> events() const;  // ordered by start frame, then id

    // What changed in this pass's events since audit row `after_audit_id` (by any change,
    // undo or redo, from any connection): for views that keep their own copy and must
    // not re-read 20,000 events after every key press.
    struct Changes {
        std::vector<Event> current;  // inserted or updated rows, as they are now
        std::vector<int64_t> gone;   // rows deleted (or not in this pass)
        bool other_tables = false;   // ratings, classification, overrides... changed too
        int64_t audit_id = 0;        // the newest audit row read: pass it next time
    };
    Changes changes_since(int64_t after_audit_id) const;
    int64_t latest_audit_id() const;
    std::optional<Event> running(const std::string& behaviour) const;  // the latest open bout
    // The bout of `behaviour` that is on at `frame` (started at or before it and not stopped
    // before or on it): the one a press of its key at `frame` stops.
    std::optional<Event> bout_at(const std::string& behaviour, int64_t frame) const;

    // The modifiers the scheme requires for this behaviour that `given` lacks, or bad values.
    std::optional<std::string> modifier_problem(
        const std::string& behaviour, const std::map<std::string, std::string>& given) const;

  private:
    Status insert(sql::Db& db, const Event& e, int64_t* id) const;
    // The bouts of these behaviours on at `frame`, latest start first.
    std::vector<Event> bouts_at(const std::vector<std::string>& behaviours, int64_t frame) const;
    // The earliest start after `frame` among these behaviours' bouts.
    std::optional<FrameTime> next_start(const std::vector<std::string>& behaviours,
                                        int64_t frame) const;
    Study& study_;
    const Scheme& scheme_;
    int64_t pass_;
};

// What is wrong with these modifiers for this behaviour: unknown modifiers, values
// outside a single-choice list, non-numbers for numeric ones, required ones missing.
std::vector<std::string> modifier_problems(const BehaviourDef& b,
                                           const std::map<std::string, std::string>& given);

// The event columns every reader selects first, in this order, and the reader for them
// (modifiers and comment are left to the caller: statistics never need them).
inline constexpr const char* kEventTimingColumns =
    "id, pass_id, subject, behaviour, start_frame, start_us, stop_frame, stop_us";
Event read_event_timing(const sql::Stmt& s);
// The same into an event kept for reuse (its strings keep their storage; modifiers and
// comment are left as they were).
void read_event_timing(const sql::Stmt& s, Event& e);

// One event row into a pass, inside a change already running (its id is not used: the
// row gets a new one); returns the new id. The caller has checked the event.
int64_t insert_event(sql::Db& db, int64_t pass_id, const Event& e);

std::string modifiers_to_json(const std::map<std::string, std::string>& m);
std::map<std::string, std::string> modifiers_from_json(const std::string& text);

}  // namespace attune
