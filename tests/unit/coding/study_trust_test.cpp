// Trust in the study file (issue 9): undo and redo never abort, whatever other coders
// and programs did meanwhile; the workstation's undo covers only its own coder's
// changes; a format-2 file is upgraded to ids that are never reused, with a backup.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "attune/coding/event_log.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/study.hpp"
#include "scheme_fixture.hpp"
#include "study_access.hpp"

using namespace attune;
namespace fs = std::filesystem;

namespace {

std::string fresh_path(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / "attune-unit" / "trust";
    fs::create_directories(dir);
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().filename().string().rfind(name, 0) == 0) fs::remove(entry.path());
    return (dir / name).string();
}

int64_t count(Study& s, const std::string& sql) {
    auto q = study_db(s).prepare(sql);
    q.step();
    return q.int64(0);
}

// A study file as the format-2 code left it: the format-2 schema, with rows whose ids
// were handed out again after a delete (participant 2 deleted, its id then reused).
void write_format2_study(const std::string& path) {
    Study s = Study::in_memory("maker", 2);
    study_db(s).exec("PRAGMA application_id = " + std::to_string(Study::kApplicationId));
    study_db(s).exec(
        "INSERT INTO study_meta VALUES (1, 'old', '2026-01-01T00:00:00Z', 'maker', '0.1.0');"
        "INSERT INTO participant (code) VALUES ('P01'), ('P02'), ('P03');"
        "DELETE FROM participant WHERE code = 'P03';"
        "INSERT INTO session (participant_id, label) VALUES (1, 'S1'), (2, 'S2');");
    study_db(s).exec("VACUUM INTO '" + path + "'");
}

struct TwoCoders {
    std::string path;
    Scheme scheme = testing::tiny_scheme();
    std::optional<Study> a, b;
    int64_t s1 = 0, s2 = 0, a1 = 0, b1 = 0;
    explicit TwoCoders(const std::string& name) : path(fresh_path(name)) {
        write_format2_study(path);
        a.emplace(std::move(Study::open(path, "coder-a").value()));
        b.emplace(std::move(Study::open(path, "coder-b").value()));
        const int64_t snap = *add_scheme_snapshot(*a, scheme);
        s1 = find_session(*a, "S1")->id;
        s2 = find_session(*a, "S2")->id;
        a1 = *ensure_pass(*a, s1, "coder-a", PassRole::Primary, snap);
        b1 = *ensure_pass(*b, s1, "coder-b", PassRole::Reliability, snap);
    }
    int64_t pass(Study& st, int64_t session, const std::string& coder, PassRole role) {
        return *ensure_pass(st, session, coder, role, *add_scheme_snapshot(st, scheme));
    }
};

std::vector<std::string> behaviours(Study& st, const Scheme& scheme, int64_t pass) {
    std::vector<std::string> out;
    for (const Event& e : EventLog(st, scheme, pass).events()) out.push_back(e.behaviour);
    return out;
}

}  // namespace

TEST_CASE("upgrading a format-2 study keeps every row, writes a backup, and never reuses an id",
          "[study][migration]") {
    const std::string path = fresh_path("upgrade.attune");
    write_format2_study(path);
    auto s = Study::open(path, "t");
    REQUIRE(s.ok());
    CHECK(s->format_version() == Study::kFormatVersion);
    REQUIRE(s->notices().size() == 1);
    CHECK_THAT(s->notices()[0],
               Catch::Contains("from study format 2 to " + std::to_string(Study::kFormatVersion)) &&
                   Catch::Contains(".format2-backup-"));
    // The backup beside it is the untouched format-2 file.
    int backups = 0;
    for (const auto& e : fs::directory_iterator(fs::path(path).parent_path()))
        if (e.path().filename().string().find("upgrade.attune.format2-backup-") == 0) {
            ++backups;
            auto db = sql::Db::open(e.path().string(), SQLITE_OPEN_READONLY);
            CHECK(db->pragma_int("user_version") == 2);
        }
    CHECK(backups == 1);
    // Rebuilding the tables cascaded nothing: the sessions of both participants are there.
    CHECK(count(*s, "SELECT count(*) FROM session") == 2);
    CHECK(count(*s, "SELECT count(*) FROM participant") == 2);
    // P03's id (3) was used once and deleted: it is never handed out again.
    REQUIRE(add_session(*s, {0, "P04", "S4", {}, {}, {}, {}, {}}).ok());
    CHECK(count(*s, "SELECT id FROM participant WHERE code = 'P04'") == 4);
    auto check = study_db(*s).prepare("PRAGMA integrity_check");
    REQUIRE(check.step());
    CHECK(check.text(0) == "ok");
    CHECK_FALSE(study_db(*s).prepare("PRAGMA foreign_key_check").step());
    // Every audited table now uses AUTOINCREMENT.
    for (const char* table : {"event", "rating", "classification", "pass", "session", "comment"}) {
        auto q = study_db(*s).prepare("SELECT sql FROM sqlite_schema WHERE name = ?");
        q.bind(1, table);
        REQUIRE(q.step());
        INFO(table);
        CHECK_THAT(q.text(0), Catch::Contains("AUTOINCREMENT"));
    }
}

