#pragma once
// What every view of the workstation reads and acts on, in two parts (after
// Tracy's split): what the study contains (the study, the open session's media and
// pass) and what the user is looking at (ViewState). The Workbench owns both and
// hands references down; there are no globals.
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "attune/coding/study.hpp"
#include "bindings.hpp"
#include "coding_pass.hpp"
#include "export_flow.hpp"
#include "import_flow.hpp"
#include "intents.hpp"
#include "keys.hpp"
#include "preferences.hpp"
#include "presentation.hpp"
#include "review.hpp"
#include "session_media.hpp"

namespace attune::app {

// A behaviour key pressed whose required modifiers are still to be chosen.
struct PendingCode {
    std::string behaviour;
    FrameTime at;
    std::map<std::string, std::string> modifiers;
    size_t next = 0;  // the modifier being chosen
};

// What the user is looking at that only intents change (apply_intents): the screen, the
// selection, the behaviour waiting for its modifiers, the status line, the asked questions.
struct ViewState {
    Screen screen = Screen::Sessions;
    std::set<int64_t> selected;  // event ids
    std::string focal_subject;   // whose keys the overlay lists first
    std::optional<PendingCode> pending;
    std::string status;
    bool status_is_error = false;
    int64_t status_until_us = 0;
    using Tab = SideTab;
    std::optional<Tab> open_tab;        // a view asked to bring this tab forward
    std::optional<Rating> rating_cell;  // the selected cell of the rating grid (value unused)
    // A dropped file that is already a session's recording: added again only when the user
    // answers "Add again" (Sessions screen, or a script's 'answer').
    std::optional<std::string> add_again;
    // The review's play around a disagreement: from the frame it seeks to (playing starts
    // once that frame is on screen) until the recording reaches until_us or its end.
    struct ReviewPlay {
        int64_t from_frame = 0;
        int64_t until_us = 0;
        bool started = false;
    };
    std::optional<ReviewPlay> review_play;
    // Events of the open pass timed without its recording's frame index (an import while the
    // recording was not at hand): Edit > Re-derive frames offers to move them onto it.
    size_t retime_offer = 0;
    // Video feedback: the in, out and freeze frames marked for the next moment (MarkMoment),
    // kept until it is saved or the pass closes.
    struct MomentMarks {
        std::optional<FrameTime> in, out, freeze;
    };
    MomentMarks marks;
};

// What belongs to the window's views themselves, which they change as they draw (ImHex's
// per-view state): where the timeline looks, the dialogs shown, where controls were drawn.
// Intents may set it too (a jump scrolls the list; F1 shows the key map).
struct UiState {
    int64_t timeline_start_us = 0, timeline_span_us = 60'000'000;
    bool follow_playhead = true;
    bool timeline_fitted = false;  // the span was set from the recording's length
    bool show_keymap = false, show_goto = false;
    std::string goto_text;
    std::string modifier_text;                  // a free-text modifier value being typed
    SideTab front_tab = SideTab::Events;        // the tab the coder saw last frame
    std::optional<int64_t> scroll_to_event;     // the event list brings this row into view
    std::optional<int64_t> reveal_in_timeline;  // the timeline scrolls to this event's lane
    // Where named controls were drawn (window pixels) and in which ImGui frame, so a
    // script can point at them as a person would ('point D rating 0.5').
    struct ControlRect {
        float x = 0, y = 0, width = 0, height = 0;
        int frame = 0;
    };
    std::map<std::string, ControlRect> controls;
    // Video feedback: the editor's fields for the next moment saved from the marks (Ctrl+S),
    // and the moment selected on the feedback screen (its editor, the plan's reordering keys).
    Moment draft;
    std::optional<int64_t> moment;
    std::optional<Moment> editing;  // the selected moment as its editor holds it (Ctrl+S saves)
};

// The study, the open session's media and pass, and the view state, with one owner: the
// application hands views a `const Workbench&` (through ViewContext) to read, and every
// change arrives as an intent that apply_intents() carries out with the mutable overloads.
class Workbench {
  public:
    // Reads the coder's key rebindings (keys.ini in `dir`), saying what it refused. Long
    // work (indexing, tables, exports) runs on `tasks`, which outlives the workbench.
    Workbench(Preferences& p, TaskRunner& tasks, std::string dir, std::string coder);

    // What views read.
    const std::optional<Study>& study() const { return study_; }
    const SessionMedia* media() const { return media_.get(); }
    const CodingPass* pass() const { return pass_.get(); }
    const std::optional<ReviewSession>& review() const { return review_; }
    const ViewState& view() const { return view_; }
    const UiState& ui() const { return ui_; }
    const KeyBindings& bindings() const { return bindings_; }
    const Preferences& prefs() const { return prefs_; }
    const std::string& user() const { return user_; }
    const std::string& config_dir() const { return config_dir_; }
    uint64_t study_changes() const { return study_changes_; }  // sessions added or relocated
    uint64_t media_opened() const { return media_opened_; }    // recordings opened so far
    bool quit_requested() const { return quit_; }
    bool has_intents() const { return !intents_.empty(); }

