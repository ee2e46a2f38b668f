#include "migrations.hpp"

#include "audit_chain.hpp"

#include <string>
#include <vector>

namespace attune::detail {

const char* const kAuditedTables[] = {"study_meta",
                                      "scheme_snapshot",
                                      "participant",
                                      "session",
                                      "session_variable",
                                      "coder",
                                      "pass",
                                      "event",
                                      "episode_override",
                                      "rating",
                                      "classification",
                                      "comment",
                                      "review",
                                      "sign_off",
                                      "study_setting",
                                      "unblinding",
                                      "review_comment",
                                      "consensus_decision",
                                      "feedback_case",
                                      "case_visit",
                                      "moment",
                                      "plan_item",
                                      "consent",
                                      "media_export",
                                      "film_deletion",
                                      nullptr};

std::vector<std::string> columns_of(sql::Db& db, const std::string& table) {
    std::vector<std::string> cols;
    auto s = db.prepare("SELECT name FROM pragma_table_info(?)");
    s.bind(1, table);
    while (s.step()) cols.push_back(s.text(0));
    return cols;
}

bool table_exists(sql::Db& db, const std::string& table) {
    auto s = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    s.bind(1, table);
    return s.step();
}

namespace {

// Format 1: the study, its sessions and coding passes, the audit log and the change log.
constexpr const char* kFormat1 = R"sql(
CREATE TABLE study_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL,
  attune_version TEXT NOT NULL) STRICT;
CREATE TABLE scheme_snapshot (
  id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, scheme_id TEXT NOT NULL,
  scheme_version TEXT NOT NULL, json TEXT NOT NULL, added_at TEXT NOT NULL) STRICT;
CREATE TABLE participant (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE) STRICT;
CREATE TABLE session (
  id INTEGER PRIMARY KEY,
  participant_id INTEGER NOT NULL REFERENCES participant(id),
  label TEXT NOT NULL UNIQUE, session_date TEXT, child_age_months REAL,
  recording_path TEXT, recording_identity TEXT) STRICT;
CREATE TABLE session_variable (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  name TEXT NOT NULL, value TEXT NOT NULL, UNIQUE (session_id, name)) STRICT;
CREATE TABLE coder (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;
CREATE TABLE pass (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
  coder_id INTEGER NOT NULL REFERENCES coder(id),
  role TEXT NOT NULL CHECK (role IN ('primary', 'reliability', 'consensus')),
  scheme_snapshot_id INTEGER NOT NULL REFERENCES scheme_snapshot(id),
  created_at TEXT NOT NULL, UNIQUE (session_id, coder_id, role)) STRICT;
CREATE TABLE event (
  id INTEGER PRIMARY KEY,
  pass_id INTEGER NOT NULL REFERENCES pass(id) ON DELETE CASCADE,
  subject TEXT NOT NULL, behaviour TEXT NOT NULL,
  start_frame INTEGER NOT NULL, start_us INTEGER NOT NULL,
  stop_frame INTEGER, stop_us INTEGER,
  modifiers TEXT NOT NULL DEFAULT '{}', comment TEXT NOT NULL DEFAULT '',
  CHECK (stop_frame IS NULL OR stop_frame >= start_frame),
  CHECK ((stop_frame IS NULL) = (stop_us IS NULL))) STRICT;
-- Covers the study-wide statistics scan (pass, time order, the columns a time budget reads).
CREATE INDEX event_by_pass ON event (pass_id, start_frame, start_us, stop_frame, stop_us, behaviour, subject);
CREATE TABLE episode_override (
  id INTEGER PRIMARY KEY,
  pass_id INTEGER NOT NULL REFERENCES pass(id) ON DELETE CASCADE,
  episode TEXT NOT NULL, start_frame INTEGER NOT NULL, start_us INTEGER NOT NULL,
  UNIQUE (pass_id, episode)) STRICT;
CREATE TABLE rating (
  id INTEGER PRIMARY KEY,
  pass_id INTEGER NOT NULL REFERENCES pass(id) ON DELETE CASCADE,
  scale TEXT NOT NULL, target TEXT NOT NULL, episode TEXT NOT NULL, value INTEGER NOT NULL,
  UNIQUE (pass_id, scale, target, episode)) STRICT;
CREATE TABLE classification (
  id INTEGER PRIMARY KEY,
  pass_id INTEGER NOT NULL UNIQUE REFERENCES pass(id) ON DELETE CASCADE,
  code TEXT NOT NULL, secondary TEXT, confidence INTEGER,
  notes TEXT NOT NULL DEFAULT '') STRICT;
CREATE TABLE comment (
  id INTEGER PRIMARY KEY,
  pass_id INTEGER NOT NULL REFERENCES pass(id) ON DELETE CASCADE,
  frame INTEGER, t_us INTEGER, text TEXT NOT NULL, created_at TEXT NOT NULL) STRICT;

CREATE TABLE change_set (
  id INTEGER PRIMARY KEY, scope INTEGER, label TEXT NOT NULL, who TEXT NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('applied', 'undone', 'dropped')),
  undo_seq INTEGER) STRICT;
CREATE INDEX change_set_by_scope ON change_set (scope, status);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL,
  change_id INTEGER, action TEXT NOT NULL CHECK (action IN ('do', 'undo', 'redo', 'migrate')),
  table_name TEXT NOT NULL, row_id INTEGER NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  old_row TEXT, new_row TEXT) STRICT;