TEST_CASE("undo and redo never abort when another coder wrote meanwhile", "[study][undo]") {
    SECTION("redo an event after another coder coded") {
        TwoCoders t("redo-event.attune");
        EventLog(*t.a, t.scheme, t.a1).code("FUSS", {10, 333333}).value();
        REQUIRE(t.a->undo(t.a1).value());
        EventLog(*t.b, t.scheme, t.b1).code("CRY", {20, 666666}).value();
        auto r = t.a->redo(t.a1);
        REQUIRE(r.ok());
        REQUIRE(r->has_value());
        CHECK(behaviours(*t.a, t.scheme, t.a1) == std::vector<std::string>{"FUSS"});
        CHECK(behaviours(*t.a, t.scheme, t.b1) == std::vector<std::string>{"CRY"});
    }
    SECTION("undo a delete after another coder coded") {
        TwoCoders t("undo-delete.attune");
        EventLog la(*t.a, t.scheme, t.a1);
        const int64_t id = la.code("APPROACH", {10, 333333}, {{"target", "parent"}})->event_id;
        REQUIRE(la.remove({id}).ok());
        EventLog(*t.b, t.scheme, t.b1).code("CRY", {20, 666666}).value();
        auto r = t.a->undo(t.a1);
        REQUIRE(r.ok());
        CHECK(behaviours(*t.a, t.scheme, t.a1) == std::vector<std::string>{"APPROACH"});
        CHECK(behaviours(*t.a, t.scheme, t.b1) == std::vector<std::string>{"CRY"});
    }
    SECTION("undo a cleared rating after another pass added one") {
        TwoCoders t("undo-rating.attune");
        REQUIRE(set_rating(*t.a, t.scheme, t.a1, "PS", "parent", "E1", 5).ok());
        REQUIRE(set_rating(*t.a, t.scheme, t.a1, "PS", "parent", "E1", std::nullopt).ok());
        REQUIRE(set_rating(*t.b, t.scheme, t.b1, "PS", "parent", "E1", 3).ok());
        auto r = t.a->undo(t.a1);
        REQUIRE(r.ok());
        REQUIRE(load_ratings(*t.a, t.a1).size() == 1);
        CHECK(load_ratings(*t.a, t.a1)[0].value == 5);
        CHECK(load_ratings(*t.a, t.b1)[0].value == 3);
    }
    SECTION("redo a classification after another pass classified") {
        TwoCoders t("redo-class.attune");
        REQUIRE(set_classification(*t.a, t.scheme, t.a1, {"B3", {}, {}, {}, ""}).ok());
        REQUIRE(t.a->undo(t.a1).value());
        REQUIRE(set_classification(*t.b, t.scheme, t.b1, {"A1", {}, {}, {}, ""}).ok());
        auto r = t.a->redo(t.a1);
        REQUIRE(r.ok());
        CHECK(load_classification(*t.a, t.scheme, t.a1)->code == "B3");
        CHECK(load_classification(*t.a, t.scheme, t.b1)->code == "A1");
    }
    SECTION("one coder moving between two sessions") {
        TwoCoders t("two-sessions.attune");
        const int64_t a2 = t.pass(*t.a, t.s2, "coder-a", PassRole::Primary);
        EventLog(*t.a, t.scheme, t.a1).code("FUSS", {10, 333333}).value();
        REQUIRE(t.a->undo(t.a1).value());
        EventLog(*t.a, t.scheme, a2).code("CRY", {20, 666666}).value();
        auto r = t.a->redo(t.a1);
        REQUIRE(r.ok());
        CHECK(behaviours(*t.a, t.scheme, t.a1) == std::vector<std::string>{"FUSS"});
        CHECK(behaviours(*t.a, t.scheme, a2) == std::vector<std::string>{"CRY"});
    }
    SECTION("a coder's primary pass, then the same session's consensus pass") {
        // (was her reliability pass: a session's primary and reliability coders must now
        // differ, see study_test "primary and reliability coders ... the same person")
        TwoCoders t("primary-consensus.attune");
        const int64_t rel = t.pass(*t.a, t.s2, "coder-a", PassRole::Consensus);
        const int64_t prim = t.pass(*t.a, t.s2, "coder-a", PassRole::Primary);
        EventLog(*t.a, t.scheme, prim).code("FUSS", {10, 333333}).value();
        REQUIRE(t.a->undo(prim).value());
        EventLog(*t.a, t.scheme, rel).code("CRY", {20, 666666}).value();
        auto r = t.a->redo(prim);
        REQUIRE(r.ok());
        CHECK(behaviours(*t.a, t.scheme, prim) == std::vector<std::string>{"FUSS"});
        CHECK(behaviours(*t.a, t.scheme, rel) == std::vector<std::string>{"CRY"});
    }
}

