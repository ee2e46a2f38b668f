#include "attune/coding/study.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "attune/coding/version.hpp"
#include "migrations.hpp"

namespace attune {

// Per-connection state that the audit triggers read through SQL functions.
struct Study::Connection {
    std::string user;
    std::optional<int64_t> change_id;
    std::string action = "migrate";
};

namespace {

void user_fn(sqlite3_context* ctx, int, sqlite3_value**) {
    const auto* c = static_cast<const std::string*>(sqlite3_user_data(ctx));
    sqlite3_result_text(ctx, c->c_str(), -1, SQLITE_TRANSIENT);
}
void change_fn(sqlite3_context* ctx, int, sqlite3_value**) {
    const auto* id = static_cast<const std::optional<int64_t>*>(sqlite3_user_data(ctx));
    if (*id)
        sqlite3_result_int64(ctx, **id);
    else
        sqlite3_result_null(ctx);
}
void action_fn(sqlite3_context* ctx, int, sqlite3_value**) {
    const auto* a = static_cast<const std::string*>(sqlite3_user_data(ctx));
    sqlite3_result_text(ctx, a->c_str(), -1, SQLITE_TRANSIENT);
}

void register_functions(sqlite3* db, void* user, void* change, void* action) {
    sqlite3_create_function_v2(db, "attune_user", 0, SQLITE_UTF8, user, user_fn, nullptr, nullptr,
                               nullptr);
    sqlite3_create_function_v2(db, "attune_change", 0, SQLITE_UTF8, change, change_fn, nullptr,
                               nullptr, nullptr);
    sqlite3_create_function_v2(db, "attune_action", 0, SQLITE_UTF8, action, action_fn, nullptr,
                               nullptr, nullptr);
}

void configure(sql::Db& db) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA foreign_keys = ON");
    sqlite3_busy_timeout(db.get(), 5000);
}

// Binds a JSON scalar from an audit row image.
void bind_json(sql::Stmt& s, int i, const nlohmann::json& v) {
    if (v.is_null())
        s.bind_null(i);
    else if (v.is_number_integer())
        s.bind(i, v.get<int64_t>());
    else if (v.is_number())
        s.bind(i, v.get<double>());
    else
        s.bind(i, v.get<std::string>());
}

void insert_row(sql::Db& db, const std::string& table, const nlohmann::json& row) {
    std::string cols, marks;
    for (auto it = row.begin(); it != row.end(); ++it) {
        cols += (cols.empty() ? "" : ", ") + it.key();
        marks += marks.empty() ? "?" : ", ?";
    }
    auto s = db.prepare("INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")");
    int i = 0;
    for (auto it = row.begin(); it != row.end(); ++it) bind_json(s, ++i, it.value());
    s.run();
}

void update_row(sql::Db& db, const std::string& table, int64_t id, const nlohmann::json& row) {
    std::string sets;
    for (auto it = row.begin(); it != row.end(); ++it)
        sets += (sets.empty() ? "" : ", ") + it.key() + " = ?";
    auto s = db.prepare("UPDATE " + table + " SET " + sets + " WHERE id = ?");
    int i = 0;
    for (auto it = row.begin(); it != row.end(); ++it) bind_json(s, ++i, it.value());
    s.bind(++i, id).run();
}

void delete_row(sql::Db& db, const std::string& table, int64_t id) {
    db.prepare("DELETE FROM " + table + " WHERE id = ?").bind(1, id).run();
}

}  // namespace

Study::Study(std::string path, std::unique_ptr<sql::Db> db, std::unique_ptr<Connection> state)
    : path_(std::move(path)), db_(std::move(db)), state_(std::move(state)) {
    register_functions(db_->get(), &state_->user, &state_->change_id, &state_->action);
}
Study::Study(Study&&) noexcept = default;
Study& Study::operator=(Study&&) noexcept = default;
Study::~Study() = default;

const std::string& Study::user() const {
    return state_->user;
}

int Study::format_version() {
    return static_cast<int>(db_->pragma_int("user_version"));
}

void Study::migrate_to(int format) {
    for (int v = format_version() + 1; v <= format; ++v) {
        sql::Transaction tx(*db_);
        state_->action = "migrate";
        detail::apply_migration(*db_, v);
        tx.commit();
    }
}

Study Study::in_memory(const std::string& user, int format) {
    auto db = sql::Db::open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    auto conn = std::make_unique<Connection>();
    conn->user = user;
    Study s(":memory:", std::make_unique<sql::Db>(std::move(*db)), std::move(conn));
    s.db().exec("PRAGMA foreign_keys = ON");
    s.migrate_to(format);
    return s;
}

Result<Study> Study::attach(std::string path, sql::Db db, const std::string& user) {
    auto conn = std::make_unique<Connection>();
    conn->user = user;
    return Study(std::move(path), std::make_unique<sql::Db>(std::move(db)), std::move(conn));
}

Result<Study> Study::create(const std::string& path, const std::string& name,
                            const std::string& user) {
    if (std::filesystem::exists(path))
        return Error{path + " already exists; open it, or choose a new file name for the study"};
    if (name.empty()) return Error{"a study needs a name"};
    auto db = sql::Db::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!db) return db.error();
    auto study = attach(path, std::move(*db), user);
    try {
        sql::Db& d = study->db();
        d.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        configure(d);
        study->migrate_to(kFormatVersion);
        auto ok = study->change("create study", std::nullopt, [&](sql::Db& db) {
            db.prepare(
                  "INSERT INTO study_meta (id, name, created_at, created_by, attune_version) "
                  "VALUES (1, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?)")
                .bind_all(name, user, std::string(version()))
                .run();
            return ok_status();
        });
        if (!ok) return ok.error();
    } catch (const sql::SqlError& e) {
        std::filesystem::remove(path);
        return Error{"cannot create the study " + path + ": " + e.what()};
    }
    return study;
}

