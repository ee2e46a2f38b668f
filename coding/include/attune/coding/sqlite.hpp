#pragma once
// Thin RAII over SQLite's C API: a connection, prepared statements, and a
// transaction guard that rolls back unless committed. Errors that a user can
// fix come back as Status; misuse (bad SQL in our own code) throws.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attune/result.hpp"

namespace attune::sql {

struct DbDeleter {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtDeleter {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

class Stmt {
  public:
    Stmt() = default;
    Stmt(sqlite3* db, std::string_view sql);
    Stmt& bind(int index, int64_t v);
    Stmt& bind(int index, int v) { return bind(index, static_cast<int64_t>(v)); }
    Stmt& bind(int index, double v);
    Stmt& bind(int index, std::string_view v);
    Stmt& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
    Stmt& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
    Stmt& bind_null(int index);
    Stmt& bind_blob(int index, std::string_view bytes);
    template <typename T>
    Stmt& bind(int index, const std::optional<T>& v) {
        return v ? bind(index, *v) : bind_null(index);
    }
    // Binds all arguments from index 1 on.
    template <typename... Args>
    Stmt& bind_all(const Args&... args) {
        int i = 0;
        (bind(++i, args), ...);
        return *this;
    }
    // Steps once: true while a row is available, false when done. Throws on error.
    bool step();
    // Runs to completion (for statements without rows).
    void run();
    void reset();

    int64_t int64(int col) const { return sqlite3_column_int64(s_.get(), col); }
    int integer(int col) const { return sqlite3_column_int(s_.get(), col); }
    double real(int col) const { return sqlite3_column_double(s_.get(), col); }
    std::string text(int col) const;
    // The column's text, valid until the next step or reset (no copy).
    std::string_view text_view(int col) const;
    std::string blob(int col) const;
    bool is_null(int col) const { return sqlite3_column_type(s_.get(), col) == SQLITE_NULL; }
    std::optional<int64_t> opt_int64(int col) const {
        return is_null(col) ? std::nullopt : std::optional<int64_t>(int64(col));
    }
    std::optional<std::string> opt_text(int col) const {
        return is_null(col) ? std::nullopt : std::optional<std::string>(text(col));
    }
    sqlite3_stmt* get() const { return s_.get(); }

  private:
    sqlite3* db_ = nullptr;
    std::unique_ptr<sqlite3_stmt, StmtDeleter> s_;
};

// A SQLite error raised by a statement: a programming error, or the file or the disk
// failing (full, read-only, locked by another writer, damaged). `code` is SQLite's
// extended result code, so the study boundary can say which, and what to do.
struct SqlError : std::runtime_error {
    explicit SqlError(const std::string& message, int sqlite_code = SQLITE_ERROR)
        : std::runtime_error(message), code(sqlite_code) {}
    int code;
};

class Db {
  public:
    // Opens (flags: SQLITE_OPEN_READWRITE [| SQLITE_OPEN_CREATE] | ...). Never throws.
    static Result<Db> open(const std::string& path, int flags);
    sqlite3* get() const { return db_.get(); }
    void exec(std::string_view sql);
    Stmt prepare(std::string_view sql) const { return Stmt(db_.get(), sql); }
    // Cached statements for hot paths (one event per transaction).
    Stmt& cached(std::string_view sql);
    int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }
    int changes() const { return sqlite3_changes(db_.get()); }
    int64_t pragma_int(std::string_view name);

  private:
    std::unique_ptr<sqlite3, DbDeleter> db_;  // declared first: statements are finalised first
    std::vector<std::pair<std::string, std::unique_ptr<Stmt>>> cache_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back in the destructor unless commit() ran.
class Transaction {
  public:
    explicit Transaction(Db& db);
    ~Transaction();
    void commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

  private:
    Db& db_;
    bool done_ = false;
};

}  // namespace attune::sql