TEST_CASE("a replay onto a row changed since is refused with a message, not an exception",
          "[study][undo]") {
    SECTION("an undo of an event another program moved since") {
        TwoCoders t("conflict.attune");
        EventLog la(*t.a, t.scheme, t.a1);
        const int64_t id = la.code("FUSS", {10, 333333})->event_id;
        la.code("FUSS", {40, 1333333}).value();  // stops it at 40
        // A supervisor's import moves the same event.
        REQUIRE(
            t.b->change(
                   "import 1 events", t.a1,
                   [&](sql::Db& db) {
                       db.prepare(
                             "UPDATE event SET start_frame = 12, start_us = 400000 WHERE id = ?")
                           .bind(1, id)
                           .run();
                       return ok_status();
                   })
                .ok());
        auto r = t.a->undo(t.a1, Whose::Mine);
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.error().message, Catch::Contains("Cannot undo \"FUSS\"") &&
                                          Catch::Contains("changed since by coder-b") &&
                                          Catch::Contains("import 1 events") &&
                                          Catch::Contains("Nothing was undone"));
        const auto events = la.events();
        REQUIRE(events.size() == 1);
        CHECK(events[0].start_frame == 12);
        CHECK(events[0].stop_frame == 40);
        // Refused again, the same way, on every later try.
        CHECK_FALSE(t.a->undo(t.a1, Whose::Mine).ok());
    }
    SECTION("a redo of an insert onto an id another row holds (as format 2 reused them)") {
        TwoCoders u("conflict-insert.attune");
        EventLog lu(*u.a, u.scheme, u.a1);
        const int64_t e = lu.code("FUSS", {10, 333333})->event_id;
        REQUIRE(u.a->undo(u.a1).value());
        REQUIRE(u.b->change(
                       "old-format insert", u.b1,
                       [&](sql::Db& db) {
                           db.prepare(
                                 "INSERT INTO event (id, pass_id, subject, behaviour, start_frame, "
                                 "start_us) VALUES (?, ?, 'child', 'CRY', 20, 666666)")
                               .bind_all(e, u.b1)
                               .run();
                           return ok_status();
                       })
                    .ok());
        auto redo = u.a->redo(u.a1);
        REQUIRE_FALSE(redo.ok());
        CHECK_THAT(redo.error().message, Catch::Contains("Cannot redo \"FUSS\"") &&
                                             Catch::Contains("changed since by coder-b"));
        CHECK(lu.events().empty());
        CHECK(behaviours(*u.a, u.scheme, u.b1) == std::vector<std::string>{"CRY"});
    }
}