    // What the application, apply_intents() and the command table change.
    std::optional<Study>& study() { return study_; }
    SessionMedia* media() { return media_.get(); }
    CodingPass* pass() { return pass_.get(); }
    std::optional<ReviewSession>& review() { return review_; }  // review.hpp sets it
    ViewState& view() { return view_; }
    UiState& ui() { return ui_; }
    KeyBindings& bindings() { return bindings_; }
    Preferences& prefs() { return prefs_; }
    TaskRunner& tasks() { return tasks_; }
    void set_user(std::string coder);  // who opens and codes passes from now on
    void set_sound(video::Player::Sound s) { sound_ = s; }
    void set_wake(std::function<void()> wake) { wake_ = std::move(wake); }
    void request_quit() { quit_ = true; }
    void note_study_changed() { ++study_changes_; }

    void notify(const std::string& message, bool error = false);
    void report(const Status& s) {
        if (!s) notify(s.error().message, true);
    }
    Status open_study(const std::string& path);
    Status create_study(const std::string& path, const std::string& name);
    void close_study();
    // Opens the pass of `coder` (default: the user) in `role`, creating it when new.
    Status open_session(const Session& s, PassRole role = PassRole::Primary,
                        const std::optional<std::string>& coder = std::nullopt);
    void close_session();
    // "Open anyway": the file at the session's path is not the recording the pass was coded
    // on, and the coder accepts it. Notes that in the study (audited, naming both identities;
    // the session keeps its own), then plays it. This pass then opens it without asking.
    Status open_recording_anyway();
    // Every frame: other writers' changes appear within a second, a replaced or moved
    // study file stops all writing, and a pause in coding (2 s) copies the write-ahead
    // log into the .attune file.
    void watch_study(int64_t now_us);
    Status reopen_study();  // after the file was replaced on disk
    void keep_new_index();  // stores a freshly built frame index in the study (a cache)
    void offer_retime(const std::string& index_bytes);  // events timed at an assumed rate?
    // Edit > Re-derive frames: the open pass's events moved onto the frames their times fall
    // on in the recording's stored frame index (retime.hpp), as one change.
    Status retime_pass();
    // Study > Import... and Export...: the import in progress, an export running.
    const ImportFlow& import_flow() const { return import_; }
    ImportFlow& import_flow() { return import_; }
    bool exporting() const { return export_.running() || report_.running(); }
    void start_export(const ExportChoices& c);
    void start_report(const ReportChoices& c);  // Study > Report...
    // Once a frame: the import's and the export's finished work, said on the status line.
    void take_interop_results();
    // Once a frame: the media's finished work and next picture (true when the picture
    // changed); says on the status line when the file turns out not to be the recording.
    bool update_media(int64_t now_us);

    // Video feedback: the open pass's visit plan shown to the family (presentation.hpp). Each
    // moment's film plays in place of the pass's recording until end_presentation().
    const std::optional<Presentation>& presentation() const { return presentation_; }
    Status start_presentation();
    void show_moment(size_t index);  // of the plan shown (clamped)
    void end_presentation();

    // The one way views, keys and scripts change anything: carried out in order by
    // apply_intents() (intents.hpp) after input and before drawing.
    void post(Intent what) { intents_.push_back(std::move(what)); }
    std::optional<Intent> take_intent();

  private:
    Status open_session_unguarded(const Session& s, PassRole role,
                                  const std::optional<std::string>& coder);
    void use_study(Study opened, const std::string& path);
    Status retime_pass_unguarded();
    void follow_review_play();
    void open_media(const Session& s, std::vector<std::string> accepted);

    Preferences& prefs_;
    TaskRunner& tasks_;  // the media and the views start work on it
    std::string config_dir_;
    std::string user_;
    std::optional<Study> study_;
    std::unique_ptr<SessionMedia> media_;
    std::unique_ptr<CodingPass> pass_;
    std::optional<ReviewSession> review_;       // of the open session, while it is reviewed
    std::optional<Presentation> presentation_;  // the visit plan being shown
    std::unique_ptr<SessionMedia> pass_media_;  // the pass's recording, while a plan is shown
    std::optional<int64_t> presentation_film_;  // the session whose film is shown
    ViewState view_;
    UiState ui_;
    KeyBindings bindings_;  // the workstation's actions and, with a pass open, its scheme's keys
    video::Player::Sound sound_ = video::Player::Sound::Device;
    std::function<void()> wake_;
    bool quit_ = false;
    uint64_t study_changes_ = 0;
    uint64_t media_opened_ = 0;
    uint64_t passes_opened_ = 0;  // PassVersion::opening of the next pass
    struct StudyWatch {
        int64_t checked_us = 0, data_version = 0, writes = 0, last_write_us = 0;
        bool checkpointed = true, told_replaced = false;
    } watch_;
    std::deque<Intent> intents_;
    ImportFlow import_;
    Task<std::string> export_;
    Task<std::string> report_;
};

// What a view is handed each frame: the workbench to read, its own UiState to change, the
// task runner to start background work on, and the intent queue for everything else.
class ViewContext {
  public:
    explicit ViewContext(Workbench& wb) : wb(wb), ui(wb.ui()), tasks(wb.tasks()), owner_(wb) {}
    const Workbench& wb;
    UiState& ui;
    TaskRunner& tasks;
    void post(Intent what) const { owner_.post(std::move(what)); }
    // A message on the status line (and the terminal), as an intent in posting order.
    void say(std::string message, bool error = false) const {
        post(intent::Say{std::move(message), error});
    }

  private:
    Workbench& owner_;
};

// Digits rate the selected cell of the rating grid while the coder sees it.
inline bool rating_keys(const Workbench& wb) {
    return wb.view().rating_cell && wb.view().screen == Screen::Coding &&
           wb.ui().front_tab == SideTab::Ratings;
}

}  // namespace attune::app
