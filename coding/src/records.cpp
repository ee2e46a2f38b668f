#include "attune/coding/records.hpp"

#include "attune/coding/dates.hpp"

#include <cmath>
#include <filesystem>
#include <regex>

#include "attune/coding/blinding.hpp"
#include "study_access.hpp"

namespace attune {

const char* to_string(PassRole r) {
    switch (r) {
        case PassRole::Primary:
            return "primary";
        case PassRole::Reliability:
            return "reliability";
        case PassRole::Consensus:
            return "consensus";
    }
    return "primary";
}

std::optional<PassRole> pass_role_from(const std::string& s) {
    if (s == "primary") return PassRole::Primary;
    if (s == "reliability") return PassRole::Reliability;
    if (s == "consensus") return PassRole::Consensus;
    return std::nullopt;
}

namespace {
int64_t id_of(sql::Db& db, const char* select, const std::string& key) {
    auto s = db.prepare(select);
    s.bind(1, key);
    return s.step() ? s.int64(0) : 0;
}
}  // namespace

namespace {
Status check_session(const Session& in) {
    if (in.label.empty()) return Error{"a session needs a label, e.g. P014-T1"};
    if (in.participant.empty()) return Error{"a session needs a participant code, e.g. P014"};
    if (in.date && !std::regex_match(*in.date, std::regex(R"(\d{4}-\d{2}-\d{2})")))
        return Error{"session date '" + *in.date + "' must be written YYYY-MM-DD"};
    if (in.child_age_months && (*in.child_age_months < 0 || *in.child_age_months > 240 ||
                                std::isnan(*in.child_age_months)))
        return Error{"child age must be given in months, between 0 and 240"};
    return ok_status();
}
}  // namespace

Result<int64_t> insert_session(sql::Db& db, const Session& in) {
    if (auto ok = check_session(in); !ok) return ok.error();
    if (id_of(db, "SELECT id FROM session WHERE label = ?", in.label) != 0)
        return Error{"a session labelled '" + in.label + "' already exists in this study"};
    int64_t participant = id_of(db, "SELECT id FROM participant WHERE code = ?", in.participant);
    if (participant == 0) {
        db.prepare("INSERT INTO participant (code) VALUES (?)").bind(1, in.participant).run();
        participant = db.last_insert_id();
    }
    db.prepare(
          "INSERT INTO session (participant_id, label, session_date, child_age_months, "
          "recording_path, recording_identity) VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all(participant, in.label, in.date, in.child_age_months, in.recording_path,
                  in.recording_identity)
        .run();
    const int64_t id = db.last_insert_id();
    for (const auto& [name, value] : in.variables)
        db.prepare("INSERT INTO session_variable (session_id, name, value) VALUES (?, ?, ?)")
            .bind_all(id, name, value)
            .run();
    return id;
}

Result<int64_t> add_session(Study& study, const Session& in) {
    if (auto ok = check_session(in); !ok) return ok.error();
    if (find_session(study, in.label))
        return Error{"a session labelled '" + in.label + "' already exists in this study"};
    int64_t id = 0;
    auto ok = study.change("add session " + in.label, std::nullopt, [&](sql::Db& db) {
        auto inserted = insert_session(db, in);
        if (!inserted) return Status(inserted.error());
        id = *inserted;
        return ok_status();
    });
    if (!ok) return ok.error();
    return id;
}

namespace {

// Sessions with their participant and variables: every one, or the one labelled so.
std::vector<Session> read_sessions(Study& study, const std::optional<std::string>& label) {
    std::vector<Session> out;
    auto s = study_db(study).prepare(
        "SELECT s.id, p.code, s.label, s.session_date, s.child_age_months, s.recording_path, "
        "s.recording_identity "
        "FROM session s JOIN participant p ON p.id = s.participant_id " +
        std::string(label ? "WHERE s.label = ?1 " : "") + "ORDER BY s.id");
    if (label) s.bind(1, *label);
    auto vars =
        study_db(study).prepare("SELECT name, value FROM session_variable WHERE session_id = ?");
    while (s.step()) {
        Session x;
        x.id = s.int64(0);
        x.participant = s.text(1);
        x.label = s.text(2);
        x.date = s.opt_text(3);
        if (!s.is_null(4)) x.child_age_months = s.real(4);
        x.recording_path = s.opt_text(5);
        x.recording_identity = s.opt_text(6);
        vars.reset();
        vars.bind(1, x.id);
        while (vars.step()) x.variables[vars.text(0)] = vars.text(1);
        out.push_back(std::move(x));
    }
    return out;
}

}  // namespace

std::vector<Session> list_sessions(Study& study) {
    return read_sessions(study, std::nullopt);
}

Status set_session_recording(Study& study, int64_t session_id, const std::string& path,
                             const std::optional<std::string>& identity) {
    return study.change("locate recording", std::nullopt, [&](sql::Db& db) {
        db.prepare("UPDATE session SET recording_path = ?, recording_identity = ? WHERE id = ?")
            .bind_all(path, identity, session_id)
            .run();
        if (db.changes() == 0) return Status(Error{"the session is no longer in the study"});
        return ok_status();
    });
}

std::optional<std::string> load_media_index(Study& study, const std::string& identity) {
    auto s = study_db(study).prepare("SELECT bytes FROM media_index WHERE identity = ?");
    s.bind(1, identity);
    if (!s.step()) return std::nullopt;
    return s.blob(0);
}

void store_media_index(Study& study, const std::string& identity, const std::string& bytes) {
    study_db(study)
        .prepare(
            "INSERT INTO media_index (identity, bytes, created_at) VALUES (?, ?, "
            "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (identity) DO UPDATE SET "
            "bytes = excluded.bytes, created_at = excluded.created_at")
        .bind(1, identity)
        .bind_blob(2, bytes)
        .run();
}

std::optional<Session> find_session(Study& study, const std::string& label) {
    auto found = read_sessions(study, label);  // labels are unique (the session table says so)
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::optional<Session> get_session(Study& study, int64_t session_id) {
    auto s = study_db(study).prepare("SELECT label FROM session WHERE id = ?");
    s.bind(1, session_id);
    if (!s.step()) return std::nullopt;
    return find_session(study, s.text(0));
}

std::optional<double> child_age_months(const Session& session) {
    if (session.child_age_months) return session.child_age_months;
    const auto birth = session.variables.find("birth_date");
    if (birth != session.variables.end() && session.date)
        if (auto months = months_between(birth->second, *session.date); months && *months >= 0)
            return months;  // a birth date after the session is no age
    const auto age = session.variables.find("age_months");
    if (age == session.variables.end()) return std::nullopt;
    char* end = nullptr;
    const double months = std::strtod(age->second.c_str(), &end);
    if (end == age->second.c_str() || *end != '\0' || !(months >= 0 && months <= 240))
        return std::nullopt;  // not an age in months (the CLI takes 0 to 240)
    return months;
}

std::string resolve_recording_path(const std::string& study_path, const std::string& recording) {
    namespace fs = std::filesystem;
    if (fs::path(recording).is_absolute()) return recording;
    const std::string beside = (fs::path(study_path).parent_path() / recording).string();
    std::error_code ec;
    if (fs::exists(beside, ec) || !fs::exists(recording, ec)) return beside;
    return recording;
}

namespace {
// The comment's words are fixed so accepted_recordings() can read the identity back.
constexpr std::string_view kAccepted = "Recording accepted: identity ";
}  // namespace

Status accept_recording(Study& study, int64_t pass_id, const std::string& path,
                        const std::string& identity, const std::optional<std::string>& coded_on) {
    const std::string text = std::string(kAccepted) + identity + "; coded on " +
                             coded_on.value_or("(no identity kept)") + "; file " + path;
    return study.change("accept a different recording", std::nullopt, [&](sql::Db& db) {
        db.prepare(
              "INSERT INTO comment (pass_id, frame, t_us, text, created_at) "
              "VALUES (?, NULL, NULL, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
            .bind_all(pass_id, text)
            .run();
        return ok_status();
    });
}

std::vector<std::string> accepted_recordings(Study& study, int64_t pass_id) {
    std::vector<std::string> out;
    auto s = study_db(study).prepare(
        "SELECT text FROM comment WHERE pass_id = ? AND frame IS NULL AND substr(text, 1, ?) = ? "
        "ORDER BY id");
    s.bind_all(pass_id, static_cast<int64_t>(kAccepted.size()), std::string(kAccepted));
    while (s.step()) {
        const std::string text = s.text(0);
        const auto end = text.find(';', kAccepted.size());
        if (end != std::string::npos)
            out.push_back(text.substr(kAccepted.size(), end - kAccepted.size()));
    }
    return out;
}

int64_t insert_scheme_snapshot(sql::Db& db, const Scheme& scheme) {
    if (int64_t existing = id_of(db, "SELECT id FROM scheme_snapshot WHERE hash = ?", scheme.hash))
        return existing;
    db.prepare(
          "INSERT INTO scheme_snapshot (hash, scheme_id, scheme_version, json, added_at) "
          "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
        .bind_all(scheme.hash, scheme.id, scheme.version, scheme.json)
        .run();
    return db.last_insert_id();
}

Result<int64_t> add_scheme_snapshot(Study& study, const Scheme& scheme) {
    if (int64_t existing =
            id_of(study_db(study), "SELECT id FROM scheme_snapshot WHERE hash = ?", scheme.hash))
        return existing;
    int64_t id = 0;
    auto ok = study.change("add scheme " + scheme.id + " " + scheme.version, std::nullopt,
                           [&](sql::Db& db) {
                               id = insert_scheme_snapshot(db, scheme);
                               return ok_status();
                           });
    if (!ok) return ok.error();
    return id;
}

std::optional<int64_t> scheme_for_new_pass(Study& study) {
    auto s = study_db(study).prepare("SELECT max(id) FROM scheme_snapshot");
    if (s.step() && !s.is_null(0)) return s.int64(0);
    return std::nullopt;
}

Result<Scheme> load_scheme_snapshot(Study& study, int64_t snapshot_id) {
    auto s = study_db(study).prepare("SELECT json FROM scheme_snapshot WHERE id = ?");
    s.bind(1, snapshot_id);
    if (!s.step())
        return Error{"scheme snapshot " + std::to_string(snapshot_id) +
                     " is missing from the study"};
    return load_scheme_text(s.text(0), "scheme snapshot " + std::to_string(snapshot_id));
}

namespace {
Pass read_pass(sql::Stmt& s) {
    return {s.int64(0), s.int64(1), s.text(2),
            pass_role_from(s.text(3)).value_or(PassRole::Primary), s.int64(4)};
}
constexpr const char* kPassSelect =
    "SELECT p.id, p.session_id, c.name, p.role, p.scheme_snapshot_id FROM pass p JOIN coder c ON "
    "c.id = p.coder_id ";
}  // namespace

std::optional<Pass> find_pass(Study& study, int64_t session_id, const std::string& coder,
                              PassRole role) {
    auto s = study_db(study).prepare(std::string(kPassSelect) +
                                     "WHERE p.session_id = ? AND c.name = ? AND p.role = ?");
    s.bind_all(session_id, coder, std::string(to_string(role)));
    if (!s.step()) return std::nullopt;
    return read_pass(s);
}

std::optional<Pass> get_pass(Study& study, int64_t pass_id) {
    auto s = study_db(study).prepare(std::string(kPassSelect) + "WHERE p.id = ?");
    s.bind(1, pass_id);
    if (!s.step()) return std::nullopt;
    return read_pass(s);
}

std::vector<Pass> list_passes(Study& study) {
    std::vector<Pass> out;
    auto s = study_db(study).prepare(std::string(kPassSelect) + "ORDER BY p.id");
    while (s.step()) out.push_back(read_pass(s));
    return out;
}

namespace {

// A session's primary and reliability passes are two coders': the same person coding both
// would compare a coder with herself.
Status check_independent_coders(sql::Db& db, int64_t session_id, const std::string& coder,
                                PassRole role) {
    if (role == PassRole::Consensus) return ok_status();
    const PassRole other = role == PassRole::Primary ? PassRole::Reliability : PassRole::Primary;
    auto q = db.prepare(
        "SELECT s.label FROM pass p JOIN coder c ON c.id = p.coder_id "
        "JOIN session s ON s.id = p.session_id WHERE p.session_id = ? AND c.name = ? "
        "AND p.role = ?");
    q.bind_all(session_id, coder, std::string(to_string(other)));
    if (!q.step()) return ok_status();
    return Error{coder + " codes the " + to_string(other) + " pass of session " + q.text(0) +
                 ", so " + coder + " cannot also code its " + to_string(role) +
                 " pass: the two passes must be two coders'. Open it as another coder."};
}

}  // namespace

Result<int64_t> insert_pass(sql::Db& db, int64_t session_id, const std::string& coder,
                            PassRole role, int64_t snapshot_id) {
    if (auto ok = check_independent_coders(db, session_id, coder, role); !ok) return ok.error();
    if (role == PassRole::Reliability)
        if (auto ok = allow_reliability_pass(db, session_id); !ok) return ok.error();
    int64_t coder_id = id_of(db, "SELECT id FROM coder WHERE name = ?", coder);
    if (coder_id == 0) {
        db.prepare("INSERT INTO coder (name) VALUES (?)").bind(1, coder).run();
        coder_id = db.last_insert_id();
    }
    db.prepare(
          "INSERT INTO pass (session_id, coder_id, role, scheme_snapshot_id, created_at) "
          "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
        .bind_all(session_id, coder_id, std::string(to_string(role)), snapshot_id)
        .run();
    return db.last_insert_id();
}

Result<int64_t> ensure_pass(Study& study, int64_t session_id, const std::string& coder,
                            PassRole role, int64_t snapshot_id) {
    if (coder.empty()) return Error{"a coding pass needs the coder's name or initials"};
    if (auto p = find_pass(study, session_id, coder, role)) return p->id;
    int64_t id = 0;
    auto ok = study.change(std::string("open ") + to_string(role) + " pass for " + coder,
                           std::nullopt, [&](sql::Db& db) {
                               auto inserted =
                                   insert_pass(db, session_id, coder, role, snapshot_id);
                               if (!inserted) return Status(inserted.error());
                               id = *inserted;
                               return ok_status();
                           });
    if (!ok) return ok.error();
    return id;
}

Status adopt_new_pass(sql::Db& db, int64_t pass_id) {
    db.prepare("UPDATE change_set SET scope = ? WHERE id = attune_change()").bind(1, pass_id).run();
    if (db.changes() != 1) return Error{"the new pass's change could not be recorded"};
    return ok_status();
}

Result<int64_t> add_comment(Study& study, int64_t pass_id, std::optional<FrameTime> at,
                            const std::string& text) {
    if (text.empty()) return Error{"a comment needs some text"};
    int64_t id = 0;
    auto ok = study.change("comment", pass_id, [&](sql::Db& db) {
        db.prepare(
              "INSERT INTO comment (pass_id, frame, t_us, text, created_at) "
              "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
            .bind_all(pass_id, at ? std::optional<int64_t>(at->frame) : std::nullopt,
                      at ? std::optional<int64_t>(at->t_us) : std::nullopt, text)
            .run();
        id = db.last_insert_id();
        return ok_status();
    });
    if (!ok) return ok.error();
    return id;
}

std::vector<Comment> list_comments(Study& study, int64_t pass_id) {
    std::vector<Comment> out;
    auto s = study_db(study).prepare(
        "SELECT id, frame, t_us, text, created_at FROM comment WHERE pass_id = ? ORDER BY frame, "
        "id");
    s.bind(1, pass_id);
    while (s.step()) {
        Comment c;
        c.id = s.int64(0);
        if (!s.is_null(1)) c.at = FrameTime{s.int64(1), s.int64(2)};
        c.text = s.text(3);
        c.created_at = s.text(4);
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace attune
