// The study file: creation, migrations from every earlier format, the audit log,
// undo/redo that survives a restart, and refusing files that are not ours.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "attune/coding/event_log.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/sha256.hpp"
#include "attune/coding/study.hpp"
#include "scheme_fixture.hpp"
#include "study_access.hpp"

using namespace attune;
namespace fs = std::filesystem;

namespace {

std::string temp_path(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / "attune-unit";
    fs::create_directories(dir);
    const fs::path p = dir / name;
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(p.string() + ext);
    return p.string();
}

std::string file_hash(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return sha256_hex(ss.str());
}

int64_t count(Study& s, const std::string& table) {
    auto q = study_db(s).prepare("SELECT COUNT(*) FROM " + table);
    q.step();
    return q.int64(0);
}

struct Fixture {
    Study study = Study::in_memory("coder-a");
    Scheme scheme = testing::tiny_scheme();
    int64_t pass = 0;
    Fixture() {
        const int64_t snap = *add_scheme_snapshot(study, scheme);
        const int64_t session = *add_session(study, {0, "P01", "P01-T1", {}, {}, {}, {}, {}});
        pass = *ensure_pass(study, session, "ab", PassRole::Primary, snap);
    }
};

}  // namespace

TEST_CASE("a new study is WAL, foreign keys on, synchronous FULL, current format", "[study]") {
    const std::string path = temp_path("new.attune");
    auto s = Study::create(path, "Pilot", "tester");
    REQUIRE(s.ok());
    CHECK(study_db(*s).pragma_int("application_id") == Study::kApplicationId);
    CHECK(s->format_version() == Study::kFormatVersion);
    CHECK(study_db(*s).pragma_int("foreign_keys") == 1);
    CHECK(study_db(*s).pragma_int("synchronous") == 2);  // FULL
    auto mode = study_db(*s).prepare("PRAGMA journal_mode");
    mode.step();
    CHECK(mode.text(0) == "wal");
    CHECK(s->info().name == "Pilot");
    CHECK(s->info().created_by == "tester");
    auto again = Study::create(path, "Pilot", "tester");
    REQUIRE_FALSE(again.ok());
    CHECK_THAT(again.error().message, Catch::Contains("already exists"));
}

TEST_CASE("every table is STRICT", "[study]") {
    Study s = Study::in_memory("t");
    auto q = study_db(s).prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (q.step()) {
        INFO(q.text(0));
        CHECK_THAT(q.text(1), Catch::EndsWith("STRICT"));
    }
}

TEST_CASE("migrations bring every earlier format to the current one, keeping data",
          "[study][migration]") {
    for (int from = 0; from < Study::kFormatVersion; ++from) {
        DYNAMIC_SECTION("from format " << from) {
            Study s = Study::in_memory("t", from);
            CHECK(s.format_version() == from);
            if (from >= 1) {  // a study with content written by format `from`
                study_db(s).exec("INSERT INTO participant (code) VALUES ('P01')");
                study_db(s).exec(
                    "INSERT INTO session (participant_id, label) VALUES (1, 'P01-T1')");
            }
            s.migrate_to(Study::kFormatVersion);
            CHECK(s.format_version() == Study::kFormatVersion);
            CHECK(count(s, "review") == 0);  // format 2's table exists
            if (from >= 1) CHECK(count(s, "session") == 1);
            // The audit triggers cover every data table, the newest too: each has its three
            // triggers, and a row written to format 2's review table is audited.
            for (const char* table :
                 {"study_meta", "scheme_snapshot", "participant", "session", "session_variable",
                  "coder", "pass", "event", "episode_override", "rating", "classification",
                  "comment", "review"}) {
                INFO(table);
                auto q = study_db(s).prepare(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN "
                    "('audit_' || ?1 || '_insert', 'audit_' || ?1 || '_update', "
                    "'audit_' || ?1 || '_delete')");
                q.bind(1, std::string(table));
                REQUIRE(q.step());
                CHECK(q.int64(0) == 3);
            }
            study_db(s).exec(
                "INSERT INTO participant (code) VALUES ('P98');"
                "INSERT INTO session (participant_id, label) VALUES "
                "((SELECT id FROM participant WHERE code = 'P98'), 'P98-T1');"
                "INSERT INTO coder (name) VALUES ('rev');"
                "INSERT INTO scheme_snapshot (hash, scheme_id, scheme_version, json, added_at) "
                "VALUES ('h', 's', '1', '{}', 'now');"
                "INSERT INTO pass (session_id, coder_id, role, scheme_snapshot_id, created_at) "
                "VALUES ((SELECT id FROM session WHERE label = 'P98-T1'), "
                "(SELECT id FROM coder WHERE name = 'rev'), 'primary', "
                "(SELECT id FROM scheme_snapshot WHERE hash = 'h'), 'now');"
                "INSERT INTO review (pass_id, reviewer, verdict, created_at) VALUES "
                "((SELECT max(id) FROM pass), 'rev', 'comment', 'now');");
            CHECK(count(s, "audit WHERE table_name = 'review' AND op = 'insert'") == 1);
        }
    }
}

