#include "workbench.hpp"

#include <cstdio>
#include <filesystem>

#include "attune/coding/blinding.hpp"
#include "attune/coding/dates.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/retime.hpp"
#include "attune/video/audio_sink.hpp"
#include "commands.hpp"
#include "proxy_cache.hpp"
#include "recording_target.hpp"

namespace attune::app {
namespace fs = std::filesystem;

Workbench::Workbench(Preferences& p, TaskRunner& t, std::string dir, std::string coder)
    : prefs_(p), tasks_(t), config_dir_(std::move(dir)), user_(std::move(coder)) {
    for (const std::string& refused : bindings_.load(config_dir_)) notify(refused, true);
}

void Workbench::notify(const std::string& message, bool error) {
    // Also on the terminal: a status line fades, a log of them stays (and scripts read it).
    std::fprintf(stderr, "attune: %s%s\n", error ? "error: " : "", message.c_str());
    view_.status = message;
    view_.status_is_error = error;
    view_.status_until_us = video::steady_now_us() + (error ? 12'000'000 : 4'000'000);
}

// A writer that holds the study longer than this refuses the key with "try again"
// rather than freezing the window.
constexpr int kWorkstationBusyMs = 500;

void Workbench::use_study(Study opened, const std::string& path) {
    close_session();
    import_.cancel();  // its choices were the other study's (a commit running lands whole there)
    study_.emplace(std::move(opened));
    study_->set_program("attune");  // whose changes Ctrl+Z may undo: this program's
    study_->set_busy_timeout(kWorkstationBusyMs);
    watch_ = StudyWatch{};
    prefs_.remember_study(path);
    save_preferences(config_dir_, prefs_);
    view_.screen = Screen::Sessions;
}

void Workbench::close_study() {
    close_session();
    import_.cancel();  // its choices were of this study (a commit still running lands whole)
    study_.reset();
}

void Workbench::set_user(std::string coder) {
    user_ = std::move(coder);
}

std::optional<Intent> Workbench::take_intent() {
    if (intents_.empty()) return std::nullopt;
    Intent next = std::move(intents_.front());
    intents_.pop_front();
    return next;
}

Status Workbench::open_study(const std::string& path) {
    auto opened = Study::open(path, user_);
    if (!opened) return opened.error();
    use_study(std::move(*opened), path);
    std::string said = "Opened " + path;
    for (const auto& n : study_->notices()) said += ". " + n;
    if (study_->write_block()) said += ". " + *study_->write_block();
    notify(said, study_->write_block().has_value());
    return ok_status();
}

Status Workbench::reopen_study() {
    if (!study_) return Error{"no study is open"};
    if (study_->was_replaced() && !study_->own_log_emptied())
        return Error{
            "This window could not yet empty its write-ahead log (another program is "
            "reading the study). Close that program, or close this window, before "
            "opening the file again."};
    const std::string path = study_->path();
    const std::optional<Session> session = pass_ ? std::optional(pass_->session()) : std::nullopt;
    const std::optional<Pass> open_pass = pass_ ? std::optional(pass_->pass()) : std::nullopt;
    close_study();
    if (auto ok = open_study(path); !ok) return ok;
    if (!session) return ok_status();
    auto again = find_session(*study_, session->label);
    if (!again) return Error{"the study now at " + path + " has no session " + session->label};
    return open_session(*again, open_pass->role, open_pass->coder);
}

void Workbench::watch_study(int64_t now_us) {
    if (!study_ || now_us - watch_.checked_us < 250'000) return;
    watch_.checked_us = now_us;
    try {
        if (study_->replaced_on_disk()) {
            if (!watch_.told_replaced) notify(*study_->write_block(), true);
            watch_.told_replaced = true;
            return;
        }
        if (const int64_t v = study_->data_version(); v != watch_.data_version) {
            watch_.data_version = v;
            if (pass_) report(pass_->follow_others());
            if (review_) report(reload_review(*this));
            ++study_changes_;
        }
        if (const int64_t w = study_->write_count(); w != watch_.writes) {
            watch_.writes = w, watch_.last_write_us = now_us, watch_.checkpointed = false;
        } else if (!watch_.checkpointed && now_us - watch_.last_write_us > 2'000'000) {
            auto whole = study_->checkpoint();
            if (!whole) notify(whole.error().message, true);
            watch_.checkpointed = !whole || *whole;
            if (!watch_.checkpointed) watch_.last_write_us = now_us;  // a reader: again in 2 s
        }
    } catch (const std::exception& e) {
        notify(std::string("Could not check the study file: ") + e.what(), true);
    }
}

namespace {

// The scheme new passes use (scheme_for_new_pass), or the infant Strange Situation scheme
// stored now when the study has none.
Result<int64_t> newest_snapshot(Study& study) {
    if (auto id = scheme_for_new_pass(study)) return *id;
    auto scheme = load_scheme_file(std::string(ATTUNE_SCHEMA_DIR) + "/ssp-infant.json");
    if (!scheme) return scheme.error();
    return add_scheme_snapshot(study, *scheme);
}

}  // namespace

Status Workbench::create_study(const std::string& path, const std::string& name) {
    if (fs::exists(path)) return Error{path + " already exists; choose another name, or open it"};
    auto created = Study::create(path, name, user_);
    if (!created) return created.error();
    if (auto id = newest_snapshot(*created); !id) return id.error();
    use_study(std::move(*created), path);
    notify("Created " + path + " with the infant Strange Situation scheme");
    return ok_status();
}

Status Workbench::open_session(const Session& s, PassRole role,
                               const std::optional<std::string>& coder) try {
    return open_session_unguarded(s, role, coder);
} catch (const sql::SqlError& e) {
    close_session();
    return Error{describe_study_failure(e, study_ ? study_->path() : std::string())};
}

Status Workbench::open_session_unguarded(const Session& s, PassRole role,
                                         const std::optional<std::string>& coder) {
    const std::string who = coder.value_or(user_);
    if (!study_) return Error{"open a study first"};
    close_session();
    std::optional<Pass> row = find_pass(*study_, s.id, who, role);
    if (!row) {
        auto snapshot = newest_snapshot(*study_);
        if (!snapshot) return snapshot.error();
        auto id = ensure_pass(*study_, s.id, who, role, *snapshot);
        if (!id) return id.error();
        row = get_pass(*study_, *id);
    }
    if (auto blind = blind_refusal(*study_, user_, row->id)) return Error{*blind};
    auto scheme = load_scheme_snapshot(*study_, row->scheme_snapshot_id);
    if (!scheme) return scheme.error();
    pass_ = std::make_unique<CodingPass>(*study_, s, *row, std::move(*scheme), ++passes_opened_);
    std::optional<std::string> session_index;  // the recording's, stored: imported events on it?
    if (s.recording_identity) session_index = load_media_index(*study_, *s.recording_identity);
    open_media(s, accepted_recordings(*study_, row->id));
    view_.screen = Screen::Coding;
    view_.selected.clear();
    view_.rating_cell.reset();
    view_.pending.reset();
    view_.marks = {};
    ui_.timeline_start_us = 0;
    ui_.draft = {};
    ui_.moment.reset();
    ui_.timeline_fitted = false;
    notify("Coding " + s.label + ": " + who + "'s " + to_string(role) + " pass");
    if (const size_t n = pass_->comments().size(); n > 0)
        notify(std::to_string(n) +
               " review comment(s) on this pass: the Comments tab lists them; a blue mark "
               "shows what each is about");
    if (session_index) offer_retime(*session_index);
    for (const std::string& refused : bindings_.use_scheme(&pass_->scheme())) notify(refused, true);
    if (const auto clashes = key_clashes(pass_->scheme(), bindings_); !clashes.empty()) {
        std::string list;
        for (const auto& c : clashes) list += (list.empty() ? "" : ", ") + c;
        notify("These scheme keys are the workstation's own and do not code: " + list +
                   ". Give them other keys in the scheme.",
               true);
    }
    return ok_status();
}

// The file plays when it is the recording the session was added with, or one a coder accepted
// (`accepted`); any other is shown only after the coder confirms. The frame indexes the study
// keeps for them are used when the file is one of them.
void Workbench::open_media(const Session& s, std::vector<std::string> accepted) {
    const std::string recording =
        s.recording_path ? resolve_recording_path(study_->path(), *s.recording_path) : "";
    ExpectedRecording expected{s.recording_identity, std::move(accepted)};
    std::vector<CachedIndex> cached;
    std::vector<std::string> known = expected.accepted;
    if (s.recording_identity) known.insert(known.begin(), *s.recording_identity);
    for (const std::string& identity : known)
        if (auto bytes = load_media_index(*study_, identity))
            cached.push_back(CachedIndex{identity, std::move(*bytes)});
    media_ = std::make_unique<SessionMedia>(recording, tasks_, wake_, sound_, std::move(expected),
                                            std::move(cached));
    media_->set_cache_mib(static_cast<size_t>(prefs_.frame_cache_mib));
    media_->set_proxy({prefs_.seek_proxy, proxy_cache_root(),
                       static_cast<uint64_t>(prefs_.proxy_cache_gib) << 30});
    ++media_opened_;
}

Status Workbench::start_presentation() try {
    if (!study_ || !pass_ || !media_) return Error{"Open the session whose visit plan to show"};
    if (presentation_) return Error{"The plan is being shown already (Esc ends it)"};
    view_.pending.reset();  // a modifier chooser left open codes nothing from here
    ShowablePlan plan = showable_plan(*study_, pass_->pass().id, local_date_today());
    for (const std::string& why : plan.left_out) notify("Not shown: " + why, true);
    if (plan.moments.empty())
        return Error{plan.left_out.empty()
                         ? "The visit plan is empty: save moments (i, o, Ctrl+S) or add "
                           "moments of other visits to the plan first"
                         : "No moment of the plan can be shown (see above)"};
    media_->pause();
    pass_media_ = std::move(media_);
    presentation_.emplace(std::move(plan.moments));
    presentation_film_.reset();
    show_moment(0);
    view_.screen = Screen::Present;
    return ok_status();
} catch (const sql::SqlError& e) {
    return Error{describe_study_failure(e, study_->path())};
}

void Workbench::show_moment(size_t index) try {
    if (!presentation_ || presentation_->moments().empty()) return;
    index = std::min(index, presentation_->moments().size() - 1);
    const Session& s = presentation_->moments()[index].session;
    if (presentation_film_ != s.id) {  // its film, checked as when its session is opened
        const bool own = s.id == pass_->session().id;
        open_media(
            s, own ? accepted_recordings(*study_, pass_->pass().id) : std::vector<std::string>{});
        presentation_film_ = s.id;
    }
    presentation_->show(index);
} catch (const sql::SqlError& e) {
    notify(describe_study_failure(e, study_->path()), true);
}

void Workbench::end_presentation() {
    if (!presentation_) return;
    presentation_.reset();
    presentation_film_.reset();
    if (pass_media_) media_ = std::move(pass_media_), ++media_opened_;
    if (view_.screen == Screen::Present) view_.screen = Screen::Feedback;
}

Status Workbench::open_recording_anyway() {
    if (!study_ || !pass_ || !media_ || !media_->differs() || !media_->identity())
        return Error{"no recording is waiting to be confirmed"};
    if (presentation_)
        return Error{
            "This film is not the one the moment was marked on. Press Esc, open its "
            "session and check the recording there, then show the plan again."};
    const std::string identity = *media_->identity();
    if (auto ok = accept_recording(*study_, pass_->pass().id, media_->path(), identity,
                                   pass_->session().recording_identity);
        !ok)
        return ok;
    std::optional<CachedIndex> cached;
    if (auto bytes = load_media_index(*study_, identity))
        cached = CachedIndex{identity, std::move(*bytes)};
    media_->open_anyway(std::move(cached));
    notify("Opening " + fs::path(media_->path()).filename().string() + ": the study notes that " +
           user_ + " accepted this file for the pass");
    return ok_status();
}

void Workbench::keep_new_index() {
    if (!media_ || !study_ || study_->write_block()) return;  // never write a blocked study
    if (auto fresh = media_->take_new_index()) {
        try {
            store_media_index(*study_, fresh->identity, fresh->bytes);
        } catch (const std::exception& e) {  // a cache: coding goes on without it
            notify(std::string("Could not keep the frame index in the study: ") + e.what(), true);
        }
        if (!presentation_) offer_retime(fresh->bytes);  // another visit's film: not the pass's
    }
}

// Events imported while the recording was not at hand carry frames worked out at an
// assumed rate; now that the recording is indexed, say so and how to re-derive them.
void Workbench::offer_retime(const std::string& index_bytes) {
    view_.retime_offer = 0;
    if (!pass_) return;
    auto index = video::FrameIndex::deserialize(index_bytes);
    if (!index) return;
    const size_t off = events_off_their_frames(pass_->events(), clock_of(std::move(*index)));
    if (off == 0) return;
    view_.retime_offer = off;
    notify(std::to_string(off) + " events of this pass were timed without this recording's " +
               "frame index (imported at an assumed frame rate): Edit > Re-derive frames moves " +
               "them onto the frames their times fall on (attune-cli events retime does the " +
               "same)",
           true);
}

Status Workbench::retime_pass() {
    try {
        return retime_pass_unguarded();
    } catch (const std::exception& e) {  // the change was not made: say so
        return Error{std::string("Frames not re-derived: the study could not be changed: ") +
                     e.what()};
    }
}

Status Workbench::retime_pass_unguarded() {
    if (!study_ || !pass_) return Error{"open a pass first"};
    const auto clock = indexed_recording(*study_, pass_->session());
    if (!clock.frame_at)
        return Error{
            "the study has no frame index of this session's recording yet: let it "
            "finish indexing (the status line says when), then try again"};
    auto done = rederive_frames(*study_, pass_->scheme(), pass_->pass().id, clock);
    if (!done) return done.error();
    pass_->refresh();
    view_.retime_offer = 0;
    notify("Re-derived the frames of " + std::to_string(done->events) +
           " events from their times (the most any moved: " + std::to_string(done->largest_shift) +
           " frames; " + std::to_string(done->unchanged) + " were on their frames already)");
    return ok_status();
}

void Workbench::start_export(const ExportChoices& c) {
    if (!study_) return notify("Open a study first", true);
    if (c.folder.empty()) return notify("Choose the folder to export into", true);
    export_ = attune::app::start_export(tasks_, study_->path(), user_, c);
    notify("Exporting to " + c.folder + "...");
}

void Workbench::start_report(const ReportChoices& c) {
    if (!study_) return notify("Open a study first", true);
    if (c.folder.empty()) return notify("Choose the folder to write the report into", true);
    if (report_.running()) return notify("A report is being written: wait for it first", true);
    report_ = attune::app::start_report(tasks_, study_->path(), user_, c);
    notify("Writing the report into " + c.folder + "...");
}

void Workbench::take_interop_results() {
    if (export_.ready()) {
        auto done = export_.take();
        if (done)
            notify(*done);
        else
            notify("Nothing exported: " + done.error().message, true);
    }
    if (report_.ready()) {
        auto done = report_.take();
        if (done)
            notify(*done);
        else
            notify("No report written: " + done.error().message, true);
    }
    if (!import_.open()) return;
    if (!study_ && import_.stage() != ImportFlow::Stage::Committing) return import_.cancel();
    if (auto said = import_.update(study_ ? &*study_ : nullptr, user_)) {
        if (!said->second && study_) note_study_changed();
        notify(said->first, said->second);
    }
}

bool Workbench::update_media(int64_t now_us) {
    if (!media_) return false;
    const bool changed = media_->update(now_us);
    follow_review_play();
    if (presentation_) presentation_->follow(*media_);
    if (media_->take_differs_news())
        notify(*media_->differs() + ": choose Open anyway or Locate the right file", true);
    return changed;
}

// The review's play around a disagreement: starts when its seek has landed, pauses at its
// end time or the recording's last frame; a pause or a seek by hand ends it.
void Workbench::follow_review_play() {
    auto& play = view_.review_play;
    if (!play) return;
    const auto now = media_->now();
    if (!media_->answered() || !now) return;
    if (!play->started) {
        if (now->frame != play->from_frame) return play.reset();  // the user went elsewhere
        if (!media_->playing()) media_->toggle_play();
        play->started = true;
        return;
    }
    if (!media_->playing()) return play.reset();
    if (now->t_us < play->until_us && now->frame + 1 < media_->frame_count()) return;
    media_->pause();
    play.reset();
}

void Workbench::close_session() {
    review_.reset();
    view_.review_play.reset();
    presentation_.reset();
    presentation_film_.reset();
    pass_media_.reset();
    bindings_.use_scheme(nullptr);
    media_.reset();
    pass_.reset();
    view_.marks = {};
}

}  // namespace attune::app
