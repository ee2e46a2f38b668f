#include "attune/coding/study.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "attune/coding/version.hpp"
#include "audit_chain.hpp"
#include "migrations.hpp"
#include "study_connection.hpp"

namespace attune {
namespace fs = std::filesystem;

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

void register_functions(sqlite3* db, Study::Connection& c) {
    sqlite3_create_function_v2(db, "attune_user", 0, SQLITE_UTF8, &c.user, user_fn, nullptr,
                               nullptr, nullptr);
    sqlite3_create_function_v2(db, "attune_change", 0, SQLITE_UTF8, &c.change_id, change_fn,
                               nullptr, nullptr, nullptr);
    sqlite3_create_function_v2(db, "attune_action", 0, SQLITE_UTF8, &c.action, user_fn, nullptr,
                               nullptr, nullptr);
    detail::register_audit_hash(db);
}

// A writer holding the lock longer than this gets a "try again" message instead of a
// frozen window; CLI commits take milliseconds.
constexpr int kBusyTimeoutMs = 2000;

void configure(sql::Db& db) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA foreign_keys = ON");
}

std::optional<std::pair<dev_t, ino_t>> identity_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return std::pair{st.st_dev, st.st_ino};
}

std::string now_stamp() {
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", std::gmtime(&t));
    return buf;
}

// A free name beside `path`: "<path>.<what>-<stamp>.attune".
std::string beside(const std::string& path, const std::string& what) {
    const std::string base = path + "." + what + "-" + now_stamp();
    std::string candidate = base + ".attune";
    std::error_code ec;
    for (int i = 2; fs::exists(candidate, ec); ++i)
        candidate = base + "-" + std::to_string(i) + ".attune";
    return candidate;
}

Status copy_database(sqlite3* from, const std::string& to) {
    auto dest = sql::Db::open(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!dest) return dest.error();
    sqlite3_backup* b = sqlite3_backup_init(dest->get(), "main", from, "main");
    if (!b) return Error{std::string("cannot copy the study: ") + sqlite3_errmsg(dest->get())};
    const int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        std::error_code ec;
        fs::remove(to, ec);
        return Error{std::string("cannot copy the study to ") + to + ": " + sqlite3_errstr(rc)};
    }
    return ok_status();
}

// The damage the file's first 100 bytes show before SQLite reads it, if any.
std::optional<std::string> header_damage(const std::string& path) {
    const auto size = fs::file_size(path);
    if (size == 0)
        return path +
               " is empty (0 bytes): it is not a study, or copying it did not finish. "
               "Nothing was changed. Restore the study from a backup copy.";
    std::ifstream f(path, std::ios::binary);
    unsigned char h[100] = {};
    f.read(reinterpret_cast<char*>(h), sizeof h);
    if (f.gcount() < 100 || std::memcmp(h, "SQLite format 3", 16) != 0)
        return path +
               " is not an Attune study (it is not an SQLite database). Nothing was changed.";
    uint32_t page = (h[16] << 8) | h[17];
    if (page == 1) page = 65536;
    const uint32_t pages = (uint32_t(h[28]) << 24) | (h[29] << 16) | (h[30] << 8) | h[31];
    const bool pages_valid = std::memcmp(h + 24, h + 92, 4) == 0 && pages > 0;
    if (pages_valid && page >= 512 && size < uint64_t(page) * pages && !fs::exists(path + "-wal"))
        return path + " is truncated: it holds " + std::to_string(size) + " of its " +
               std::to_string(uint64_t(page) * pages) +
               " bytes (a copy or download that did not finish). Nothing was changed. Restore "
               "the study from a backup copy.";
    return std::nullopt;
}

std::string unreadable(const sql::SqlError& e, const std::string& path) {
    const int primary = e.code & 0xff;
    if (primary == SQLITE_NOTADB)
        return path +
               " is not an Attune study (it is not an SQLite database). Nothing was changed.";
    if (primary == SQLITE_CANTOPEN || e.code == SQLITE_READONLY_CANTINIT ||
        e.code == SQLITE_READONLY_DIRECTORY)
        return "cannot open " + path + ": the folder " + fs::path(path).parent_path().string() +
               " does not let Attune create the study's journal files (" +
               fs::path(path).filename().string() +
               "-wal and -shm). Give yourself write "
               "permission on the folder, or copy the study to a folder you can write to.";
    return describe_study_failure(e, path);
}