CREATE INDEX audit_by_change ON audit (change_id);
CREATE TRIGGER audit_is_append_only_u BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_is_append_only_d BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER scheme_snapshot_is_immutable_u BEFORE UPDATE ON scheme_snapshot
  BEGIN SELECT RAISE(ABORT, 'scheme snapshots are immutable'); END;
)sql";

// Format 2: supervisor reviews (comments and sign-off) and the frame-index cache.
constexpr const char* kFormat2 = R"sql(
CREATE TABLE review (
  id INTEGER PRIMARY KEY,
  pass_id INTEGER NOT NULL REFERENCES pass(id) ON DELETE CASCADE,
  reviewer TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('comment', 'approved', 'changes_requested')),
  text TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL) STRICT;
CREATE TABLE media_index (
  id INTEGER PRIMARY KEY, identity TEXT NOT NULL UNIQUE, bytes BLOB NOT NULL,
  created_at TEXT NOT NULL) STRICT;
)sql";

// Format 3: an id, once used, is never given to another row. Undo and redo replay the
// audit log's row images by id; with plain INTEGER PRIMARY KEY, SQLite hands the id of
// a deleted (or undone) row to the next insert, and replaying the old row then collided
// with the new one. Each audited table is rebuilt with AUTOINCREMENT and its sequence
// starts past every id the audit log has seen for it. Change sets also record which
// program made them, so the workstation's undo can leave other programs' changes alone.
constexpr const char* kFormat3 = R"sql(
ALTER TABLE change_set ADD COLUMN program TEXT NOT NULL DEFAULT '';
)sql";

// Format 4: the audit log is hash-chained (audit_chain.hpp), and a supervisor's sign-off
// locks a pass. sign_off is its history, append-only: a pass is locked while its newest
// row says 'sign_off'; unlocking adds an 'unlock' row, which must give a reason.
// study_setting holds the study's own conventions (study_settings.hpp: the double-coding
// selection, the reliability criterion); unblinding, the sessions whose reliability coder
// may now see the primary pass.
constexpr const char* kFormat4 = R"sql(
CREATE TABLE study_setting (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, value TEXT NOT NULL) STRICT;
CREATE TABLE unblinding (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL UNIQUE REFERENCES session(id) ON DELETE CASCADE,
  who TEXT NOT NULL, at TEXT NOT NULL) STRICT;
CREATE TABLE sign_off (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pass_id INTEGER NOT NULL REFERENCES pass(id),
  action TEXT NOT NULL CHECK (action IN ('sign_off', 'unlock')),
  who TEXT NOT NULL, at TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
  CHECK (action = 'sign_off' OR length(trim(reason)) > 0)) STRICT;
