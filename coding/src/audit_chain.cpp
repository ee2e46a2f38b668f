#include "audit_chain.hpp"

#include <string>
#include <vector>

#include "attune/coding/sha256.hpp"

namespace attune::detail {

namespace {

void append_field(std::string& out, sqlite3_value* v) {
    switch (sqlite3_value_type(v)) {
        case SQLITE_NULL:
            out += "n;";
            break;
        case SQLITE_INTEGER:
            out += "i" + std::to_string(sqlite3_value_int64(v)) + ";";
            break;
        default: {  // text (a real or blob in an audit row is stored as its text)
            const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(v));
            const int bytes = sqlite3_value_bytes(v);
            out += "t" + std::to_string(bytes) + ":";
            out.append(text ? text : "", static_cast<size_t>(bytes));
        }
    }
}

void audit_hash_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    std::string content;
    for (int i = 0; i < argc; ++i) append_field(content, argv[i]);
    const std::string hex = sha256_hex(content);
    sqlite3_result_text(ctx, hex.c_str(), static_cast<int>(hex.size()), SQLITE_TRANSIENT);
}

}  // namespace

void register_audit_hash(sqlite3* db) {
    sqlite3_create_function_v2(db, "attune_audit_hash", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                               nullptr, audit_hash_fn, nullptr, nullptr, nullptr);
}

bool audit_is_chained(sql::Db& db) {
    auto s = db.prepare("SELECT 1 FROM pragma_table_info('audit') WHERE name = 'hash'");
    return s.step();
}

namespace {

// Fills prev_hash and hash of every row, oldest first; returns how many rows there were.
int64_t chain_rows(sql::Db& db) {
    std::vector<int64_t> ids;  // read first: the updates below must not change what is stepped
    for (auto s = db.prepare("SELECT id FROM audit ORDER BY id"); s.step();)
        ids.push_back(s.int64(0));
    auto chain = db.prepare(
        "UPDATE audit SET prev_hash = (SELECT hash FROM audit WHERE id < ?1 ORDER BY id DESC "
        "LIMIT 1) WHERE id = ?1");
    auto seal = db.prepare(std::string("UPDATE audit SET hash = attune_audit_hash(") +
                           kHashedAuditColumns + ") WHERE id = ?1");
    for (const int64_t id : ids) {
        chain.bind(1, id).run();
        seal.bind(1, id).run();
    }
    return static_cast<int64_t>(ids.size());
}

// The upgrade's own row: the rows before it were chained now, so the chain vouches for
// them from this moment on (verify says so).
void record_upgrade(sql::Db& db, int64_t rows) {
    db.prepare(std::string("INSERT INTO audit (") + kHashedAuditColumns +
               ", hash) SELECT *, attune_audit_hash(" + kHashedAuditColumns +
               ") FROM (SELECT (SELECT coalesce(max(id), 0) + 1 FROM audit) AS id, "
               "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at, attune_user() AS who, NULL AS "
               "change_id, 'migrate' AS action, 'audit' AS table_name, 0 AS row_id, 'update' AS "
               "op, NULL AS old_row, json_object('chained_rows', ?1) AS new_row, (SELECT hash "
               "FROM audit ORDER BY id DESC LIMIT 1) AS prev_hash)")
        .bind(1, rows)
        .run();
}

}  // namespace

void chain_audit_log(sql::Db& db) {
    db.exec("ALTER TABLE audit ADD COLUMN prev_hash TEXT");
    db.exec("ALTER TABLE audit ADD COLUMN hash TEXT");
    db.exec("DROP TRIGGER audit_is_append_only_u");
    if (const int64_t rows = chain_rows(db); rows > 0) record_upgrade(db, rows);
    db.exec(
        "CREATE TRIGGER audit_is_append_only_u BEFORE UPDATE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END");
}

}  // namespace attune::detail