// A file that carries Attune's mark must also have the tables of its format.
bool has_study_tables(sql::Db& db, int64_t format) {
    std::vector<std::string> needed = {"study_meta", "change_set", "audit", "pass", "event"};
    if (format >= 2) needed.push_back("review");
    if (format >= 4) needed.push_back("sign_off");
    for (const auto& t : needed) {
        auto s = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
        s.bind(1, t);
        if (!s.step()) return false;
    }
    return true;
}

// Everything open() checks before it changes anything; the message when it refuses.
std::optional<std::string> refuse_to_open(sql::Db& db, const std::string& path, int64_t& format) {
    int64_t app_id = 0;
    try {
        app_id = db.pragma_int("application_id");
        format = db.pragma_int("user_version");
        if (app_id != Study::kApplicationId)
            return path + " is an SQLite database but not an Attune study. Nothing was changed.";
        if (format > Study::kFormatVersion)
            return path + " was written by a newer Attune (study format " + std::to_string(format) +
                   "; this build reads up to " + std::to_string(Study::kFormatVersion) +
                   "). Update Attune to open it. Nothing was changed.";
        if (format < 1)
            return path + " carries Attune's mark but its format number (" +
                   std::to_string(format) +
                   ") is not one Attune writes: it was changed by another program, or its "
                   "creation never finished. Nothing was changed. Restore it from a backup copy.";
        if (!has_study_tables(db, format))
            return path +
                   " carries Attune's mark but is not an Attune study (its tables are "
                   "missing). Nothing was changed.";
        auto check = db.prepare("PRAGMA quick_check(1)");
        if (check.step() && check.text(0) != "ok")
            return path + " is damaged (SQLite reports: " + check.text(0) +
                   "). Nothing was changed. Restore the study from a backup copy (Study > Back "
                   "up... makes them), or recover what is readable with: sqlite3 " +
                   path + " .recover";
    } catch (const sql::SqlError& e) {
        return unreadable(e, path);
    }
    return std::nullopt;
}

}  // namespace

std::string describe_study_failure(const sql::SqlError& e, const std::string& path) {
    const std::string nothing = " Nothing of this change was saved; everything before it is.";
    switch (e.code & 0xff) {
        case SQLITE_FULL:
            return "The disk holding " + path + " is full." + nothing +
                   " Free some space, then do it again.";
        case SQLITE_READONLY:
            return "The study " + path + " cannot be written (it or its folder is read-only)." +
                   nothing + " Check the permissions, or copy the study somewhere writable.";
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return "Another program is writing to " + path + " (an attune-cli import?)." + nothing +
                   " Try again in a moment.";
        case SQLITE_IOERR:
            return "The study file " + path + " could not be written (" + e.what() + ")." +
                   nothing + " Check the disk or drive, then reopen the study.";
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return "The study file " + path + " is damaged (" + e.what() + ")." + nothing +
                   " Stop coding in it: restore a backup copy, or recover what is readable "
                   "with: sqlite3 " +
                   path + " .recover";
        default:
            return std::string("The study could not be read or written (") + e.what() + ")." +
                   nothing;
    }
}

bool is_network_filesystem(int64_t type) {
    switch (static_cast<uint32_t>(type)) {
        case 0x6969:      // NFS
        case 0x517B:      // SMB
        case 0xFF534D42:  // CIFS
        case 0xFE534D42:  // SMB2
        case 0x01021997:  // 9P (v9fs)
        case 0x00C36400:  // Ceph
        case 0x5346414F:  // AFS
        case 0x47504653:  // GPFS
        case 0x0BD00BD0:  // Lustre
            return true;
        default:
            return false;
    }
}

