#include "application.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "attune/coding/blinding.hpp"
#include "attune/coding/consent.hpp"
#include "attune/coding/file_identity.hpp"
#include "attune/coding/records.hpp"
#include "attune/video/audio_sink.hpp"
#include "commands.hpp"
#include "ui/coding_overlays.hpp"
#include "ui/palette.hpp"
#include "ui/transport_bar.hpp"
#include "ui/validity_view.hpp"
#include "ui/video_view.hpp"
#include "ui/widgets.hpp"

namespace attune::app {
namespace fs = std::filesystem;

Application::Application(GLFWwindow* window, Preferences& prefs, std::string config_dir,
                         std::string user)
    : window_(window),
      tasks_([] { glfwPostEmptyEvent(); }),
      wb_(prefs, tasks_, std::move(config_dir), std::move(user)) {
    wb_.set_wake([] { glfwPostEmptyEvent(); });
}

Status Application::start(const Options& options) {
    if (auto ok = renderer_.init(); !ok) return ok;
    force_family_window_ = options.family_window;
    if (options.sound == "null")
        wb_.set_sound(video::Player::Sound::NullSink);
    else if (options.sound == "off")
        wb_.set_sound(video::Player::Sound::Off);
    if (options.script) {
        std::ifstream in(*options.script);
        if (!in) return Error{"cannot read the script " + *options.script};
        std::stringstream text;
        text << in.rdbuf();
        auto commands = parse_script(text.str(), *options.script);
        if (!commands) return commands.error();
        script_.emplace(std::move(*commands));
    }
    if (options.study) {
        if (fs::path(*options.study).extension() != ".attune")
            return Error{
                *options.study +
                " is not a study file (*.attune). Create a study with "
                "Study > New study..., or 'attune-cli study create', and add the recording "
                "as a session."};
        if (auto ok = wb_.open_study(*options.study); !ok) return ok;
        if (options.session) {
            auto s = find_session(*wb_.study(), *options.session);
            if (!s) return Error{"the study has no session labelled " + *options.session};
            if (auto ok = wb_.open_session(*s, options.role); !ok) return ok;
        }
    }
    return ok_status();
}

void Application::plan_next_frame(int64_t now_us) {
    next_frame_.begin(now_us);
    if (script_ && !script_->done()) next_frame_.soon();  // the script's next step
    if (!wb_.view().status.empty() && now_us < wb_.view().status_until_us)
        next_frame_.at(wb_.view().status_until_us);  // the message goes when it is due
    if (wb_.has_intents()) next_frame_.soon();       // what a view asked for while drawing
    if (!wb_.media()) return;
    if (auto due = wb_.media()->next_frame_due_us(now_us)) next_frame_.at(*due);
    for (int key : held_step_keys(wb_)) {  // a held step key steps on
        if (key == GLFW_KEY_LEFT_SHIFT || key == GLFW_KEY_RIGHT_SHIFT) continue;
        if (glfwGetKey(window_, key) == GLFW_PRESS || keys_.script_holds(key)) next_frame_.soon();
    }
}

void Application::wait_for_next_frame() const {
    const double wait_s = next_frame_.wait_seconds(video::steady_now_us());
    if (wait_s > 0)
        glfwWaitEventsTimeout(wait_s);
    else
        glfwPollEvents();  // already due (GLFW refuses a timeout of 0)
}

std::string Application::title() const {
    std::string t = "Attune";
    if (wb_.presentation()) return t;  // a projector's audience reads the title bar too
    if (wb_.study()) t += " - " + fs::path(wb_.study()->path()).filename().string();
    if (wb_.pass())
        t += " - " + wb_.pass()->session().label + " (" + wb_.pass()->pass().coder + ", " +
             to_string(wb_.pass()->pass().role) + ")";
    if (wb_.study())
        t += wb_.study()->all_saved()     ? " - all changes saved"
             : wb_.study()->write_block() ? " - NOT WRITABLE"
                                          : " - LAST CHANGE NOT SAVED";
    return t;
}

void Application::drop_files(const std::vector<std::string>& paths) {
    // From the window system's callback, outside the frame guard: handled in frame().
    dropped_.insert(dropped_.end(), paths.begin(), paths.end());
}

void Application::add_dropped_files() {
    if (dropped_.empty()) return;
    const auto paths = std::exchange(dropped_, {});
    if (!wb_.study())
        return wb_.notify("Open or create a study first, then drop recordings on it", true);
    for (const auto& path : paths) wb_.post(intent::AddRecording{path});
}

void Application::start_backup(std::string to) {
    if (fs::path(to).extension() != ".attune") to += ".attune";
    const std::string from = wb_.study()->path(), user = wb_.user();
    backup_ = tasks_.start<std::string>(
        "Backing up", [from, to, user](const auto&, const auto&) -> Result<std::string> {
            auto study = Study::open(from, user);  // its own connection: the window goes on
            if (!study) return study.error();
            if (auto ok = study->backup_to(to); !ok) return ok.error();
            return to;
        });
    wb_.notify("Backing up the study to " + to + "...");
}

void Application::take_backup_result() {
    if (!backup_.ready()) return;
    auto done = backup_.take();
    backup_ = {};
    if (!done) return wb_.notify("The backup failed: " + done.error().message, true);
    wb_.notify("Backed up the study to " + *done + " (a complete, consistent copy)");
}

void Application::open_export_dialog() {
    std::vector<std::string> labels;
    try {
        for (const auto& s : list_sessions(*wb_.study())) labels.push_back(s.label);
    } catch (const std::exception& e) {
        return wb_.notify(std::string("The study could not be read: ") + e.what(), true);
    }
    export_dialog_.open(labels);
}

void Application::open_report_dialog() {
    std::vector<std::pair<int64_t, std::string>> passes;
    try {
        const auto hidden = passes_hidden_from(*wb_.study(), wb_.user());
        std::map<int64_t, std::string> labels;
        for (const auto& s : list_sessions(*wb_.study())) labels[s.id] = s.label;
        for (const Pass& p : list_passes(*wb_.study()))
            if (!hidden.count(p.id))
                passes.emplace_back(
                    p.id, labels[p.session_id] + ": " + to_string(p.role) + " pass by " + p.coder);
    } catch (const std::exception& e) {
        return wb_.notify(std::string("The study could not be read: ") + e.what(), true);
    }
    report_dialog_.open(std::move(passes), wb_.pass() ? wb_.pass()->pass().id : 0);
}

void Application::open_consent_dialog() {
    std::map<std::string, std::vector<std::pair<std::string, int64_t>>> films;
    try {
        for (const auto& s : list_sessions(*wb_.study()))
            films[s.participant].emplace_back(s.label, s.id);
    } catch (const std::exception& e) {
        return wb_.notify(std::string("The study could not be read: ") + e.what(), true);
    }
    consent_dialog_.open(std::move(films), wb_.user());
}

// The consent dialog's history, read again after a change to the study.
void Application::refresh_consent_history() {
    if (!consent_dialog_.is_open() || !wb_.study() ||
        consent_dialog_.history_read_at() == wb_.study_changes())
        return;
    try {
        consent_dialog_.set_history(consent_history(*wb_.study()), wb_.study_changes());
    } catch (const std::exception& e) {
        consent_dialog_.set_history({}, wb_.study_changes());
        wb_.notify(std::string("The consent history could not be read: ") + e.what(), true);
    }
}

void Application::apply_script_mouse() {
    if (!script_ || !script_->mouse()) return;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(script_->mouse()->x, script_->mouse()->y);
    io.MouseDown[0] = script_->mouse()->down;
}

void Application::frame(int64_t now_us) {
    wb_.watch_study(now_us);
    take_backup_result();
    wb_.take_interop_results();
    add_dropped_files();
    wb_.keep_new_index();
    // A script's keys go down before the next frame is taken, as a coder's keys do.
    if (script_ && !script_->tick(wb_, keys_, now_us) && script_->done()) wb_.request_quit();
    // A recording put back (after the plan was shown) shows its frame again, changed or not.
    const bool other_media = wb_.media() && wb_.media_opened() != drawn_media_;
    if (wb_.update_media(now_us) || other_media) {
        const auto& shown = wb_.media()->shown();
        // A new recording starts its serials again: compare the media too, or its first
        // frame could be taken for the last one drawn of the session before.
        if (shown &&
            (other_media || shown->serial != shown_serial_ || shown->index != shown_index_)) {
            wb_.report(renderer_.draw(*shown, wb_.media()->rotation()));
            shown_serial_ = shown->serial, shown_index_ = shown->index;
            drawn_media_ = wb_.media_opened();
        }
    }
    // Input, then every intent in the order posted (the views' of the last frame first),
    // then drawing.
    for (int key : held_step_keys(wb_))
        keys_.window_down(key, glfwGetKey(window_, key) == GLFW_PRESS);
    post_keys(wb_, keys_, ImGui::GetIO().WantTextInput);
    apply_intents(wb_, [this](const Intent& what) { apply_window_intent(what); });
    handle_held_keys(wb_, keys_, now_us, ImGui::GetIO().WantTextInput);

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    picture_rect_.reset();
    if (wb_.view().screen == Screen::Present && wb_.presentation() && !family_window_) {
        draw_present_screen();  // the family's: no menu, no status line, no dialog, no study
        return;
    }
    draw_menu_bar();
    const float status_h = ImGui::GetFrameHeightWithSpacing();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, vp->WorkSize.y - status_h));
    ImGui::Begin("##main", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    draw_screen();
    ImGui::End();
    draw_status_bar();
    draw_dialogs();
}

