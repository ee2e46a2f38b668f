#include "workbench.hpp"

#include <cstdio>
#include <filesystem>

#include "attune/coding/records.hpp"
#include "attune/video/audio_sink.hpp"
#include "commands.hpp"

namespace attune::app {
namespace fs = std::filesystem;

Workbench::Workbench(Preferences& p, TaskRunner& t, std::string dir, std::string coder)
    : prefs(p), tasks(t), config_dir(std::move(dir)), user(std::move(coder)) {
    for (const std::string& refused : bindings.load(config_dir)) notify(refused, true);
}

void Workbench::notify(const std::string& message, bool error) {
    // Also on the terminal: a status line fades, a log of them stays (and scripts read it).
    std::fprintf(stderr, "attune: %s%s\n", error ? "error: " : "", message.c_str());
    view.status = message;
    view.status_is_error = error;
    view.status_until_us = video::steady_now_us() + (error ? 12'000'000 : 4'000'000);
}

// A writer that holds the study longer than this refuses the key with "try again"
// rather than freezing the window.
constexpr int kWorkstationBusyMs = 500;

Status Workbench::open_study(const std::string& path) {
    auto opened = Study::open(path, user);
    if (!opened) return opened.error();
    close_session();
    study.emplace(std::move(*opened));
    study->set_program("attune");  // whose changes Ctrl+Z may undo: this program's
    study->set_busy_timeout(kWorkstationBusyMs);
    watch = StudyWatch{};
    prefs.remember_study(path);
    save_preferences(config_dir, prefs);
    view.screen = Screen::Sessions;
    std::string said = "Opened " + path;
    for (const auto& n : study->notices()) said += ". " + n;
    if (study->write_block()) said += ". " + *study->write_block();
    notify(said, study->write_block().has_value());
    return ok_status();
}

Status Workbench::reopen_study() {
    if (!study) return Error{"no study is open"};
    if (study->was_replaced() && !study->own_log_emptied())
        return Error{
            "This window could not yet empty its write-ahead log (another program is "
            "reading the study). Close that program, or close this window, before "
            "opening the file again."};
    const std::string path = study->path();
    const std::optional<Session> session = pass ? std::optional(pass->session()) : std::nullopt;
    const std::optional<Pass> open_pass = pass ? std::optional(pass->pass()) : std::nullopt;
    close_session();
    study.reset();
    if (auto ok = open_study(path); !ok) return ok;
    if (!session) return ok_status();
    auto again = find_session(*study, session->label);
    if (!again) return Error{"the study now at " + path + " has no session " + session->label};
    return open_session(*again, open_pass->role, open_pass->coder);
}

void Workbench::watch_study(int64_t now_us) {
    if (!study || now_us - watch.checked_us < 250'000) return;
    watch.checked_us = now_us;
    try {
        if (study->replaced_on_disk()) {
            if (!watch.told_replaced) notify(*study->write_block(), true);
            watch.told_replaced = true;
            return;
        }
        if (const int64_t v = study->data_version(); v != watch.data_version) {
            watch.data_version = v;
            if (pass) report(pass->follow_others());
            ++study_changes;
        }
        if (const int64_t w = study->write_count(); w != watch.writes) {
            watch.writes = w, watch.last_write_us = now_us, watch.checkpointed = false;
        } else if (!watch.checkpointed && now_us - watch.last_write_us > 2'000'000) {
            auto whole = study->checkpoint();
            if (!whole) notify(whole.error().message, true);
            watch.checkpointed = !whole || *whole;
            if (!watch.checkpointed) watch.last_write_us = now_us;  // a reader: again in 2 s
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
    auto created = Study::create(path, name, user);
    if (!created) return created.error();
    if (auto id = newest_snapshot(*created); !id) return id.error();
    close_session();
    study.emplace(std::move(*created));
    study->set_program("attune");
    study->set_busy_timeout(kWorkstationBusyMs);
    watch = StudyWatch{};
    prefs.remember_study(path);
    save_preferences(config_dir, prefs);
    view.screen = Screen::Sessions;
    notify("Created " + path + " with the infant Strange Situation scheme");
    return ok_status();
}

Status Workbench::open_session(const Session& s, PassRole role,
                               const std::optional<std::string>& coder) try {
    return open_session_unguarded(s, role, coder);
} catch (const sql::SqlError& e) {
    close_session();
    return Error{describe_study_failure(e, study ? study->path() : std::string())};
}

Status Workbench::open_session_unguarded(const Session& s, PassRole role,
                                         const std::optional<std::string>& coder) {
    const std::string who = coder.value_or(user);
    if (!study) return Error{"open a study first"};
    close_session();
    std::optional<Pass> pass = find_pass(*study, s.id, who, role);
    if (!pass) {
        auto snapshot = newest_snapshot(*study);
        if (!snapshot) return snapshot.error();
        auto id = ensure_pass(*study, s.id, who, role, *snapshot);
        if (!id) return id.error();
        pass = get_pass(*study, *id);
    }
    auto scheme = load_scheme_snapshot(*study, pass->scheme_snapshot_id);
    if (!scheme) return scheme.error();
    this->pass =
        std::make_unique<CodingPass>(*study, s, *pass, std::move(*scheme), ++passes_opened);
    const std::string recording =
        s.recording_path ? resolve_recording_path(study->path(), *s.recording_path) : "";
    // The file plays when it is the recording the session was added with, or one a coder
    // accepted for this pass; any other is shown only after the coder confirms.
    ExpectedRecording expected{s.recording_identity, accepted_recordings(*study, pass->id)};
    std::vector<CachedIndex> cached;
    std::vector<std::string> known = expected.accepted;
    if (s.recording_identity) known.insert(known.begin(), *s.recording_identity);
    for (const std::string& identity : known)
        if (auto bytes = load_media_index(*study, identity))
            cached.push_back(CachedIndex{identity, std::move(*bytes)});
    media = std::make_unique<SessionMedia>(recording, tasks, wake, sound, std::move(expected),
                                           std::move(cached));
    ++media_opened;
    view.screen = Screen::Coding;
    view.selected.clear();
    view.rating_cell.reset();
    view.pending.reset();
    view.timeline_start_us = 0;
    view.timeline_fitted = false;
    notify("Coding " + s.label + ": " + who + "'s " + to_string(role) + " pass");
    for (const std::string& refused : bindings.use_scheme(&this->pass->scheme()))
        notify(refused, true);
    if (const auto clashes = key_clashes(this->pass->scheme(), bindings); !clashes.empty()) {
        std::string list;
        for (const auto& c : clashes) list += (list.empty() ? "" : ", ") + c;
        notify("These scheme keys are the workstation's own and do not code: " + list +
                   ". Give them other keys in the scheme.",
               true);
    }
    return ok_status();
}

Status Workbench::open_recording_anyway() {
    if (!study || !pass || !media || !media->differs() || !media->identity())
        return Error{"no recording is waiting to be confirmed"};
    const std::string identity = *media->identity();
    if (auto ok = accept_recording(*study, pass->pass().id, media->path(), identity,
                                   pass->session().recording_identity);
        !ok)
        return ok;
    std::optional<CachedIndex> cached;
    if (auto bytes = load_media_index(*study, identity))
        cached = CachedIndex{identity, std::move(*bytes)};
    media->open_anyway(std::move(cached));
    notify("Opening " + fs::path(media->path()).filename().string() + ": the study notes that " +
           user + " accepted this file for the pass");
    return ok_status();
}

void Workbench::keep_new_index() {
    if (!media || !study || study->write_block()) return;  // never write a blocked study
    if (auto fresh = media->take_new_index()) {
        try {
            store_media_index(*study, fresh->identity, fresh->bytes);
        } catch (const std::exception& e) {  // a cache: coding goes on without it
            notify(std::string("Could not keep the frame index in the study: ") + e.what(), true);
        }
    }
}

void Workbench::close_session() {
    bindings.use_scheme(nullptr);
    media.reset();
    pass.reset();
}

}  // namespace attune::app
