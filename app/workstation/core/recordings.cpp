#include "recordings.hpp"

#include <filesystem>

#include "attune/coding/file_identity.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/study_queries.hpp"
#include "attune/video/probe.hpp"

namespace attune::app {
namespace fs = std::filesystem;

namespace {

// Why a file cannot be a session's recording, or nothing when FFmpeg opens it as video.
std::optional<std::string> not_a_recording(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return path + " is not a file";
    if (fs::file_size(path, ec) == 0) return path + " is empty (0 bytes), not a recording";
    if (fs::path(path).extension() == ".attune")
        return path + " is a study file, not a recording (open it with Study > Open study...)";
    auto probed = video::probe(path);
    if (!probed) return path + " cannot be opened as video (" + probed.error().message + ")";
    if (!probed->video) return path + " cannot be opened as video: it has no video stream";
    return std::nullopt;
}

}  // namespace

Status add_recording_session(Workbench& wb, const std::string& path, bool again) {
    if (!wb.study()) return Error{"open or create a study first"};
    if (auto why = not_a_recording(path)) return Error{*why + ". It was not added."};
    auto identity = file_identity(path);
    if (!identity) return identity.error();
    const std::string full = fs::absolute(path).lexically_normal().string();
    if (!again) {
        for (const Session& s : list_sessions(*wb.study())) {
            std::error_code ec;
            const bool same_file =
                s.recording_path &&
                fs::equivalent(resolve_recording_path(wb.study()->path(), *s.recording_path), path,
                               ec);
            if (s.recording_identity != *identity && !same_file) continue;
            wb.view().add_again = path;
            wb.view().screen = Screen::Sessions;  // where the question is
            wb.notify(fs::path(path).filename().string() + " is already the recording of session " +
                      s.label + ". Add it again as another session? (Add again / Cancel)");
            return ok_status();
        }
    }
    const std::string stem = fs::path(path).stem().string();
    Session s;
    s.label = stem;
    for (int n = 2; find_session(*wb.study(), s.label); ++n)
        s.label = stem + "-" + std::to_string(n);
    s.participant = stem.substr(0, std::min(stem.find_first_of("-_ ."), stem.size()));
    s.recording_path = full;
    s.recording_identity = *identity;
    auto added = add_session(*wb.study(), s);
    if (!added) return added.error();
    wb.note_study_changed();
    wb.notify("Added session " + s.label + " (participant " + s.participant + ")");
    return ok_status();
}

Status answer_add_again(Workbench& wb, bool add) {
    if (!wb.view().add_again) return Error{"no dropped recording is waiting for an answer"};
    const std::string path = *wb.view().add_again;
    wb.view().add_again.reset();
    if (!add) {
        wb.notify(fs::path(path).filename().string() + " was not added again");
        return ok_status();
    }
    return add_recording_session(wb, path, true);
}

Status locate_recording(Workbench& wb, int64_t session_id, const std::string& path) {
    if (!wb.study()) return Error{"open a study first"};
    if (auto why = not_a_recording(path)) return Error{*why + ". The session was not changed."};
    auto identity = file_identity(path);
    if (!identity) return identity.error();
    std::optional<Session> before;
    for (auto& s : list_sessions(*wb.study()))
        if (s.id == session_id) before = s;
    if (!before) return Error{"the session is no longer in the study"};
    // The session keeps the identity of the recording it was added with, so a different
    // file is shown only after a coder confirms it (and that is noted in the study).
    const std::string full = fs::absolute(path).lexically_normal().string();
    auto ok = set_session_recording(*wb.study(), session_id, full,
                                    before->recording_identity.value_or(*identity));
    if (!ok) return ok;
    wb.note_study_changed();
    before->recording_path = full;
    if (wb.pass() && wb.pass()->session().id == session_id) {  // the same pass, on the file found
        const Pass open = wb.pass()->pass();
        if (auto reopened = wb.open_session(*before, open.role, open.coder); !reopened)
            return reopened;
    }
    if (before->recording_identity && *before->recording_identity != *identity)
        wb.notify(fs::path(path).filename().string() +
                      " is not the recording this session was coded on; it plays only after a "
                      "coder confirms it",
                  true);
    return ok_status();
}

}  // namespace attune::app