TEST_CASE("opening what is not an Attune study changes nothing", "[study]") {
    SECTION("random bytes") {
        const std::string path = temp_path("random.attune");
        std::ofstream(path, std::ios::binary) << std::string(5000, '\x7f') << "not sqlite";
        const std::string before = file_hash(path);
        auto s = Study::open(path, "t");
        REQUIRE_FALSE(s.ok());
        CHECK_THAT(s.error().message, Catch::Contains("is not an Attune study") &&
                                          Catch::Contains("Nothing was changed"));
        CHECK(file_hash(path) == before);
        CHECK_FALSE(fs::exists(path + "-wal"));
    }
    SECTION("another program's SQLite database") {
        const std::string path = temp_path("other.sqlite");
        {
            auto db = sql::Db::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
            db->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");
        }
        const std::string before = file_hash(path);
        auto s = Study::open(path, "t");
        REQUIRE_FALSE(s.ok());
        CHECK_THAT(s.error().message,
                   Catch::Contains("an SQLite database but not an Attune study"));
        CHECK(file_hash(path) == before);
    }
    SECTION("a study from a newer Attune") {
        const std::string path = temp_path("newer.attune");
        { REQUIRE(Study::create(path, "x", "t").ok()); }
        {
            auto db = sql::Db::open(path, SQLITE_OPEN_READWRITE);
            db->exec("PRAGMA user_version = 99");
        }
        const std::string before = file_hash(path);
        auto s = Study::open(path, "t");
        REQUIRE_FALSE(s.ok());
        CHECK_THAT(s.error().message,
                   Catch::Contains("written by a newer Attune (study format 99") &&
                       Catch::Contains("Update Attune"));
        CHECK(file_hash(path) == before);
    }
    SECTION("a missing file") {
        auto s = Study::open(temp_path("missing.attune"), "t");
        REQUIRE_FALSE(s.ok());
        CHECK_THAT(s.error().message, Catch::Contains("attune-cli study create"));
    }
}

TEST_CASE("the audit log records who changed what, and refuses edits", "[study][audit]") {
    Fixture f;
    EventLog log(f.study, f.scheme, f.pass);
    const int64_t id = log.code("CRY", {100, 3333333}).value().event_id;
    log.code("CRY", {160, 5333333}).value();
    auto q = study_db(f.study).prepare(
        "SELECT who, action, op, old_row, new_row FROM audit WHERE table_name = 'event' AND row_id "
        "= ? ORDER BY id");
    q.bind(1, id);
    REQUIRE(q.step());
    CHECK(q.text(0) == "coder-a");
    CHECK(q.text(1) == "do");
    CHECK(q.text(2) == "insert");
    CHECK(q.is_null(3));
    CHECK_THAT(q.text(4),
               Catch::Contains("\"start_frame\":100") && Catch::Contains("\"stop_frame\":null"));
    REQUIRE(q.step());
    CHECK(q.text(2) == "update");
    CHECK_THAT(q.text(4), Catch::Contains("\"stop_frame\":160"));

    CHECK_THROWS_WITH(study_db(f.study).exec("UPDATE audit SET who = 'mallory'"),
                      Catch::Contains("append-only"));
    CHECK_THROWS_WITH(study_db(f.study).exec("DELETE FROM audit"), Catch::Contains("append-only"));
    CHECK_THROWS_WITH(study_db(f.study).exec("UPDATE scheme_snapshot SET json = '{}'"),
                      Catch::Contains("immutable"));
}

TEST_CASE("undo and redo replay changes, per pass, and survive a restart", "[study][undo]") {
    const std::string path = temp_path("undo.attune");
    const Scheme scheme = testing::tiny_scheme();
    int64_t pass = 0;
    {
        auto s = Study::create(path, "u", "coder-a");
        REQUIRE(s.ok());
        const int64_t snap = *add_scheme_snapshot(*s, scheme);
        const int64_t session = *add_session(*s, {0, "P01", "P01-T1", {}, {}, {}, {}, {}});
        pass = *ensure_pass(*s, session, "ab", PassRole::Primary, snap);
        EventLog log(*s, scheme, pass);
        log.code("CRY", {10, 333333}).value();
        log.code("FUSS", {40, 1333333}).value();  // stops CRY at 40
        log.code("APPROACH", {50, 1666666}, {{"target", "parent"}}).value();
        CHECK(log.events().size() == 3);
    }
    auto s = Study::open(path, "coder-a");  // a restart
    REQUIRE(s.ok());
    EventLog log(*s, scheme, pass);

    auto u1 = s->undo(pass);
    REQUIRE(u1.ok());
    REQUIRE(u1->has_value());
    CHECK((*u1)->label == "APPROACH");
    CHECK(log.events().size() == 2);

    REQUIRE(s->undo(pass).ok());  // undo FUSS: CRY runs again
    auto events = log.events();
    REQUIRE(events.size() == 1);
    CHECK(events[0].behaviour == "CRY");
    CHECK(events[0].open());

    REQUIRE(s->redo(pass).ok());  // redo FUSS: CRY stopped at 40 again
    events = log.events();
    REQUIRE(events.size() == 2);
    CHECK(events[0].stop_frame == 40);
    CHECK(events[1].behaviour == "FUSS");

    // A new change ends the redo history.
    log.code("IN_CONTACT", {60, 2000000}).value();
    auto r = s->redo(pass);
    REQUIRE(r.ok());
    CHECK_FALSE(r->has_value());

    // Study-level undo is its own scope: undoing in the pass never touches sessions.
    CHECK(count(*s, "session") == 1);
    // Undo everything in the pass, then there is nothing left to undo.
    while (true) {
        auto u = s->undo(pass);
        REQUIRE(u.ok());
        if (!u->has_value()) break;
    }
    CHECK(log.events().empty());
    CHECK(count(*s, "session") == 1);  // after every undo in the pass, the session is there
    auto q = study_db(*s).prepare("PRAGMA integrity_check");
    q.step();
    CHECK(q.text(0) == "ok");
}