TEST_CASE("the workstation's undo covers only this coder's changes made with this program",
          "[study][undo]") {
    TwoCoders t("mine.attune");
    EventLog la(*t.a, t.scheme, t.a1);
    t.a->set_program("attune");
    la.code("FUSS", {10, 333333}).value();
    // A supervisor's CLI import into the same pass, which the coder's screen never showed.
    auto supervisor = Study::open(t.path, "supervisor");
    REQUIRE(supervisor.ok());
    supervisor->set_program("attune-cli");
    REQUIRE(EventLog(*supervisor, t.scheme, t.a1)
                .add_all({Event{0, t.a1, "child", "CRY", 100, 3333333, 120, 4000000, {}, ""}})
                .ok());
    auto r = t.a->undo(t.a1, Whose::Mine);
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    CHECK((*r)->label == "FUSS");  // her own change, not the import
    CHECK(behaviours(*t.a, t.scheme, t.a1) == std::vector<std::string>{"CRY"});
    auto nothing = t.a->undo(t.a1, Whose::Mine);
    REQUIRE(nothing.ok());
    CHECK_FALSE(nothing->has_value());
    // The import is reverted only by naming it.
    const int64_t import_id =
        count(*t.a, "SELECT id FROM change_set WHERE label LIKE 'import%' AND who = 'supervisor'");
    auto reverted = t.a->revert(import_id);
    REQUIRE(reverted.ok());
    CHECK(reverted->label == "import 1 events");
    CHECK(behaviours(*t.a, t.scheme, t.a1).empty());
    CHECK_FALSE(t.a->revert(import_id).ok());  // already reverted
}

namespace {
// (type, name, sql) of every schema object, sorted: the shape of a study file.
std::vector<std::string> schema_of(Study& s) {
    std::vector<std::string> out;
    auto q = study_db(s).prepare(
        "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema ORDER BY 1");
    while (q.step()) out.push_back(q.text(0));
    return out;
}
}  // namespace

TEST_CASE("a study written by the format-1 code upgrades to exactly a new study's shape",
          "[study][migration]") {
    // Built from a pinned script (tests/fixtures/format1-study.sql), never from today's
    // migration code: if that code's format-1 SQL changed, new studies and upgraded ones
    // would differ, and this test says so.
    std::ifstream in(std::string(ATTUNE_FIXTURE_DIR) + "/format1-study.sql");
    REQUIRE(in);
    std::stringstream script;
    script << in.rdbuf();
    const std::string path = fresh_path("format1.attune");
    {
        auto db = sql::Db::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        REQUIRE(db.ok());
        db->exec(script.str());
    }
    auto old = Study::open(path, "t");
    REQUIRE(old.ok());
    CHECK(old->format_version() == Study::kFormatVersion);
    CHECK_THAT(old->notices().at(0),
               Catch::Contains("from study format 1 to " + std::to_string(Study::kFormatVersion)));
    auto fresh = Study::create(fresh_path("fresh.attune"), "fresh", "t");
    REQUIRE(fresh.ok());
    CHECK(schema_of(*old) == schema_of(*fresh));
    // Every row is still there, and ids the audit log has seen are never handed out again.
    CHECK(count(*old, "SELECT count(*) FROM session") == 2);
    CHECK(count(*old, "SELECT count(*) FROM event") == 3);
    CHECK(count(*old, "SELECT value FROM rating WHERE scale = 'PS'") == 6);
    CHECK(count(*old, "SELECT count(*) FROM classification WHERE code = 'B3'") == 1);
    CHECK(count(*old, "SELECT count(*) FROM audit") >= 15);
    REQUIRE(old->change(
                   "add", 1,
                   [](sql::Db& db) {
                       db.exec(
                           "INSERT INTO event (pass_id, subject, behaviour, start_frame, start_us) "
                           "VALUES (1, 'child', 'FUSS', 200, 6666666)");
                       return ok_status();
                   })
                .ok());
    // Format 1 gave the deleted event 3 id to the next insert; from now on ids only grow.
    CHECK(count(*old, "SELECT max(id) FROM event") == 4);
}

TEST_CASE("reverting a change whose rows now hold rows added since is refused, never a cascade",
          "[study][undo]") {
    TwoCoders t("cascade.attune");
    // A supervisor adds a session; a coder then codes in a pass of it.
    const int64_t session = *add_session(*t.b, {0, "P09", "S9", {}, {}, {}, {}, {}});
    const int64_t pass = t.pass(*t.a, session, "coder-a", PassRole::Primary);
    EventLog(*t.a, t.scheme, pass).code("FUSS", {10, 333333}).value();
    const int64_t added = count(*t.a, "SELECT id FROM change_set WHERE label = 'add session S9'");
    REQUIRE(added > 0);
    auto r = t.a->revert(added);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("Cannot undo \"add session S9\"") &&
                                      Catch::Contains("now holds rows added since") &&
                                      Catch::Contains("Nothing was undone"));
    CHECK(behaviours(*t.a, t.scheme, pass) == std::vector<std::string>{"FUSS"});
    CHECK(find_session(*t.a, "S9").has_value());
    CHECK(t.a->all_saved());  // a refusal, not a failed write
}
