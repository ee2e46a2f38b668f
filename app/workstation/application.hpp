#pragma once
// The workstation once its window exists: owns the task runner, the Workbench (study,
// open session, view state), the key queue, the video renderer, the views and an
// optional script, and draws one frame at a time, saying when the next one is due.
// main() owns the window and the loop around it.
#include <memory>
#include <optional>
#include <string>

#include "keys.hpp"
#include "next_frame.hpp"
#include "options.hpp"
#include "script_runner.hpp"
#include "task_runner.hpp"
#include "ui/audit_view.hpp"
#include "ui/classification_view.hpp"
#include "ui/comments_view.hpp"
#include "ui/consent_dialog.hpp"
#include "ui/event_list_view.hpp"
#include "ui/export_dialog.hpp"
#include "ui/feedback_view.hpp"
#include "ui/file_dialog.hpp"
#include "ui/import_dialog.hpp"
#include "ui/ratings_view.hpp"
#include "ui/reliability_view.hpp"
#include "ui/report_dialog.hpp"
#include "ui/review_view.hpp"
#include "ui/sessions_view.hpp"
#include "ui/tallies_view.hpp"
#include "ui/timeline_view.hpp"
#include "video_renderer.hpp"
#include "workbench.hpp"

struct GLFWwindow;

namespace attune::app {

class Application {
  public:
    Application(GLFWwindow* window, Preferences& prefs, std::string config_dir, std::string user);
    Status start(const Options& options);  // opens what the command line names

    // One frame: take the next video frame, run the script, act on keys, draw.
    void frame(int64_t now_us);
    // Between the window backend's and ImGui's NewFrame: a script's mouse replaces the real one.
    void apply_script_mouse();
    bool quit_requested() const { return wb_.quit_requested(); }
    // After frame(): when the next frame is due without input (a video frame, a held key's
    // step, a script step, a status message's end). Background work wakes the loop itself.
    void plan_next_frame(int64_t now_us);
    // Sleeps until that time or until an event (input, or a worker's wake) comes.
    void wait_for_next_frame() const;
    std::string title() const;
    // Video feedback: while a plan is shown, whether the family has a window of its own (a
    // second monitor, or --family-window); main() opens it and draws the family's view in it.
    bool wants_family_window() const;
    void set_family_window(bool open) { family_window_ = open; }
    void draw_family_window(ImVec2 size, ImFont* caption_font);
    std::optional<ImVec4> family_picture_rect() const { return family_picture_rect_; }
    void set_caption_font(ImFont* font) { caption_font_ = font; }

    KeyInput& keys() { return keys_; }
    Workbench& workbench() { return wb_; }
    const Workbench& workbench() const { return wb_; }
    void drop_files(const std::vector<std::string>& paths);
    // Where the last frame drew the video picture (window pixels), for screenshot readers.
    std::optional<ImVec4> picture_rect() const { return picture_rect_; }
    // Where the timeline drew, in the same pixels, for scripts that click on it.
    const ui::TimelineView& timeline() const { return timeline_; }

  private:
    // The intents of the window's part (file dialogs, adding and locating recordings).
    void apply_window_intent(const Intent& what);
    void draw_menu_bar();
    void draw_screen();
    void draw_coding_screen();
    void draw_side_tabs();
    void draw_review_screen();
    void draw_present_screen();  // the family's view alone, with no second window
    void draw_status_bar();
    void draw_proxy_status();
    void draw_dialogs();
    void start_backup(std::string to);
    void take_backup_result();
    void open_export_dialog();   // Study > Export...
    void open_report_dialog();   // Study > Report...
    void open_consent_dialog();  // Study > Consent...
    void refresh_consent_history();
    void add_dropped_files();

    GLFWwindow* window_;
    // First made, last gone: work still running when the window closes is cancelled and
    // joined after the workbench and the views are gone, so a task's work captures what it
    // needs by value, never the workbench or a view.
    TaskRunner tasks_;
    NextFrame next_frame_;
    Workbench wb_;
    ViewContext cx_{wb_};  // what the views are handed: wb_ to read, their UiState, the queue
    KeyInput keys_;
    VideoRenderer renderer_;
    std::optional<ScriptRunner> script_;
    ui::SessionsView sessions_;
    ui::TimelineView timeline_;
    ui::EventListView event_list_;
    ui::RatingsView ratings_;
    ui::ClassificationView classification_;
    ui::CommentsView comments_;
    ui::TalliesView tallies_;
    ui::AuditView audit_;
    ui::ReliabilityView reliability_;
    ui::ReviewView review_;
    ui::FeedbackView feedback_;
    ui::FileDialog file_dialog_;
    ui::ImportDialog import_dialog_;
    ui::ExportDialog export_dialog_;
    ui::ReportDialog report_dialog_;
    ui::ConsentDialog consent_dialog_;
    std::string new_study_name_ = "My study";
    uint64_t shown_serial_ = 0;
    int64_t shown_index_ = -1;
    uint64_t drawn_media_ = 0;  // Workbench::media_opened of the recording the picture came from
    std::optional<ImVec4> picture_rect_;
    std::optional<ImVec4> family_picture_rect_;
    bool family_window_ = false, force_family_window_ = false;
    ImFont* caption_font_ = nullptr;
    Task<std::string> backup_;
    std::string dialogs_study_;         // the study the report and consent dialogs were opened on
    std::vector<std::string> dropped_;  // files dropped on the window, added in frame()
};

}  // namespace attune::app
