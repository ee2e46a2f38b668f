// Consent records, the record of media made from films, and what is due for deletion
// (study format 6: consent, media_export, film_deletion); see consent.hpp.
#include "attune/coding/consent.hpp"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "attune/coding/dates.hpp"
#include "attune/coding/records.hpp"
#include "study_access.hpp"

namespace attune {
namespace {

std::string trimmed(const std::string& s) {
    const auto a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::string joined(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
    return out;
}

constexpr const char* kConsentColumns =
    "SELECT c.id, p.code, s.label, c.uses, c.until, c.recorded_by, c.recorded_at FROM consent c "
    "JOIN participant p ON p.id = c.participant_id LEFT JOIN session s ON s.id = c.session_id ";

Consent consent_from_row(const sql::Stmt& q) {
    Consent c;
    c.id = q.int64(0), c.participant = q.text(1), c.session = q.opt_text(2);
    std::stringstream uses(q.text(3));
    for (std::string u; std::getline(uses, u, ',');)
        if (!u.empty()) c.uses.push_back(u);
    c.until = q.opt_text(4), c.recorded_by = q.text(5), c.recorded_at = q.text(6);
    return c;
}

std::string how_to_record(const std::string& participant, const std::string& use) {
    return "record it with attune-cli consent set STUDY --participant " + participant +
           " --allow " + use + " --recorded-by NAME (or Study > Consent... in the workstation)";
}

}  // namespace

bool Consent::allows(const std::string& use) const {
    return std::find(uses.begin(), uses.end(), use) != uses.end();
}

std::string Consent::uses_text() const {
    return uses.empty() ? "none" : joined(uses, ", ");
}

Result<std::vector<std::string>> parse_consent_uses(const std::string& list) {
    std::vector<std::string> given;
    std::stringstream in(list);
    for (std::string u; std::getline(in, u, ',');)
        if (!trimmed(u).empty()) given.push_back(trimmed(u));
    if (given.size() == 1 && given.front() == "none") return std::vector<std::string>{};
    for (const auto& u : given)
        if (std::find_if(std::begin(kConsentUses), std::end(kConsentUses),
                         [&](const char* k) { return u == k; }) == std::end(kConsentUses))
            return Error{"'" + u +
                         "' is not a use a consent can allow; the uses are feedback, "
                         "supervision, research and export (or none)"};
    if (given.empty())
        return Error{
            "say which uses are allowed: feedback, supervision, research, export, or none"};
    std::vector<std::string> out;
    for (const char* k : kConsentUses)
        if (std::find(given.begin(), given.end(), k) != given.end()) out.emplace_back(k);
    return out;
}

Result<int64_t> record_consent(Study& study, const std::string& participant,
                               std::optional<int64_t> session_id,
                               const std::vector<std::string>& uses,
                               const std::optional<std::string>& until,
                               const std::string& recorded_by) {
    if (trimmed(recorded_by).empty())
        return Error{"a consent record says who recorded it (--recorded-by NAME)"};
    if (until && !is_calendar_date(*until))
        return Error{"the consent's last day must be a calendar date written YYYY-MM-DD"};
    sql::Db& db = study_db(study);
    auto p = db.prepare("SELECT id FROM participant WHERE code = ?");
    if (!p.bind_all(participant).step())
        return Error{"the study has no participant " + participant +
                     " (attune-cli session list shows each session's participant)"};
    const int64_t participant_id = p.int64(0);
    if (session_id) {
        auto s = db.prepare("SELECT 1 FROM session WHERE id = ? AND participant_id = ?");
        if (!s.bind_all(*session_id, participant_id).step())
            return Error{"that session is not participant " + participant + "'s"};
    }
    int64_t id = 0;
    auto ok = study.change("consent of " + participant, std::nullopt, [&](sql::Db& d) {
        d.prepare(
             "INSERT INTO consent (participant_id, session_id, uses, until, recorded_by, "
             "recorded_at) VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
            .bind_all(participant_id, session_id, joined(uses, ","), until, trimmed(recorded_by))
            .run();
        id = d.last_insert_id();
        return ok_status();
    });
    if (!ok) return ok.error();
    return id;
}

namespace {

std::optional<Consent> newest_consent(Study& study, const std::string& where, int64_t session_id) {
    auto q = study_db(study).prepare(std::string(kConsentColumns) + where +
                                     " ORDER BY c.id DESC LIMIT 1");
    if (!q.bind_all(session_id).step()) return std::nullopt;
    return consent_from_row(q);
}

// A participant-wide record newer than the film's own can only narrow it: the uses both allow,
// until the earlier of their last days.
Consent narrowed(Consent own, const Consent& wider) {
    std::erase_if(own.uses, [&](const std::string& u) { return !wider.allows(u); });
    if (wider.until && (!own.until || *wider.until < *own.until)) own.until = wider.until;
    own.id = wider.id, own.recorded_by = wider.recorded_by, own.recorded_at = wider.recorded_at;
    return own;
}

}  // namespace

std::optional<Consent> consent_for_session(Study& study, int64_t session_id) {
    const auto own = newest_consent(study, "WHERE c.session_id = ?1", session_id);
    const auto wide = newest_consent(
        study,
        "WHERE c.session_id IS NULL AND c.participant_id = (SELECT participant_id FROM session "
        "WHERE id = ?1)",
        session_id);
    if (!own) return wide;
    if (!wide || wide->id < own->id) return own;
    return narrowed(*own, *wide);
}

std::vector<Consent> consent_history(Study& study) {
    auto q = study_db(study).prepare(std::string(kConsentColumns) + "ORDER BY c.id");
    std::vector<Consent> out;
    while (q.step()) out.push_back(consent_from_row(q));
    return out;
}

std::optional<std::string> consent_refusal(Study& study, int64_t session_id, const std::string& use,
                                           const std::string& today) {
    auto q = study_db(study).prepare(
        "SELECT s.label, p.code FROM session s JOIN participant p ON p.id = s.participant_id "
        "WHERE s.id = ?");
    if (!q.bind_all(session_id).step()) return "there is no such session";
    const std::string session = q.text(0), participant = q.text(1);
    const auto c = consent_for_session(study, session_id);
    if (!c)
        return "no consent is recorded for participant " + participant + "'s film (session " +
               session + "), so it is not used for " + use + "; " + how_to_record(participant, use);
    if (!c->allows(use))
        return "the consent recorded for participant " + participant + "'s film (session " +
               session + ", by " + c->recorded_by + " on " + c->recorded_at.substr(0, 10) +
               ") allows " + c->uses_text() + ", not " + use + "; when the family agrees in " +
               "writing, " + how_to_record(participant, use);
    if (auto gone = film_deletion(study, session_id))
        return "the film of session " + session + " and what was made from it were deleted on " +
               gone->at.substr(0, 10) + " by " + gone->who;
    if (c->until && *c->until < today)
        return "the consent for participant " + participant + "'s film (session " + session +
               ") ran until " + *c->until + ": the film is no longer used and is due for " +
               "deletion (attune-cli retention list)";
    return std::nullopt;
}

namespace {

void insert_media_export(Study& study, sql::Db& db, int64_t session_id, const std::string& kind,
                         const std::string& path) {
    const auto c = consent_for_session(study, session_id);
    db.prepare(
          "INSERT INTO media_export (session_id, kind, path, consent_id, who, at) VALUES (?, ?, "
          "?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
        .bind_all(session_id, kind, path, c ? std::optional(c->id) : std::nullopt, study.user())
        .run();
}

}  // namespace

Result<int64_t> record_media_export(Study& study, int64_t session_id, const std::string& kind,
                                    const std::string& path) {
    int64_t id = 0;
    auto ok = study.change(kind + " written", std::nullopt, [&](sql::Db& db) {
        insert_media_export(study, db, session_id, kind, path);
        id = db.last_insert_id();
        return ok_status();
    });
    if (!ok) return ok.error();
    return id;
}

Status record_media_exports(Study& study, const std::vector<int64_t>& session_ids,
                            const std::string& kind, const std::vector<std::string>& paths) {
    return study.change(kind + " written", std::nullopt, [&](sql::Db& db) {
        for (const auto& path : paths)
            for (int64_t s : session_ids) insert_media_export(study, db, s, kind, path);
        return ok_status();
    });
}

std::vector<MediaExport> list_media_exports(Study& study) {
    auto q = study_db(study).prepare(
        "SELECT e.id, s.label, e.kind, e.path, e.who, e.at, e.consent_id FROM media_export e "
        "JOIN session s ON s.id = e.session_id ORDER BY e.id");
    std::vector<MediaExport> out;
    while (q.step())
        out.push_back(
            {q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.opt_int64(6)});
    return out;
}

std::vector<DueForDeletion> due_for_deletion(Study& study, const std::string& today) {
    std::vector<DueForDeletion> out;
    for (const Session& s : list_sessions(study)) {
        const auto c = consent_for_session(study, s.id);
        if (!c || film_deletion(study, s.id)) continue;
        if (c->uses.empty())
            out.push_back({s.label, s.participant, c->until.value_or(""),
                           "consent withdrawn on " + c->recorded_at.substr(0, 10)});
        else if (c->until && *c->until < today)
            out.push_back({s.label, s.participant, *c->until, "consent ran until " + *c->until});
    }
    return out;
}

namespace {

// The files to delete: every recorded export of the session, then the recording itself.
std::vector<std::string> film_files(Study& study, const Session& s, bool recording) {
    std::vector<std::string> files;
    for (const MediaExport& e : list_media_exports(study))
        if (e.session == s.label && std::find(files.begin(), files.end(), e.path) == files.end())
            files.push_back(e.path);
    if (recording && s.recording_path)
        files.push_back(resolve_recording_path(study.path(), *s.recording_path));
    return files;
}

// Another session whose recording is this one's (the same file, or the same content).
std::optional<std::string> sharing_recording(Study& study, const Session& s) {
    const std::string path = resolve_recording_path(study.path(), s.recording_path.value_or(""));
    for (const Session& other : list_sessions(study)) {
        if (other.id == s.id || !other.recording_path) continue;
        const bool same_file = resolve_recording_path(study.path(), *other.recording_path) == path;
        const bool same_content =
            s.recording_identity && other.recording_identity == s.recording_identity;
        if (same_file || same_content) return other.label;
    }
    return std::nullopt;
}

void remove_files(const std::vector<std::string>& files, FilmDeletion& d) {
    for (const auto& f : files) {
        std::error_code ec;
        // Only files: an export is recorded file by file, never as a folder to empty.
        if (std::filesystem::is_regular_file(f, ec) && std::filesystem::remove(f, ec))
            d.deleted.push_back(f);
        else
            d.missing.push_back(f);
    }
}

}  // namespace

Result<FilmDeletion> delete_film_files(Study& study, int64_t session_id, bool recording) {
    if (auto before = film_deletion(study, session_id))
        return Error{"the film of session " + before->session + " was deleted on " +
                     before->at.substr(0, 10) + " already"};
    std::optional<Session> session;
    for (const Session& s : list_sessions(study))
        if (s.id == session_id) session = s;
    if (!session) return Error{"there is no such session"};
    if (recording)
        if (auto other = sharing_recording(study, *session))
            return Error{"session " + *other +
                         " has the same recording; nothing was deleted "
                         "(leave out --recording, or delete the film for both)"};
    FilmDeletion d;
    d.session = session->label, d.who = study.user(), d.recording = recording;
    remove_files(film_files(study, *session, recording), d);
    const nlohmann::json record = {
        {"deleted", d.deleted}, {"missing", d.missing}, {"recording", recording}};
    auto ok = study.change("delete the film of " + session->label, std::nullopt, [&](sql::Db& db) {
        db.prepare(
              "INSERT INTO film_deletion (session_id, files, who, at) VALUES (?, ?, ?, "
              "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
            .bind_all(session_id, record.dump(), study.user())
            .run();
        if (session->recording_identity)
            db.prepare("DELETE FROM media_index WHERE identity = ?")
                .bind(1, *session->recording_identity)
                .run();
        return ok_status();
    });
    if (!ok)
        return Error{"the files were deleted but the study could not record it: " +
                     ok.error().message};
    return d;
}

std::optional<FilmDeletion> film_deletion(Study& study, int64_t session_id) {
    auto q = study_db(study).prepare(
        "SELECT s.label, d.who, d.at, d.files FROM film_deletion d JOIN session s ON s.id = "
        "d.session_id WHERE d.session_id = ? ORDER BY d.id LIMIT 1");
    if (!q.bind_all(session_id).step()) return std::nullopt;
    FilmDeletion d;
    d.session = q.text(0), d.who = q.text(1), d.at = q.text(2);
    const auto files = nlohmann::json::parse(q.text(3), nullptr, false);
    if (files.is_object()) {
        d.deleted = files.value("deleted", std::vector<std::string>{});
        d.missing = files.value("missing", std::vector<std::string>{});
        d.recording = files.value("recording", false);
    }
    return d;
}

}  // namespace attune