TEST_CASE("a failed change writes nothing", "[study]") {
    Fixture f;
    const int64_t before = count(f.study, "change_set");
    auto ok = f.study.change("half", f.pass, [&](sql::Db& db) {
        db.exec("INSERT INTO comment (pass_id, text, created_at) VALUES (" +
                std::to_string(f.pass) + ", 'x', 'now')");
        return Status(Error{"refused"});
    });
    CHECK_FALSE(ok.ok());
    CHECK(count(f.study, "comment") == 0);
    CHECK(count(f.study, "change_set") == before);
}

TEST_CASE("frame indexes are kept by file identity, outside the audit and undo", "[study]") {
    Study study = Study::in_memory("tester");
    CHECK_FALSE(load_media_index(study, "123:abc:def"));
    const std::string bytes("\x00\x01binary\xff", 9);
    store_media_index(study, "123:abc:def", bytes);
    CHECK(load_media_index(study, "123:abc:def") == bytes);
    store_media_index(study, "123:abc:def", "newer");  // replaced, never duplicated
    CHECK(load_media_index(study, "123:abc:def") == std::string("newer"));
    auto audit =
        study_db(study).prepare("SELECT count(*) FROM audit WHERE table_name = 'media_index'");
    REQUIRE(audit.step());
    CHECK(audit.int64(0) == 0);
}

TEST_CASE("a new pass gets the study's newest scheme, in the workstation and the CLI",
          "[study][scheme]") {
    Study s = Study::in_memory("coder-a");
    CHECK_FALSE(scheme_for_new_pass(s));  // no scheme yet: each program says what it does

    const Scheme first = testing::tiny_scheme();
    std::string text = testing::tiny_scheme_json();
    text.replace(text.find(R"("version": "1")"), 14, R"("version": "2")");
    auto updated = load_scheme_text(text, "tiny v2");
    REQUIRE(updated.ok());
    const int64_t v1 = *add_scheme_snapshot(s, first);
    CHECK(scheme_for_new_pass(s) == v1);
    const int64_t v2 = *add_scheme_snapshot(s, *updated);
    REQUIRE(v2 != v1);
    CHECK(scheme_for_new_pass(s) == v2);
}

// Issue 12 point 1: a reliability pass is a second, independent coder's. The same person
// coding both would compare a coder with herself, so neither pass opens for her once she
// has the other; another coder's and the consensus pass still do.
TEST_CASE("primary and reliability coders of a session cannot be the same person",
          "[study][reliability]") {
    Fixture f;
    const auto found = find_session(f.study, "P01-T1");
    REQUIRE(found);
    const int64_t session = found->id;
    const int64_t snap = *scheme_for_new_pass(f.study);
    const auto count_before = count(f.study, "pass");
    auto same = ensure_pass(f.study, session, "ab", PassRole::Reliability, snap);
    REQUIRE_FALSE(same.ok());
    CHECK(same.error().message ==
          "ab codes the primary pass of session P01-T1, so ab cannot also code its reliability "
          "pass: the two passes must be two coders'. Open it as another coder.");
    CHECK(count(f.study, "pass") == count_before);  // nothing written
    REQUIRE(ensure_pass(f.study, session, "cd", PassRole::Reliability, snap).ok());
    auto back = ensure_pass(f.study, session, "cd", PassRole::Primary, snap);
    REQUIRE_FALSE(back.ok());
    CHECK(back.error().message ==
          "cd codes the reliability pass of session P01-T1, so cd cannot also code its primary "
          "pass: the two passes must be two coders'. Open it as another coder.");
    CHECK(ensure_pass(f.study, session, "ab", PassRole::Consensus, snap).ok());
    CHECK(ensure_pass(f.study, session, "ab", PassRole::Primary, snap).ok());  // her own again
}
