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
#include "intents.hpp"
#include "keys.hpp"
#include "preferences.hpp"
#include "session_media.hpp"

namespace attune::app {

// A behaviour key pressed whose required modifiers are still to be chosen.
struct PendingCode {
    std::string behaviour;
    FrameTime at;
    std::map<std::string, std::string> modifiers;
    size_t next = 0;  // the modifier being chosen
};

struct ViewState {
    Screen screen = Screen::Sessions;
    std::set<int64_t> selected;  // event ids
    int64_t timeline_start_us = 0, timeline_span_us = 60'000'000;
    bool follow_playhead = true;
    bool timeline_fitted = false;  // the span was set from the recording's length
    std::string focal_subject;     // whose keys the overlay lists first
    bool show_keymap = false, show_goto = false, show_add_session = false;
    // Asked for by the Sessions view's buttons until it posts Run{"open-study"/"new-study"}
    // (the keys, the menu and the command table post intent::ChooseFile).
    bool show_open = false, show_new = false;
    std::optional<PendingCode> pending;
    std::string status;
    bool status_is_error = false;
    int64_t status_until_us = 0;
    std::string goto_text;
    using Tab = SideTab;
    std::optional<Tab> open_tab;        // a view asked to bring this tab forward
    Tab front_tab = Tab::Events;        // the tab the coder saw last frame
    std::optional<Rating> rating_cell;  // the selected cell of the rating grid (value unused)
    // A dropped file that is already a session's recording: added again only when the user
    // answers "Add again" (Sessions screen, or a script's 'answer').
    std::optional<std::string> add_again;
    std::optional<int64_t> scroll_to_event;     // the event list brings this row into view
    std::optional<int64_t> reveal_in_timeline;  // the timeline scrolls to this event's lane
    // Where named controls were drawn (window pixels) and in which ImGui frame, so a
    // script can point at them as a person would ('point D rating 0.5').
    struct ControlRect {
        float x = 0, y = 0, width = 0, height = 0;
        int frame = 0;
    };
    std::map<std::string, ControlRect> controls;
};

struct Workbench {
    // Reads the coder's key rebindings (keys.ini in `dir`), saying what it refused. Long
    // work (indexing, tables, exports) runs on `tasks`, which outlives the workbench.
    Workbench(Preferences& p, TaskRunner& tasks, std::string dir, std::string coder);

    Preferences& prefs;
    TaskRunner& tasks;  // the media and the views start work on it
    std::string config_dir;
    std::string user;
    std::optional<Study> study;
    std::unique_ptr<SessionMedia> media;
    std::unique_ptr<CodingPass> pass;
    ViewState view;
    KeyBindings bindings;  // the workstation's actions and, with a pass open, its scheme's keys
    video::Player::Sound sound = video::Player::Sound::Device;
    std::function<void()> wake;
    bool quit = false;
    uint64_t study_changes = 0;  // bumped when sessions are added or relocated
    uint64_t media_opened = 0;   // bumped each time a recording is opened
    uint64_t passes_opened = 0;  // bumped each time a pass is opened (PassVersion::opening)

    void notify(const std::string& message, bool error = false);
    Status open_study(const std::string& path);
    Status create_study(const std::string& path, const std::string& name);
    // Opens the pass of `coder` (default: the user) in `role`, creating it when new.
    Status open_session(const Session& s, PassRole role = PassRole::Primary,
                        const std::optional<std::string>& coder = std::nullopt);
    void close_session();
    // "Open anyway": the file at the session's path is not the recording the pass was coded
    // on, and the coder accepts it. Notes that in the study (audited, naming both identities;
    // the session keeps its own), then plays it. This pass then opens it without asking.
    Status open_recording_anyway();
    Status open_session_unguarded(const Session& s, PassRole role,
                                  const std::optional<std::string>& coder);
    // Every frame: other writers' changes appear within a second, a replaced or moved
    // study file stops all writing, and a pause in coding (2 s) copies the write-ahead
    // log into the .attune file.
    void watch_study(int64_t now_us);
    Status reopen_study();  // after the file was replaced on disk
    void keep_new_index();  // stores a freshly built frame index in the study (a cache)
    struct StudyWatch {
        int64_t checked_us = 0, data_version = 0, writes = 0, last_write_us = 0;
        bool checkpointed = true, told_replaced = false;
    } watch;
    void report(const Status& s) {
        if (!s) notify(s.error().message, true);
    }

    // The one way views, keys and scripts change anything: carried out in order by
    // apply_intents() (intents.hpp) after input and before drawing.
    void post(Intent what) { intents.push_back(std::move(what)); }
    std::deque<Intent> intents;
};

// Digits rate the selected cell of the rating grid while the coder sees it.
inline bool rating_keys(const Workbench& wb) {
    return wb.view.rating_cell && wb.view.screen == Screen::Coding &&
           wb.view.front_tab == SideTab::Ratings;
}

}  // namespace attune::app