// The screen shown, inside the main window (a screen that cannot be shown falls back to the
// sessions list, by the intent channel like any move).
void Application::draw_screen() {
    switch (wb_.view().screen) {
        case Screen::Sessions:
            sessions_.draw(cx_);
            break;
        case Screen::Coding:
            if (wb_.pass() && wb_.media()) {
                draw_coding_screen();
            } else {  // the pass closed: the sessions list, by the intent channel like any move
                wb_.post(intent::ShowScreen{Screen::Sessions});
                sessions_.draw(cx_);
            }
            break;
        case Screen::Tallies:
            tallies_.draw(cx_);
            break;
        case Screen::Audit:
            audit_.draw(cx_);
            break;
        case Screen::Reliability:
            reliability_.draw(cx_);
            break;
        case Screen::Review:
            if (wb_.review() && wb_.media()) {
                draw_review_screen();
            } else {
                wb_.post(intent::ShowScreen{Screen::Sessions});
                sessions_.draw(cx_);
            }
            break;
        case Screen::Feedback:
            if (wb_.pass() && wb_.media()) {
                picture_rect_ = feedback_.draw(cx_, renderer_);
            } else {
                wb_.post(intent::ShowScreen{Screen::Sessions});
                sessions_.draw(cx_);
            }
            break;
        case Screen::Present:  // the therapist's, with the family's view in its own window
            if (wb_.presentation() && wb_.media()) {
                picture_rect_ = feedback_.draw_therapist(cx_, renderer_);
            } else {
                wb_.post(intent::ShowScreen{Screen::Sessions});
                sessions_.draw(cx_);
            }
            break;
    }
}