Result<Study> Study::open(const std::string& path, const std::string& user) {
    if (!std::filesystem::exists(path))
        return Error{"no study at " + path + "; create one with: attune-cli study create " + path +
                     " --name NAME"};
    auto db = sql::Db::open(path, SQLITE_OPEN_READWRITE);
    if (!db) return db.error();
    int64_t app_id = 0, format = 0;
    try {
        app_id = db->pragma_int("application_id");
        format = db->pragma_int("user_version");
    } catch (const sql::SqlError&) {
        return Error{
            path + " is not an Attune study (it is not an SQLite database). Nothing was changed."};
    }
    if (app_id != kApplicationId)
        return Error{path + " is an SQLite database but not an Attune study. Nothing was changed."};
    if (format > kFormatVersion)
        return Error{path + " was written by a newer Attune (study format " +
                     std::to_string(format) + "; this build reads up to " +
                     std::to_string(kFormatVersion) +
                     "). Update Attune to open it. Nothing was changed."};
    auto study = attach(path, std::move(*db), user);
    try {
        configure(study->db());
        study->migrate_to(kFormatVersion);
    } catch (const sql::SqlError& e) {
        return Error{"cannot open the study " + path + ": " + e.what()};
    }
    return study;
}

Status Study::change(const std::string& label, std::optional<int64_t> scope,
                     const std::function<Status(sql::Db&)>& apply) {
    sql::Transaction tx(*db_);
    // A new change ends the redo history of its scope.
    db_->cached("UPDATE change_set SET status = 'dropped' WHERE scope IS ? AND status = 'undone'")
        .bind(1, scope)
        .run();
    db_->cached(
           "INSERT INTO change_set (scope, label, who, created_at, status) "
           "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'applied')")
        .bind_all(scope, label, state_->user)
        .run();
    state_->change_id = db_->last_insert_id();
    state_->action = "do";
    struct Reset {
        Connection& c;
        ~Reset() { c.change_id.reset(), c.action = "migrate"; }
    } reset{*state_};
    Status ok = apply(*db_);
    if (!ok) return ok;  // the transaction rolls back
    tx.commit();
    return ok_status();
}

Result<std::optional<ChangeSummary>> Study::undo(std::optional<int64_t> scope) {
    return replay(scope, true);
}
Result<std::optional<ChangeSummary>> Study::redo(std::optional<int64_t> scope) {
    return replay(scope, false);
}

Result<std::optional<ChangeSummary>> Study::replay(std::optional<int64_t> scope, bool backwards) {
    sql::Transaction tx(*db_);
    auto pick = db_->prepare(
        backwards ? "SELECT id, label FROM change_set WHERE scope IS ? AND status = 'applied' "
                    "ORDER BY id DESC LIMIT 1"
                  : "SELECT id, label FROM change_set WHERE scope IS ? AND status = 'undone' "
                    "ORDER BY undo_seq DESC LIMIT 1");
    pick.bind(1, scope);
    if (!pick.step()) return std::optional<ChangeSummary>();
    const ChangeSummary change{pick.int64(0), pick.text(1)};

    state_->change_id = change.id;
    state_->action = backwards ? "undo" : "redo";
    struct Reset {
        Connection& c;
        ~Reset() { c.change_id.reset(), c.action = "migrate"; }
    } reset{*state_};
    db_->exec("PRAGMA defer_foreign_keys = ON");
    auto rows =
        db_->prepare(std::string("SELECT table_name, row_id, op, old_row, new_row FROM audit "
                                 "WHERE change_id = ? AND action = 'do' ORDER BY id ") +
                     (backwards ? "DESC" : "ASC"));
    rows.bind(1, change.id);
    while (rows.step()) {
        const std::string table = rows.text(0), op = rows.text(2);
        const int64_t id = rows.int64(1);
        if (backwards) {
            if (op == "insert")
                delete_row(*db_, table, id);
            else if (op == "delete")
                insert_row(*db_, table, nlohmann::json::parse(rows.text(3)));
            else
                update_row(*db_, table, id, nlohmann::json::parse(rows.text(3)));
        } else {
            if (op == "insert")
                insert_row(*db_, table, nlohmann::json::parse(rows.text(4)));
            else if (op == "delete")
                delete_row(*db_, table, id);
            else
                update_row(*db_, table, id, nlohmann::json::parse(rows.text(4)));
        }
    }
    if (backwards) {
        db_->prepare(
               "UPDATE change_set SET status = 'undone', undo_seq = "
               "(SELECT COALESCE(MAX(undo_seq), 0) + 1 FROM change_set) WHERE id = ?")
            .bind(1, change.id)
            .run();
    } else {
        db_->prepare("UPDATE change_set SET status = 'applied', undo_seq = NULL WHERE id = ?")
            .bind(1, change.id)
            .run();
    }
    tx.commit();
    return std::optional<ChangeSummary>(change);
}

StudyInfo Study::info() {
    StudyInfo i;
    auto s = db_->prepare(
        "SELECT name, created_at, created_by, attune_version FROM study_meta WHERE id = 1");
    if (s.step())
        i.name = s.text(0), i.created_at = s.text(1), i.created_by = s.text(2),
        i.attune_version = s.text(3);
    i.format_version = format_version();
    auto count = [&](const char* table) {
        auto c = db_->prepare(std::string("SELECT COUNT(*) FROM ") + table);
        return c.step() ? c.int64(0) : 0;
    };
    i.participants = count("participant");
    i.sessions = count("session");
    i.passes = count("pass");
    i.events = count("event");
    i.scheme_snapshots = count("scheme_snapshot");
    return i;
}

}  // namespace attune