CREATE INDEX sign_off_by_pass ON sign_off (pass_id, id);
CREATE TRIGGER sign_off_is_append_only_u BEFORE UPDATE ON sign_off
  BEGIN SELECT RAISE(ABORT, 'a sign-off cannot be changed or taken back; unlock the pass, with a reason, instead.'); END;
CREATE TRIGGER sign_off_is_append_only_d BEFORE DELETE ON sign_off
  BEGIN SELECT RAISE(ABORT, 'a sign-off cannot be changed or taken back; unlock the pass, with a reason, instead.'); END;
)sql";

// Format 5: a supervisor's threaded comments on a pass's event, rating cell, episode or
// classification (review_comment; a reply names its thread's first comment), and the
// decisions that built a consensus pass from two coders' passes (consensus_decision: one
// row per disagreement, the choice, who and when, and the consensus rows it wrote).
constexpr const char* kFormat5 = R"sql(
CREATE TABLE review_comment (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pass_id INTEGER NOT NULL REFERENCES pass(id) ON DELETE CASCADE,
  thread_id INTEGER REFERENCES review_comment(id),
  about TEXT NOT NULL CHECK (about IN ('event', 'rating', 'episode', 'classification')),
  event_id INTEGER, scale TEXT, target TEXT, episode TEXT,
  author TEXT NOT NULL, text TEXT NOT NULL CHECK (length(trim(text)) > 0),
  created_at TEXT NOT NULL,
  CHECK (about != 'event' OR event_id IS NOT NULL),
  CHECK (about != 'rating' OR (scale IS NOT NULL AND target IS NOT NULL AND episode IS NOT NULL)),
  CHECK (about != 'episode' OR episode IS NOT NULL)) STRICT;
CREATE INDEX review_comment_by_pass ON review_comment (pass_id, about);
CREATE TABLE consensus_decision (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pass_id INTEGER NOT NULL REFERENCES pass(id) ON DELETE CASCADE,
  item TEXT NOT NULL, choice TEXT NOT NULL CHECK (choice IN ('a', 'b', 'edit')),
  written TEXT NOT NULL DEFAULT '[]', who TEXT NOT NULL, at TEXT NOT NULL,
  UNIQUE (pass_id, item)) STRICT;
)sql";

// Format 6: video feedback (issue 14). A case is a family followed over visits; each visit
// is a session (case_visit) and the case's feedback protocol (its JSON as checked) gives
// each visit its theme. Moments are a therapist's marked stretches of a pass's recording
// (in and out frames, an optional freeze frame inside), kept apart from the events so
// they never reach the behaviour statistics; plan_item lists, per pass, the moments chosen
// for the next visit in the order they will be shown (from any session of the same case),
// each with what to say. consent is append-only history per participant (and optionally
// one recording): the newest row applies. media_export records every reel, still or
// report written; film_deletion, a recording's derived files deleted at the end of the
// retention time (the codes are kept).
constexpr const char* kFormat6 = R"sql(
CREATE TABLE feedback_case (
  id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
  protocol TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL) STRICT;
CREATE TABLE case_visit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id INTEGER NOT NULL REFERENCES feedback_case(id),
  session_id INTEGER NOT NULL UNIQUE REFERENCES session(id) ON DELETE CASCADE,
  visit INTEGER NOT NULL CHECK (visit >= 1), visit_date TEXT,
  UNIQUE (case_id, visit)) STRICT;
CREATE TABLE moment (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pass_id INTEGER NOT NULL REFERENCES pass(id) ON DELETE CASCADE,
  start_frame INTEGER NOT NULL, start_us INTEGER NOT NULL,
  stop_frame INTEGER NOT NULL, stop_us INTEGER NOT NULL,
  freeze_frame INTEGER, freeze_us INTEGER,
  theme TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL CHECK (kind IN ('strength', 'think')),
  title TEXT NOT NULL DEFAULT '', caption TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  CHECK (stop_frame >= start_frame),
  CHECK ((freeze_frame IS NULL) = (freeze_us IS NULL)),
  CHECK (freeze_frame IS NULL OR freeze_frame BETWEEN start_frame AND stop_frame)) STRICT;