void Application::apply_window_intent(const Intent& what) {
    using Purpose = ui::FileDialog::Purpose;
    const std::vector<std::string> kVideo = {".mp4", ".mkv", ".mov", ".avi",
                                             ".ts",  ".mts", ".webm"};
    if (const auto* choose = std::get_if<intent::ChooseFile>(&what)) {
        using Choice = intent::FileChoice;
        switch (choose->purpose) {
            case Choice::OpenStudy:
                return file_dialog_.open(Purpose::OpenStudy, "Open a study", {".attune"}, false);
            case Choice::NewStudy:
                return file_dialog_.open(Purpose::NewStudy, "New study: choose where to save it",
                                         {".attune"}, true);
            case Choice::AddRecording:
                return file_dialog_.open(Purpose::AddRecording, "Add a recording", kVideo, false);
            case Choice::LocateRecording:
                file_dialog_.open(Purpose::LocateRecording, "Locate the recording", kVideo, false);
                file_dialog_.subject = choose->session_id;
                return;
            case Choice::ExportCsv:
                return file_dialog_.open(Purpose::ExportCsv, "Export the tallies as CSV", {".csv"},
                                         true, "tallies.csv");
            case Choice::Backup:
                return file_dialog_.open(Purpose::BackupStudy,
                                         "Back up the study: choose where to write the copy",
                                         {".attune"}, true);
            case Choice::ImportFile:
                return file_dialog_.open(
                    Purpose::ImportFile,
                    "Import a BORIS project, ELAN document or Datavyu spreadsheet",
                    {".boris", ".gz", ".eaf", ".opf", ".csv"}, false);
            case Choice::ExportFolder:
                return file_dialog_.open(Purpose::ExportFolder,
                                         "Export into this folder (made when missing)", {}, true,
                                         "attune-export");
            case Choice::ReportFolder:
                return file_dialog_.open(Purpose::ReportFolder,
                                         "Write the report into this folder (made when missing)",
                                         {}, true, "attune-report");
            case Choice::LoadMapping:
                return file_dialog_.open(Purpose::LoadMapping, "Load a mapping", {".json"}, false);
            case Choice::SaveMapping:
                return file_dialog_.open(Purpose::SaveMapping, "Save the mapping", {".json"}, true,
                                         "mapping.json");
        }
    }
}