Study::Study(std::string path, std::unique_ptr<sql::Db> db, std::unique_ptr<Connection> state)
    : path_(std::move(path)), db_(std::move(db)), state_(std::move(state)) {
    register_functions(db_->get(), *state_);
}
Study::Study(Study&&) noexcept = default;
Study& Study::operator=(Study&&) noexcept = default;
Study::~Study() {
    if (!db_ || !state_) return;
    // A file replaced since the last look must not get our log on close (SQLite would leave
    // it in place for the next opener); replaced_on_disk() empties it first.
    if (state_->file) (void)replaced_on_disk();
    if (state_->wrote) (void)checkpoint();
}

const std::string& Study::user() const {
    return state_->user;
}
const std::string& Study::program() const {
    return state_->program;
}
void Study::set_program(std::string program) {
    state_->program = std::move(program);
}
const std::vector<std::string>& Study::notices() const {
    return state_->notices;
}
const std::optional<std::string>& Study::write_block() const {
    return state_->write_block;
}
const std::optional<std::string>& Study::unsaved() const {
    return state_->unsaved;
}

int Study::format_version() {
    return static_cast<int>(db_->pragma_int("user_version"));
}

void Study::migrate_to(int format) {
    if (format_version() >= format) return;
    // Rebuilding a table (format 3) drops the old one: with foreign keys on, that would
    // cascade to its children. Checked with foreign_key_check before the commit.
    db_->exec("PRAGMA foreign_keys = OFF");
    struct Restore {
        sql::Db& db;
        ~Restore() {
            try {
                db.exec("PRAGMA foreign_keys = ON");
            } catch (const sql::SqlError&) {  // the next statement on this connection says why
            }
        }
    } restore{*db_};
    // All steps in one transaction, the version read inside it: a failed upgrade leaves the
    // file as it was, and a second program that waited for the lock does not upgrade again.
    sql::Transaction tx(*db_);
    for (int v = format_version() + 1; v <= format; ++v) detail::apply_migration(*db_, v);
    tx.commit();
}

Study Study::in_memory(const std::string& user, int format) {
    auto db = sql::Db::open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    auto conn = std::make_unique<Connection>();
    conn->user = user;
    conn->program = program_invocation_short_name;
    Study s(":memory:", std::make_unique<sql::Db>(std::move(*db)), std::move(conn));
    s.db().exec("PRAGMA foreign_keys = ON");
    s.migrate_to(format);
    return s;
}

Result<Study> Study::attach(std::string path, sql::Db db, const std::string& user) {
    auto conn = std::make_unique<Connection>();
    conn->user = user;
    conn->program = program_invocation_short_name;
    conn->file = identity_of(path);
    sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
    return Study(std::move(path), std::make_unique<sql::Db>(std::move(db)), std::move(conn));
}