CREATE INDEX moment_by_pass ON moment (pass_id, start_frame);
CREATE TABLE plan_item (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pass_id INTEGER NOT NULL REFERENCES pass(id) ON DELETE CASCADE,
  moment_id INTEGER NOT NULL REFERENCES moment(id) ON DELETE CASCADE,
  position INTEGER NOT NULL, script TEXT NOT NULL DEFAULT '',
  UNIQUE (pass_id, moment_id)) STRICT;
CREATE TABLE consent (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  participant_id INTEGER NOT NULL REFERENCES participant(id),
  session_id INTEGER REFERENCES session(id) ON DELETE CASCADE,
  uses TEXT NOT NULL, until TEXT, recorded_by TEXT NOT NULL CHECK (length(trim(recorded_by)) > 0),
  recorded_at TEXT NOT NULL) STRICT;
CREATE TRIGGER consent_is_append_only_u BEFORE UPDATE ON consent
  BEGIN SELECT RAISE(ABORT, 'a consent record is kept as given; record the new consent instead.'); END;
CREATE TRIGGER consent_is_append_only_d BEFORE DELETE ON consent
  BEGIN SELECT RAISE(ABORT, 'a consent record is kept as given (undo and revert cannot take it back); record the new consent instead.'); END;
CREATE TABLE media_export (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES session(id),
  kind TEXT NOT NULL CHECK (kind IN ('reel', 'stills', 'report', 'review')),
  path TEXT NOT NULL, consent_id INTEGER REFERENCES consent(id),
  who TEXT NOT NULL, at TEXT NOT NULL) STRICT;
CREATE TRIGGER media_export_is_kept_u BEFORE UPDATE ON media_export
  BEGIN SELECT RAISE(ABORT, 'the record of a film export is kept: undo and revert cannot take it back.'); END;
CREATE TRIGGER media_export_is_kept_d BEFORE DELETE ON media_export
  BEGIN SELECT RAISE(ABORT, 'the record of a film export is kept: undo and revert cannot take it back.'); END;
CREATE TABLE film_deletion (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES session(id),
  files TEXT NOT NULL DEFAULT '[]', who TEXT NOT NULL, at TEXT NOT NULL) STRICT;
CREATE TRIGGER film_deletion_is_kept_u BEFORE UPDATE ON film_deletion
  BEGIN SELECT RAISE(ABORT, 'a film deletion is kept as a record: the files are gone, and taking the record back would not bring them back.'); END;
CREATE TRIGGER film_deletion_is_kept_d BEFORE DELETE ON film_deletion
  BEGIN SELECT RAISE(ABORT, 'a film deletion is kept as a record: the files are gone, and taking the record back would not bring them back.'); END;
)sql";

// The tables whose rows belong to a pass: a signed-off pass refuses changes to them.
const char* const kPassContentTables[] = {"event", "episode_override", "rating", "classification",
                                          "comment"};
const char* const kPassContentTables5[] = {"review_comment", "consensus_decision"};
const char* const kPassContentTables6[] = {"moment", "plan_item"};

constexpr const char* kLockedMessage =
    "this pass is signed off, so nothing in it can change. A supervisor can unlock it, giving "
    "a reason (attune-cli pass unlock), and then it can be changed.";

std::string locked(const std::string& pass_id) {
    return "(SELECT action FROM sign_off WHERE pass_id = " + pass_id +
           " ORDER BY id DESC LIMIT 1) = 'sign_off'";
}

std::string locked_raise() {
    return std::string(" BEGIN SELECT RAISE(ABORT, '") + kLockedMessage + "'); END";
}

// BEFORE triggers: every write path (workstation, CLI, import, undo, redo) meets them.
void lock_pass_content(sql::Db& db, const std::string& t) {
    const std::string name = "locked_" + t + "_", raise = locked_raise();
    db.exec("CREATE TRIGGER " + name + "insert BEFORE INSERT ON " + t + " WHEN " +
            locked("NEW.pass_id") + raise);
    db.exec("CREATE TRIGGER " + name + "update BEFORE UPDATE ON " + t + " WHEN " +
            locked("OLD.pass_id") + " OR " + locked("NEW.pass_id") + raise);
    db.exec("CREATE TRIGGER " + name + "delete BEFORE DELETE ON " + t + " WHEN " +
            locked("OLD.pass_id") + raise);
}

