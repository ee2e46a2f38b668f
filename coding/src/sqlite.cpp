#include "attune/coding/sqlite.hpp"

#include <vector>

namespace attune::sql {

namespace {
[[noreturn]] void fail(sqlite3* db, std::string_view what) {
    throw SqlError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"),
                   db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM);
}
}  // namespace

Stmt::Stmt(sqlite3* db, std::string_view sql) : db_(db) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr) !=
        SQLITE_OK)
        fail(db, "prepare '" + std::string(sql) + "'");
    s_.reset(raw);
}

Stmt& Stmt::bind(int i, int64_t v) {
    if (sqlite3_bind_int64(s_.get(), i, v) != SQLITE_OK) fail(db_, "bind");
    return *this;
}
Stmt& Stmt::bind(int i, double v) {
    if (sqlite3_bind_double(s_.get(), i, v) != SQLITE_OK) fail(db_, "bind");
    return *this;
}
Stmt& Stmt::bind(int i, std::string_view v) {
    if (sqlite3_bind_text(s_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) !=
        SQLITE_OK)
        fail(db_, "bind");
    return *this;
}
Stmt& Stmt::bind_blob(int i, std::string_view bytes) {
    if (sqlite3_bind_blob(s_.get(), i, bytes.data(), static_cast<int>(bytes.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK)
        fail(db_, "bind");
    return *this;
}
std::string Stmt::blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(s_.get(), col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s_.get(), col)))
             : std::string();
}
Stmt& Stmt::bind_null(int i) {
    if (sqlite3_bind_null(s_.get(), i) != SQLITE_OK) fail(db_, "bind");
    return *this;
}

bool Stmt::step() {
    const int rc = sqlite3_step(s_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const std::string message = sqlite3_errmsg(db_);
    const int code = sqlite3_extended_errcode(db_);
    sqlite3_reset(s_.get());
    throw SqlError(message, code);
}

void Stmt::run() {
    while (step()) {
    }
    reset();
}

void Stmt::reset() {
    sqlite3_reset(s_.get());
    sqlite3_clear_bindings(s_.get());
}

std::string_view Stmt::text_view(int col) const {
    const auto* p = sqlite3_column_text(s_.get(), col);
    return p ? std::string_view(reinterpret_cast<const char*>(p),
                                static_cast<size_t>(sqlite3_column_bytes(s_.get(), col)))
             : std::string_view();
}

std::string Stmt::text(int col) const {
    return std::string(text_view(col));
}

Result<Db> Db::open(const std::string& path, int flags) {
    sqlite3* raw = nullptr;
    // Each connection is used by one thread at a time (the main thread writes;
    // background tasks open their own), so SQLite's per-call mutex is not needed.
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    Db db;
    db.db_.reset(raw);
    if (rc != SQLITE_OK)
        return Error{"cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory")};
    sqlite3_extended_result_codes(raw, 1);
    return db;
}

void Db::exec(std::string_view sql) {
    char* err = nullptr;
    if (const int rc = sqlite3_exec(db_.get(), std::string(sql).c_str(), nullptr, nullptr, &err);
        rc != SQLITE_OK) {
        std::string message = err ? err : "unknown error";
        sqlite3_free(err);
        throw SqlError(message, sqlite3_extended_errcode(db_.get()));
    }
}

Stmt& Db::cached(std::string_view sql) {
    for (auto& [text, stmt] : cache_)
        if (text == sql) {
            stmt->reset();
            return *stmt;
        }
    cache_.emplace_back(std::string(sql), std::make_unique<Stmt>(db_.get(), sql));
    return *cache_.back().second;
}

int64_t Db::pragma_int(std::string_view name) {
    Stmt s(db_.get(), "PRAGMA " + std::string(name));
    return s.step() ? s.int64(0) : 0;
}

Transaction::Transaction(Db& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}
Transaction::~Transaction() {
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (const SqlError&) {
        }
    }
}
void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace attune::sql