Result<Study> Study::create(const std::string& path, const std::string& name,
                            const std::string& user) {
    if (fs::exists(path))
        return Error{path + " already exists; open it, or choose a new file name for the study"};
    if (name.empty()) return Error{"a study needs a name"};
    const std::string folder = fs::path(path).parent_path().empty()
                                   ? std::string(".")
                                   : fs::path(path).parent_path().string();
    if (struct statfs sf{}; ::statfs(folder.c_str(), &sf) == 0 && is_network_filesystem(sf.f_type))
        return Error{"cannot create the study " + path + ": " + folder +
                     " is on a network drive, where SQLite's write-ahead log is not safe. Create "
                     "it on a local disk."};
    const std::string building = path + ".creating-" + std::to_string(::getpid());
    auto discard = [&] {
        std::error_code ec;
        for (const char* ext : {"", "-wal", "-shm", "-journal"}) fs::remove(building + ext, ec);
    };
    discard();
    {
        auto db = sql::Db::open(building, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        if (!db) return Error{"cannot create the study " + path + ": " + db.error().message};
        auto study = attach(building, std::move(*db), user);
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
            if (!ok) {
                discard();
                return ok.error();
            }
            d.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (const sql::SqlError& e) {
            study = Error{""};
            discard();
            return Error{"cannot create the study " + path + ": " +
                         describe_study_failure(e, path)};
        }
    }  // closed: the whole study is in the one file
    // Into place without ever replacing a file that appeared meanwhile: link(), or where
    // the filesystem has no hard links (FAT, exFAT, some FUSE), rename without replacing.
    int moved = ::link(building.c_str(), path.c_str());
    if (moved != 0 && (errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP))
        moved = ::renameat2(AT_FDCWD, building.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE);
    if (moved != 0) {
        const int err = errno;
        discard();
        return Error{"cannot create the study " + path + ": " + std::strerror(err)};
    }
    discard();
    auto opened = open(path, user);
    if (!opened) {  // refused after all (a network drive...): leave nothing at the name
        std::error_code ec;
        fs::remove(path, ec);
    }
    return opened;
}

Result<Study> Study::open(const std::string& path, const std::string& user) {
    if (!fs::exists(path))
        return Error{"no study at " + path + "; create one with: attune-cli study create " + path +
                     " --name NAME"};
    if (fs::is_directory(path)) return Error{path + " is a folder, not a study file (*.attune)"};
    if (auto damage = header_damage(path)) return Error{*damage};
    if (struct statfs sf{}; ::statfs(path.c_str(), &sf) == 0 && is_network_filesystem(sf.f_type))
        return Error{path +
                     " is on a network drive. Attune's study file needs a local disk "
                     "(SQLite's write-ahead log is not safe over a network filesystem). "
                     "Copy the study to a local folder, code there, and copy it back."};
    const auto identity = identity_of(path);  // before opening: a later swap is noticed
    auto db = sql::Db::open(path, SQLITE_OPEN_READWRITE);
    if (!db) return db.error();
    // Another writer may hold the file this very moment: wait for it before reading
    // anything, or a healthy study could be taken for a damaged one.
    sqlite3_busy_timeout(db->get(), kBusyTimeoutMs);
    int64_t format = 0;
    if (auto refused = refuse_to_open(*db, path, format)) return Error{*refused};
    const bool read_only = sqlite3_db_readonly(db->get(), "main") == 1;
    if (read_only && format < kFormatVersion)
        return Error{path +
                     " is read-only and was written by an older Attune; it must be "
                     "upgraded before it can be opened. Copy it somewhere writable first. "
                     "Nothing was changed."};
    auto study = attach(path, std::move(*db), user);
    study->state_->file = identity;
    std::string backup;
    try {
        if (!read_only) configure(study->db());
        if (format < kFormatVersion) {
            backup = beside(path, "format" + std::to_string(format) + "-backup");
            if (auto ok = copy_database(study->db().get(), backup); !ok)
                return Error{"cannot upgrade " + path + ": writing its backup failed (" +
                             ok.error().message + "). Nothing was changed."};
            study->migrate_to(kFormatVersion);
            study->state_->notices.push_back(
                "Upgraded " + path + " from study format " + std::to_string(format) + " to " +
                std::to_string(kFormatVersion) + "; the original is kept as " + backup);
        }
    } catch (const sql::SqlError& e) {
        if (!backup.empty())
            return Error{"cannot upgrade " + path + " to study format " +
                         std::to_string(kFormatVersion) + " (" + e.what() +
                         "). The file was left as it was; a copy is at " + backup +
                         ". Check it with: sqlite3 " + path + " 'PRAGMA foreign_key_check'"};
        return Error{"cannot open the study " + path + ": " + describe_study_failure(e, path)};
    }
    if (read_only)
        study->state_->write_block = path +
                                     " is read-only: you can look, but nothing can be "
                                     "coded or changed. Check its permissions, or copy it "
                                     "somewhere writable.";
    return study;
}

Status Study::guard_write() {
    if (state_->write_block) return Error{*state_->write_block};
    if (replaced_on_disk()) return Error{*state_->write_block};
    return ok_status();
}

Error Study::failed_write(const std::exception& e) {
    const auto* sql_error = dynamic_cast<const sql::SqlError*>(&e);
    if (sql_error && sql_error->code == SQLITE_CONSTRAINT_TRIGGER)  // a rule that explains itself
        return Error{"Refused: " + std::string(e.what()) + " Nothing of this change was saved."};
    if (sql_error && (sql_error->code & 0xff) == SQLITE_CONSTRAINT)  // refused, not a failing disk
        return Error{std::string("Refused: the study's rules do not allow this change (") +
                     e.what() + "). Nothing of it was saved."};
    std::string message =
        sql_error ? describe_study_failure(*sql_error, path_)
                  : std::string("The change failed (") + e.what() + "). Nothing of it was saved.";
    state_->unsaved = message;
    return Error{message};
}

Status Study::change(const std::string& label, std::optional<int64_t> scope,
                     const std::function<Status(sql::Db&)>& apply) {
    if (auto ok = guard_write(); !ok) return ok;
    try {
        sql::Transaction tx(*db_);
        // A new change ends the redo history of its scope.
        db_->cached(
               "UPDATE change_set SET status = 'dropped' WHERE scope IS ? AND status = 'undone'")
            .bind(1, scope)
            .run();
        db_->cached(
               "INSERT INTO change_set (scope, label, who, created_at, status, program) "
               "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'applied', ?)")
            .bind_all(scope, label, state_->user, state_->program)
            .run();
        detail::ChangeTag tag(*state_, db_->last_insert_id(), "do");
        Status ok = apply(*db_);
        if (!ok) return ok;  // the transaction rolls back
        tx.commit();
        state_->unsaved.reset();
        state_->wrote = true;
        return ok_status();
    } catch (const std::exception& e) {
        return failed_write(e);
    }
}

bool Study::replaced_on_disk() {
    if (state_->replaced) {
        empty_own_log();  // until it succeeds (a reader may have been in the way)
        return true;
    }
    if (!state_->file || identity_of(path_) == state_->file) return false;
    state_->replaced = true;
    sqlite3_db_config(db_->get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    state_->write_block = path_ + " was replaced or moved on disk while it was open.";
    empty_own_log();
    std::string message =
        path_ +
        " was replaced or moved on disk while it was open (a sync client?). Attune "
        "stopped writing to it, so nothing of the other file is lost.";
    const std::string rescue = state_->wrote ? beside(path_, "unsaved") : std::string();
    if (state_->wrote && copy_database(db_->get(), rescue).ok())
        message +=
            " This window's study, with every change it saved, was copied to " + rescue + ".";
    std::error_code ec;
    message += fs::exists(path_, ec) ? " Reopen the study to go on with the file now at that path."
                                     : " No file is at that path now.";
    state_->write_block = message;
    return true;
}

bool Study::own_log_emptied() const {
    return state_->log_emptied;
}

void Study::empty_own_log() {
    if (state_->log_emptied) return;
    // Our write-ahead log must never be replayed onto the file now at that path: copy it into
    // the file we opened (by its descriptor) and truncate it to nothing.
    int log = -1, copied = -1;
    const int rc =
        sqlite3_wal_checkpoint_v2(db_->get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log, &copied);
    state_->log_emptied = rc == SQLITE_OK && log == 0;
}

int64_t Study::data_version() {
    return db_->pragma_int("data_version");
}

void Study::set_busy_timeout(int milliseconds) {
    sqlite3_busy_timeout(db_->get(), milliseconds);
}

Result<bool> Study::checkpoint() {
    if (state_->replaced || path_ == ":memory:") return true;
    int log = 0, copied = 0;
    const int rc =
        sqlite3_wal_checkpoint_v2(db_->get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        return Error{describe_study_failure(sql::SqlError(sqlite3_errmsg(db_->get()), rc), path_)};
    return rc == SQLITE_OK && log <= copied;  // false: a reader is in the way; try again later
}

bool Study::was_replaced() const {
    return state_->replaced;
}

void Study::set_durable_writes(bool durable) {
    db_->exec(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF");
}

Status Study::backup_to(const std::string& path) {
    if (fs::exists(path)) return Error{path + " already exists; choose a new name for the copy"};
    const std::string partial = path + ".partial";
    if (auto ok = copy_database(db_->get(), partial); !ok) return ok;
    std::error_code ec;
    fs::rename(partial, path, ec);
    if (ec) {
        fs::remove(partial, ec);
        return Error{"cannot write the copy " + path + ": " + ec.message()};
    }
    return ok_status();
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