void Application::draw_menu_bar() {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("Study")) {
        if (ImGui::MenuItem("New study...", "Ctrl+N"))
            wb_.post(intent::ChooseFile{intent::FileChoice::NewStudy});
        if (ImGui::MenuItem("Open study...", "Ctrl+O"))
            wb_.post(intent::ChooseFile{intent::FileChoice::OpenStudy});
        if (ImGui::BeginMenu("Recent studies", !wb_.prefs().recent_studies.empty())) {
            for (const auto& path : wb_.prefs().recent_studies)
                if (ImGui::MenuItem(path.c_str())) wb_.post(intent::OpenStudy{path});
            ImGui::EndMenu();
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Import...", nullptr, false,
                            wb_.study().has_value() && !wb_.import_flow().open()))
            wb_.post(intent::ChooseFile{intent::FileChoice::ImportFile});
        if (ImGui::MenuItem("Export...", nullptr, false,
                            wb_.study().has_value() && !wb_.exporting()))
            open_export_dialog();
        if (ImGui::MenuItem("Report...", nullptr, false,
                            wb_.study().has_value() && !wb_.exporting()))
            open_report_dialog();
        if (ImGui::MenuItem("Consent...", nullptr, false, wb_.study().has_value()))
            open_consent_dialog();
        ImGui::Separator();
        if (ImGui::MenuItem("Back up...", nullptr, false,
                            wb_.study().has_value() && !backup_.running()))
            wb_.post(intent::ChooseFile{intent::FileChoice::Backup});
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) wb_.post(intent::Quit{});
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Sessions", "Ctrl+1", wb_.view().screen == Screen::Sessions))
            wb_.post(intent::ShowScreen{Screen::Sessions});
        if (ImGui::MenuItem("Coding", "Ctrl+2", wb_.view().screen == Screen::Coding,
                            wb_.pass() != nullptr))
            wb_.post(intent::ShowScreen{Screen::Coding});
        if (ImGui::MenuItem("Tallies", "Ctrl+3", wb_.view().screen == Screen::Tallies,
                            wb_.study().has_value()))
            wb_.post(intent::ShowScreen{Screen::Tallies});
        if (ImGui::MenuItem("Audit log", "Ctrl+4", wb_.view().screen == Screen::Audit,
                            wb_.study().has_value()))
            wb_.post(intent::ShowScreen{Screen::Audit});
        if (ImGui::MenuItem("Reliability", "Ctrl+5", wb_.view().screen == Screen::Reliability,
                            wb_.study().has_value()))
            wb_.post(intent::ShowScreen{Screen::Reliability});
        if (ImGui::MenuItem("Review", "Ctrl+6", wb_.view().screen == Screen::Review,
                            wb_.review().has_value()))
            wb_.post(intent::ShowScreen{Screen::Review});
        if (ImGui::MenuItem("Video feedback", "Ctrl+7", wb_.view().screen == Screen::Feedback,
                            wb_.pass() != nullptr))
            wb_.post(intent::ShowScreen{Screen::Feedback});
        ImGui::Separator();
        ImGui::MenuItem("Key map", "F1", &wb_.ui().show_keymap);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Edit", wb_.pass() != nullptr)) {
        if (ImGui::MenuItem("Undo", "Ctrl+Z")) wb_.post(intent::Run{"undo"});
        if (ImGui::MenuItem("Redo", "Ctrl+Shift+Z")) wb_.post(intent::Run{"redo"});
        ImGui::Separator();
        if (ImGui::MenuItem("Re-derive frames", nullptr, false, wb_.view().retime_offer > 0))
            wb_.post(intent::RederiveFrames{});
        ImGui::Separator();
        ImGui::SetNextItemWidth(100);
        double jump = wb_.prefs().jump_seconds;
        if (ImGui::InputDouble("Jump (s)", &jump, 1, 5, "%.1f") && jump > 0)
            wb_.post(intent::SetJumpSeconds{jump});
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