void install_sign_off_locks(sql::Db& db) {
    const std::string raise = locked_raise();
    for (const char* table : kPassContentTables) lock_pass_content(db, table);
    db.exec("CREATE TRIGGER locked_pass_update BEFORE UPDATE ON pass WHEN " + locked("OLD.id") +
            raise);
    // The recording the signed-off codes were made on stays the session's recording.
    db.exec(
        "CREATE TRIGGER locked_session_recording BEFORE UPDATE OF recording_path, "
        "recording_identity ON session WHEN EXISTS (SELECT 1 FROM pass p WHERE p.session_id = "
        "OLD.id AND " +
        locked("p.id") + ")" + raise);
    db.exec(
        "CREATE TRIGGER signed_pass_delete BEFORE DELETE ON pass WHEN EXISTS (SELECT 1 FROM "
        "sign_off WHERE pass_id = OLD.id) BEGIN SELECT RAISE(ABORT, 'this pass was signed off "
        "once, so it is kept as a record and cannot be deleted.'); END");
}

void migrate_to_format4(sql::Db& db) {
    chain_audit_log(db);
    db.exec(kFormat4);
    install_sign_off_locks(db);
}

void migrate_to_format5(sql::Db& db) {
    db.exec(kFormat5);
    for (const char* table : kPassContentTables5) lock_pass_content(db, table);
}

void migrate_to_format6(sql::Db& db) {
    db.exec(kFormat6);
    for (const char* table : kPassContentTables6) lock_pass_content(db, table);
}

// The statement an audit trigger runs: one audit row for a row change. From format 4 on
// the row is chained: it carries the newest row's hash and its own (audit_chain.hpp).
std::string audit_insert(const std::string& table, const std::string& row_id, const char* op,
                         const std::string& old_row, const std::string& new_row, bool chained) {
    const std::string row =
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at, attune_user() AS who, attune_change() AS "
        "change_id, attune_action() AS action, '" +
        table + "' AS table_name, " + row_id + " AS row_id, '" + op + "' AS op, " + old_row +
        " AS old_row, " + new_row + " AS new_row";
    if (!chained)
        return "INSERT INTO audit (at, who, change_id, action, table_name, row_id, op, old_row, "
               "new_row) SELECT " +
               row;
    return std::string("INSERT INTO audit (") + kHashedAuditColumns +
           ", hash) SELECT *, attune_audit_hash(" + kHashedAuditColumns +
           ") FROM (SELECT (SELECT coalesce(max(id), 0) + 1 FROM audit) AS id, " + row +
           ", (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) AS prev_hash)";
}

// The row's columns as a JSON object, read from NEW or OLD.
std::string row_image(sql::Db& db, const std::string& table, const char* which) {
    std::string s = "json_object(";
    bool first = true;
    for (const auto& c : columns_of(db, table)) {
        s += (first ? "'" : ", '") + c + "', " + which + "." + c;
        first = false;
    }
    return s + ")";
}

// (Re)creates the three audit triggers of each audited table from its current columns.
void install_audit_triggers(sql::Db& db) {
    const bool chained = audit_is_chained(db);
    for (const char* const* t = kAuditedTables; *t != nullptr; ++t) {
        const std::string table = *t;
        if (!table_exists(db, table)) continue;
        const std::string old_row = row_image(db, table, "OLD"),
                          new_row = row_image(db, table, "NEW");
        const std::string name = "audit_" + table + "_";
        for (const char* op : {"insert", "update", "delete"})
            db.exec("DROP TRIGGER IF EXISTS " + name + op);
        db.exec("CREATE TRIGGER " + name + "insert AFTER INSERT ON " + table + " BEGIN " +
                audit_insert(table, "NEW.id", "insert", "NULL", new_row, chained) + "; END");
        db.exec("CREATE TRIGGER " + name + "update AFTER UPDATE ON " + table + " BEGIN " +
                audit_insert(table, "NEW.id", "update", old_row, new_row, chained) + "; END");
        db.exec("CREATE TRIGGER " + name + "delete AFTER DELETE ON " + table + " BEGIN " +
                audit_insert(table, "OLD.id", "delete", old_row, "NULL", chained) + "; END");
    }
}

