#pragma once
// Study-level records: sessions, scheme snapshots, coders and coding passes.
// Each writing function is one change (transaction, audit, undo).
#include <vector>

#include "attune/coding/model.hpp"
#include "attune/coding/scheme.hpp"
#include "attune/coding/study.hpp"

namespace attune {

// Adds a session (and its participant, if new). Returns the session id.
Result<int64_t> add_session(Study& study, const Session& session);
// The same inside a change already running (an import that adds sessions and their passes
// in one change). Checks the session as add_session does.
Result<int64_t> insert_session(sql::Db& db, const Session& session);
std::vector<Session> list_sessions(Study& study);
// Points a session at its recording's new place (a moved or renamed file); one change.
Status set_session_recording(Study& study, int64_t session_id, const std::string& path,
                             const std::optional<std::string>& identity);
std::optional<Session> find_session(Study& study, const std::string& label);
std::optional<Session> get_session(Study& study, int64_t session_id);
// The child's age at the session in months: the session's own, else from a "birth_date"
// variable and the session's date, else an "age_months" variable; nothing when none says.
std::optional<double> child_age_months(const Session& session);
// Where a session's recording is: an absolute path as stored; a relative one beside the
// study file first, else (as older versions looked) from the working folder.
std::string resolve_recording_path(const std::string& study_path, const std::string& recording);

// A coder chose to code a pass on a file whose identity differs from the recording the
// session was added with (a re-encoded or trimmed copy): noted as a comment on the pass
// that names both identities, one audited study-level change (so the coder's Ctrl+Z in
// the pass never takes it back). The session keeps the identity it was added with.
Status accept_recording(Study& study, int64_t pass_id, const std::string& path,
                        const std::string& identity, const std::optional<std::string>& coded_on);
// The identities accepted for a pass that way, oldest first.
std::vector<std::string> accepted_recordings(Study& study, int64_t pass_id);

// Stores the scheme as an immutable snapshot identified by its content hash;
// returns the existing snapshot when the same content was stored before.
Result<int64_t> add_scheme_snapshot(Study& study, const Scheme& scheme);
Result<Scheme> load_scheme_snapshot(Study& study, int64_t snapshot_id);
// The same inside a change already running (returns the existing id for known content).
int64_t insert_scheme_snapshot(sql::Db& db, const Scheme& scheme);
// The scheme a new pass gets unless one is named: the newest snapshot in the study (the
// last scheme stored, so a study whose scheme was updated codes new passes with the
// update; passes already made keep theirs). Nothing when the study holds no scheme yet.
// The workstation and attune-cli both ask this; see docs/decisions.md.
std::optional<int64_t> scheme_for_new_pass(Study& study);

// Opens (or creates) the pass of `coder` in `role` on a session, using the snapshot.
Result<int64_t> ensure_pass(Study& study, int64_t session_id, const std::string& coder,
                            PassRole role, int64_t snapshot_id);
// Inside a change already running: the pass row (and its coder, if new). A command that
// creates a pass and writes into it in one change then calls adopt_new_pass, so the
// change belongs to the new pass (its undo, revert and change list) and a refused or
// killed command leaves no empty pass behind. Refused when the coder has the session's
// other pass (primary vs reliability): those are two coders' by definition.
Result<int64_t> insert_pass(sql::Db& db, int64_t session_id, const std::string& coder,
                            PassRole role, int64_t snapshot_id);
Status adopt_new_pass(sql::Db& db, int64_t pass_id);
std::optional<Pass> find_pass(Study& study, int64_t session_id, const std::string& coder,
                              PassRole role);
std::optional<Pass> get_pass(Study& study, int64_t pass_id);
std::vector<Pass> list_passes(Study& study);

// Frame indexes of recordings, by file identity: a cache the workstation fills so a
// long recording is indexed once. Not audited and not undoable: it can always be rebuilt.
std::optional<std::string> load_media_index(Study& study, const std::string& identity);
void store_media_index(Study& study, const std::string& identity, const std::string& bytes);

// Comments on a pass, at a frame or on the whole pass; one change each.
Result<int64_t> add_comment(Study& study, int64_t pass_id, std::optional<FrameTime> at,
                            const std::string& text);
std::vector<Comment> list_comments(Study& study, int64_t pass_id);

}  // namespace attune
