#pragma once
// A study is one SQLite file (*.attune). Study opens, creates and migrates it,
// and runs every change as one audited, undoable transaction:
//
//   study.change("add event", pass_id, [&](sql::Db& db) { ... return ok_status(); });
//
// Triggers copy every row change into the append-only audit table, tagged with
// the user and the change; undo and redo replay those rows backwards or
// forwards, so they survive a restart like everything else.
#include <functional>
#include <memory>
#include <optional>
#include <string>

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

class Study {
  public:
    // Format of files this build writes; opening a newer one is refused.
    static constexpr int kFormatVersion = 2;
    static constexpr int32_t kApplicationId = 0x4154554E;  // "ATUN"

    static Result<Study> create(const std::string& path, const std::string& name,
                                const std::string& user);
    static Result<Study> open(const std::string& path, const std::string& user);
    // For tests: a study in memory, optionally migrated only up to `format`.
    static Study in_memory(const std::string& user, int format = kFormatVersion);

    Study(Study&&) noexcept;
    Study& operator=(Study&&) noexcept;
    ~Study();

    sql::Db& db() { return *db_; }
    const std::string& path() const { return path_; }
    const std::string& user() const;
    int format_version();
    StudyInfo info();

    // Runs `apply` in one transaction as an undoable change within `scope` (a coding
    // pass, or nullopt for study-level changes such as adding a session). Commits
    // before returning; on error or exception nothing is written.
    Status change(const std::string& label, std::optional<int64_t> scope,
                  const std::function<Status(sql::Db&)>& apply);

    // Undo the newest change in `scope`, or redo the newest undone one. Returns what
    // was undone or redone, or nothing when there is nothing to do.
    Result<std::optional<ChangeSummary>> undo(std::optional<int64_t> scope);
    Result<std::optional<ChangeSummary>> redo(std::optional<int64_t> scope);

    // Brings an in-memory or older study to kFormatVersion (used by open and tests).
    void migrate_to(int format);

  private:
    struct Connection;
    Study(std::string path, std::unique_ptr<sql::Db> db, std::unique_ptr<Connection> state);
    static Result<Study> attach(std::string path, sql::Db db, const std::string& user);
    Result<std::optional<ChangeSummary>> replay(std::optional<int64_t> scope, bool backwards);

    std::string path_;
    std::unique_ptr<sql::Db> db_;
    std::unique_ptr<Connection> state_;
};

}  // namespace attune