std::string schema_sql(sql::Db& db, const std::string& type, const std::string& name) {
    auto s = db.prepare("SELECT sql FROM sqlite_schema WHERE type = ? AND name = ?");
    s.bind_all(type, name);
    if (!s.step()) throw sql::SqlError("format 3 migration: no " + type + " " + name);
    return s.text(0);
}

std::string replaced_once(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    if (at == std::string::npos)
        throw sql::SqlError("format 3 migration: unexpected schema: " + text);
    return text.replace(at, from.size(), to);
}

// Rebuilds `table` with AUTOINCREMENT (SQLite cannot add it in place). Foreign keys must
// be off (the caller's job): dropping the old table must not cascade to its children.
void rebuild_with_autoincrement(sql::Db& db, const std::string& table) {
    std::vector<std::string> recreate;  // its indexes and its own triggers (not the audit's)
    auto idx = db.prepare(
        "SELECT sql FROM sqlite_schema WHERE type IN ('index', 'trigger') AND tbl_name = ? "
        "AND sql IS NOT NULL AND name NOT LIKE 'audit_%'");
    idx.bind(1, table);
    while (idx.step()) recreate.push_back(idx.text(0));
    const std::string fresh = table + "_format3";
    std::string create = schema_sql(db, "table", table);
    create = replaced_once(create, "CREATE TABLE " + table + " (", "CREATE TABLE " + fresh + " (");
    create =
        replaced_once(create, "id INTEGER PRIMARY KEY", "id INTEGER PRIMARY KEY AUTOINCREMENT");
    for (const char* op : {"insert", "update", "delete"})
        db.exec("DROP TRIGGER IF EXISTS audit_" + table + "_" + op);
    db.exec(create);
    db.exec("INSERT INTO " + fresh + " SELECT * FROM " + table);
    db.exec("DROP TABLE " + table);
    db.exec("ALTER TABLE " + fresh + " RENAME TO " + table);
    for (const auto& sql : recreate) db.exec(sql);
    db.prepare("DELETE FROM sqlite_sequence WHERE name IN (?, ?)").bind_all(table, fresh).run();
    db.prepare(
          "INSERT INTO sqlite_sequence (name, seq) VALUES (?1, max("
          "(SELECT coalesce(max(id), 0) FROM " +
          table +
          "), "
          "(SELECT coalesce(max(row_id), 0) FROM audit WHERE table_name = ?1)))")
        .bind(1, table)
        .run();
}

void migrate_to_format3(sql::Db& db) {
    db.exec(kFormat3);
    for (const char* const* t = kAuditedTables; *t != nullptr; ++t)
        if (table_exists(db, *t)) rebuild_with_autoincrement(db, *t);
    auto broken = db.prepare("PRAGMA foreign_key_check");
    if (broken.step())
        throw sql::SqlError("format 3 migration: a row of " + broken.text(0) +
                            " refers to a missing row; the study was left as it was");
}

}  // namespace

void apply_migration(sql::Db& db, int to) {
    switch (to) {
        case 1:
            db.exec(kFormat1);
            break;
        case 2:
            db.exec(kFormat2);
            break;
        case 3:
            migrate_to_format3(db);
            break;
        case 4:
            migrate_to_format4(db);
            break;
        case 5:
            migrate_to_format5(db);
            break;
        case 6:
            migrate_to_format6(db);
            break;
        default:
            throw sql::SqlError("no migration to format " + std::to_string(to));
    }
    install_audit_triggers(db);
    db.exec("PRAGMA user_version = " + std::to_string(to));
}

}  // namespace attune::detail
