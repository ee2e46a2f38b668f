#pragma once
// A study is one SQLite file (*.attune). Study opens, creates and migrates it,
// and runs every change as one audited, undoable transaction:
//
//   study.change("add event", pass_id, [&](sql::Db& db) { ... return ok_status(); });
//
// Triggers copy every row change into the append-only audit table, tagged with
// the user, the program and the change; undo and redo replay those rows backwards
// or forwards, so they survive a restart like everything else. A replay that would
// overwrite a row somebody changed since is refused with a message, never forced.
//
// The file boundary: no SQLite error leaves Study as an exception. change(), undo(),
// redo() and revert() return a message that says what happened and what to do (disk
// full, read-only, locked by another program, damaged, replaced on disk), the study
// stays as the last committed transaction left it, and unsaved() says so until the
// next write succeeds.
#include <sys/types.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/sqlite.hpp"
#include "attune/result.hpp"

namespace attune {

struct StudyInfo {
    std::string name, created_at, created_by, attune_version;
    int format_version = 0;
    int64_t participants = 0, sessions = 0, passes = 0, events = 0, scheme_snapshots = 0;
};

struct ChangeSummary {
    int64_t id = 0;
    std::string label;
};

// Whose changes undo and redo may pick: any in the scope (the CLI, tests), or only
// those this user made with this program (the workstation's Ctrl+Z: a supervisor's
// import into the pass is never undone by the coder's key).
enum class Whose { Anyone, Mine };

class Study {
  public:
    // Format of files this build writes; opening a newer one is refused.
    static constexpr int kFormatVersion = 6;
    static constexpr int32_t kApplicationId = 0x4154554E;  // "ATUN"

    // Builds the study under a temporary name and renames it into place, so a failed or
    // killed create leaves nothing at `path`.
    static Result<Study> create(const std::string& path, const std::string& name,
                                const std::string& user);
    // Opens and, when older, migrates (after writing a backup beside it: see notices()).
    static Result<Study> open(const std::string& path, const std::string& user);
    // For tests: a study in memory, optionally migrated only up to `format`.
    static Study in_memory(const std::string& user, int format = kFormatVersion);

    Study(Study&&) noexcept;
    Study& operator=(Study&&) noexcept;
    ~Study();

    const std::string& path() const { return path_; }
    const std::string& user() const;
    // The program recorded with each change (default: this executable's name).
    const std::string& program() const;
    void set_program(std::string program);
    int format_version();
    StudyInfo info();
    // What opening did that the user should know (a migration and where its backup is).
    const std::vector<std::string>& notices() const;

    // Runs `apply` in one transaction as an undoable change within `scope` (a coding
    // pass, or nullopt for study-level changes such as adding a session). Commits
    // before returning; on error, exception or SQLite failure nothing is written and
    // the message says why.
    Status change(const std::string& label, std::optional<int64_t> scope,
                  const std::function<Status(sql::Db&)>& apply);

    // Undo the newest change in `scope`, or redo the newest undone one. Returns what
    // was undone or redone, or nothing when there is nothing to do; a conflict (a row the
    // change touched was changed since by another change) is an error naming it.
    Result<std::optional<ChangeSummary>> undo(std::optional<int64_t> scope,
                                              Whose whose = Whose::Anyone);
    Result<std::optional<ChangeSummary>> redo(std::optional<int64_t> scope,
                                              Whose whose = Whose::Anyone);
    // Reverts one change named by id (an import, another program's write), with the
    // same conflict check; it is then dropped: no redo, by anyone, brings it back.
    Result<ChangeSummary> revert(int64_t change_id);

    // Why writes are refused now, if they are (read-only file, file replaced on disk).
    const std::optional<std::string>& write_block() const;
    // The last write that failed, until a later one succeeds: "All changes saved" is
    // true only when this is empty and writes are not blocked.
    const std::optional<std::string>& unsaved() const;
    bool all_saved() const { return !unsaved() && !write_block(); }
    // Checks that the path still names the file this connection opened. When it does
    // not (a sync client replaced it, it was moved), writes stop for good: the work of
    // this connection is copied beside it (see write_block) and its write-ahead log is
    // emptied so it can never be replayed onto the other file.
    bool replaced_on_disk();
    // After a replacement: true once this connection's write-ahead log is empty, so
    // reopening the path cannot replay it onto the other file.
    bool own_log_emptied() const;
    bool was_replaced() const;  // what replaced_on_disk() last found, without looking again
    // How long a write waits for another program's transaction before it is refused
    // with a "try again" message (default 2 s; the workstation waits less).
    void set_busy_timeout(int milliseconds);
    // Changes whenever another connection commits (PRAGMA data_version).
    int64_t data_version();
    // Rows this connection has written so far: it changes with every own commit.
    int64_t write_count() const { return sqlite3_total_changes64(db_->get()); }
    // Copies the write-ahead log into the .attune file, so a copy of that file alone
    // holds every committed change (run when the coder pauses, and on close). False when a
    // reader was in the way and part of the log is still only in the -wal (saved all the
    // same): try again later.
    Result<bool> checkpoint();
    // A consistent copy of the whole study at `path` (SQLite's backup API).
    Status backup_to(const std::string& path);
    // False lets commits skip waiting for the disk (PRAGMA synchronous = OFF): only for
    // building throw-away benchmark studies fast, since a crash can then lose or corrupt
    // them. True (the default) is synchronous = FULL.
    void set_durable_writes(bool durable);

    // Brings an in-memory or older study to kFormatVersion (used by open and tests).
    void migrate_to(int format);

    struct Connection;  // per-connection state, defined inside coding/src

  private:
    // The SQLite connection is coding/'s own: its code reaches it through StudyAccess
    // (coding/src/study_access.hpp), so the programs in app/ cannot run SQL on the study
    // and ask coding/ by name for what they need.
    friend struct StudyAccess;
    sql::Db& db() { return *db_; }

    Study(std::string path, std::unique_ptr<sql::Db> db, std::unique_ptr<Connection> state);
    static Result<Study> attach(std::string path, sql::Db db, const std::string& user);
    Result<std::optional<ChangeSummary>> replay(std::optional<int64_t> scope, bool backwards,
                                                Whose whose);
    Status replay_change(const ChangeSummary& change, bool backwards);
    Status guard_write();
    void empty_own_log();
    Error failed_write(const std::exception& e);

    std::string path_;
    std::unique_ptr<sql::Db> db_;
    std::unique_ptr<Connection> state_;
};

// The message for a SQLite failure at the study file `path`: what happened, whether
// anything was saved, and what to do.
std::string describe_study_failure(const sql::SqlError& e, const std::string& path);

// True for filesystems where SQLite's write-ahead log is unsafe (NFS, SMB/CIFS, ...),
// from statfs's f_type.
bool is_network_filesystem(int64_t statfs_type);

}  // namespace attune