// The coding screen's tabs beside the video: events, ratings, classification, validity,
// comments.
void Application::draw_side_tabs() {
    if (ImGui::BeginTabBar("side_tabs")) {
        using Tab = ViewState::Tab;
        auto tab = [&](const char* label, Tab which) {
            const bool asked = wb_.view().open_tab == which;
            if (asked) wb_.view().open_tab.reset();
            return ImGui::BeginTabItem(label, nullptr, asked ? ImGuiTabItemFlags_SetSelected : 0);
        };
        if (tab("Events", Tab::Events)) {
            cx_.ui.front_tab = Tab::Events;
            event_list_.draw(cx_);
            ImGui::EndTabItem();
        }
        if (tab("Ratings", Tab::Ratings)) {
            cx_.ui.front_tab = Tab::Ratings;
            ratings_.draw(cx_);
            ImGui::EndTabItem();
        }
        if (tab("Classification", Tab::Classification)) {
            cx_.ui.front_tab = Tab::Classification;
            classification_.draw(cx_);
            ImGui::EndTabItem();
        }
        char validity[64];
        std::snprintf(validity, sizeof validity, "Validity (%zu)###validity",
                      wb_.pass()->issues().size());
        if (tab(validity, Tab::Validity)) {
            cx_.ui.front_tab = Tab::Validity;
            ui::draw_validity_view(cx_);
            ImGui::EndTabItem();
        }
        char comments[64];
        std::snprintf(comments, sizeof comments, "Comments (%zu)###comments",
                      wb_.pass()->comments().size());
        if (tab(comments, Tab::Comments)) {
            cx_.ui.front_tab = Tab::Comments;
            comments_.draw(cx_);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
}

void Application::draw_coding_screen() {
    Preferences& p = wb_.prefs();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float splitter = 6.0f;
    const float timeline_h = std::round(avail.y * p.timeline_height);
    const float side_w = std::round(avail.x * p.side_width);
    const float top_h = avail.y - timeline_h - splitter;
    const float video_w = avail.x - side_w - splitter;

    ImGui::BeginGroup();
    const float transport_h = ImGui::GetFrameHeightWithSpacing() * 2;
    auto actions = ui::draw_video_view(cx_, renderer_, ImVec2(video_w, top_h - transport_h));
    picture_rect_ = actions.picture;
    ImGui::PushTextWrapPos(video_w);
    ui::draw_transport_bar(cx_);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();

    // Splitters: drag to resize; the shares are kept in the preferences.
    auto split = [&](const char* id, ImVec2 size, bool vertical, float& share, float total) {
        ImGui::InvisibleButton(id, size);
        if (ImGui::IsItemHovered() || ImGui::IsItemActive())
            ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
        if (ImGui::IsItemActive()) {
            const float delta =
                vertical ? -ImGui::GetIO().MouseDelta.x : -ImGui::GetIO().MouseDelta.y;
            share = std::clamp(share + delta / total, 0.12f, 0.7f);
        }
        if (ImGui::IsItemDeactivated()) save_preferences(wb_.config_dir(), p);
    };
    ImGui::SameLine(0, 0);
    split("##vsplit", ImVec2(splitter, top_h), true, p.side_width, avail.x);
    ImGui::SameLine(0, 0);

    ImGui::BeginChild("side", ImVec2(side_w, top_h));
    draw_side_tabs();
    ImGui::EndChild();

    split("##hsplit", ImVec2(avail.x, splitter), false, p.timeline_height, avail.y);
    timeline_.draw(cx_, ImVec2(avail.x, ImGui::GetContentRegionAvail().y));
    ui::draw_keymap_overlay(cx_);
    ui::draw_modifier_chooser(cx_);
}

// The review: the video and its transport, the disagreements beside them, and the two
// passes' timelines under both, sized as the coding screen is.
void Application::draw_review_screen() {
    const Preferences& p = wb_.prefs();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float timeline_h = std::round(avail.y * std::max(p.timeline_height, 0.34f));
    const float side_w = std::round(avail.x * std::max(p.side_width, 0.42f));
    const float top_h = avail.y - timeline_h - ImGui::GetStyle().ItemSpacing.y;
    const float video_w = avail.x - side_w - ImGui::GetStyle().ItemSpacing.x;
    ImGui::BeginGroup();
    const float transport_h = ImGui::GetFrameHeightWithSpacing() * 2;
    picture_rect_ =
        ui::draw_video_view(cx_, renderer_, ImVec2(video_w, top_h - transport_h)).picture;
    ImGui::PushTextWrapPos(video_w);
    ui::draw_transport_bar(cx_);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginChild("review_side", ImVec2(side_w, top_h));
    review_.draw_panel(cx_);
    ImGui::EndChild();
    review_.draw_timelines(cx_, ImVec2(avail.x, ImGui::GetContentRegionAvail().y));
    ui::draw_keymap_overlay(cx_);
}

bool Application::wants_family_window() const {
    if (!wb_.presentation() || wb_.view().screen != Screen::Present) return false;
    int monitors = 0;
    glfwGetMonitors(&monitors);
    return force_family_window_ || monitors > 1;
}

// The whole window is the family's: the picture and the caption, keys only.
void Application::draw_present_screen() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    picture_rect_ = ui::draw_family_screen(cx_, renderer_, vp->Pos, vp->Size,
                                           caption_font_ ? caption_font_ : ImGui::GetFont());
}

// In the family's own window (its ImGui context current): the same view, filling it.
void Application::draw_family_window(ImVec2 size, ImFont* caption_font) {
    family_picture_rect_ = ui::draw_family_screen(cx_, renderer_, ImVec2(0, 0), size, caption_font);
}

// The seek proxy's build: how far, how big and where, and a button that stops it (what is
// built is kept; the build goes on the next time the recording is opened).
void Application::draw_proxy_status() {
    const SessionMedia* media = wb_.media();
    if (!media || media->proxy_note().empty()) return;
    ImGui::SameLine();
    if (!media->proxy_task().running()) {
        ImGui::TextDisabled("| %s", media->proxy_note().c_str());
        return;
    }
    ImGui::TextDisabled("| Seek proxy %d%%",
                        static_cast<int>(media->proxy_task().progress() * 100));
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Built in the background so that seeks are instant: %s. "
            "Preferences seek_proxy and proxy_cache_gib turn it off or cap it.",
            media->proxy_note().c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Stop##proxy")) wb_.post(intent::StopProxy{});
}

void Application::draw_status_bar() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float h = ImGui::GetFrameHeightWithSpacing();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x, vp->WorkPos.y + vp->WorkSize.y - h));
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, h));
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
    if (wb_.study()) {
        if (wb_.study()->all_saved()) {
            ImGui::TextColored(ui::palette::kTextOk, "All changes saved");
        } else {
            const std::string why =
                wb_.study()->write_block().value_or(wb_.study()->unsaved().value_or(""));
            ImGui::TextColored(
                ui::palette::kTextSaveFailed, "%s",
                wb_.study()->write_block() ? "NOT WRITABLE" : "LAST CHANGE NOT SAVED");
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", why.c_str());
            if (wb_.study()->was_replaced()) {
                ImGui::SameLine();
                if (ImGui::SmallButton("Reopen")) wb_.post(intent::ReopenStudy{});
            }
        }
        ImGui::SameLine();
        ImGui::TextDisabled("| %s", wb_.study()->path().c_str());
        if (wb_.pass()) {
            ImGui::SameLine();
            ImGui::TextDisabled("| %s, %s pass by %s | %zu events",
                                wb_.pass()->session().label.c_str(),
                                to_string(wb_.pass()->pass().role),
                                wb_.pass()->pass().coder.c_str(), wb_.pass()->events().size());
            if (const auto& lock = wb_.pass()->signed_off()) {
                ImGui::SameLine();
                ImGui::TextColored(ui::palette::kTextWarning, "| SIGNED OFF by %s: read-only",
                                   lock->who.c_str());
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip(
                        "Signed off on %s. A supervisor can unlock it, with a "
                        "reason, on the Sessions screen.",
                        lock->at.c_str());
            }
        }
    } else {
        ImGui::TextDisabled("No study open: Study > New study (Ctrl+N) or Open study (Ctrl+O)");
    }
    draw_proxy_status();
    if (!wb_.view().status.empty() && video::steady_now_us() < wb_.view().status_until_us) {
        ImGui::SameLine();
        const ImVec4 colour =
            wb_.view().status_is_error ? ui::palette::kTextError : ui::palette::kTextStatus;
        ImGui::TextColored(colour, "| %s", wb_.view().status.c_str());
    }
    ImGui::End();
}

void Application::draw_dialogs() {
    using Purpose = ui::FileDialog::Purpose;
    ui::draw_goto_dialog(cx_);
    if (auto chosen = file_dialog_.draw()) {
        switch (chosen->purpose) {
            case Purpose::OpenStudy:
                wb_.post(intent::OpenStudy{chosen->path});
                break;
            case Purpose::NewStudy: {
                std::string path = chosen->path;
                if (fs::path(path).extension() != ".attune") path += ".attune";
                wb_.post(intent::CreateStudy{path, fs::path(path).stem().string()});
                break;
            }
            case Purpose::AddRecording:
                wb_.post(intent::AddRecording{chosen->path});
                break;
            case Purpose::LocateRecording:
                wb_.post(intent::LocateRecording{chosen->subject, chosen->path});
                break;
            case Purpose::ExportCsv:
                tallies_.export_to(cx_, chosen->path);
                break;
            case Purpose::BackupStudy:
                start_backup(chosen->path);
                break;
            case Purpose::ImportFile:
                wb_.post(intent::StartImport{chosen->path});
                break;
            case Purpose::ExportFolder:
                export_dialog_.set_folder(chosen->path);
                break;
            case Purpose::ReportFolder:
                report_dialog_.set_folder(chosen->path);
                break;
            case Purpose::LoadMapping:
            case Purpose::SaveMapping:
                wb_.post(intent::ImportMappingFile{chosen->path,
                                                   chosen->purpose == Purpose::SaveMapping});
                break;
        }
    }
    import_dialog_.draw(cx_);
    export_dialog_.draw(cx_);
    // Another study opened: what these dialogs read of the last one is no longer true.
    const std::string study = wb_.study() ? wb_.study()->path() : "";
    if (std::exchange(dialogs_study_, study) != study)
        report_dialog_.close(), consent_dialog_.close();
    report_dialog_.draw(cx_);
    refresh_consent_history();
    consent_dialog_.draw(cx_);
}

}  // namespace attune::app
