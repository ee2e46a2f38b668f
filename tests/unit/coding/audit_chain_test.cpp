// The audit log's hash chain (study format 4) and `verify_audit_chain`: a row changed,
// removed or put out of order behind the program's back is named by its id.
#include <catch2/catch.hpp>
#include <filesystem>

#include "attune/coding/audit_trail.hpp"
#include "attune/coding/event_log.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/sha256.hpp"
#include "attune/coding/sign_off.hpp"
#include "pass_fixture.hpp"
#include "study_access.hpp"

using namespace attune;
using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

std::string fresh_path(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / "attune-unit" / "audit";
    fs::create_directories(dir);
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().filename().string().rfind(name, 0) == 0) fs::remove(entry.path());
    return (dir / name).string();
}

int64_t scalar(Study& s, const std::string& sql) {
    auto q = study_db(s).prepare(sql);
    REQUIRE(q.step());
    return q.int64(0);
}

// A study file with a session, a pass and a few events: about a dozen audit rows.
std::string coded_study(const std::string& name) {
    const std::string path = fresh_path(name);
    auto study = Study::create(path, "audit", "coder-a");
    REQUIRE(study.ok());
    const Scheme scheme = tiny_scheme();
    const int64_t snap = *add_scheme_snapshot(*study, scheme);
    const int64_t session = *add_session(*study, {0, "P01", "P01-T1", {}, {}, {}, {}, {}});
    const int64_t pass = *ensure_pass(*study, session, "coder-a", PassRole::Primary, snap);
    EventLog log(*study, scheme, pass);
    for (int f : {30, 60, 90}) REQUIRE(log.code("CRY", at_frame(f)).ok());
    return path;
}

// What another program could do to the file: plain SQLite, the append-only guards dropped.
void tamper(const std::string& path, const std::string& sql) {
    auto db = sql::Db::open(path, SQLITE_OPEN_READWRITE);
    REQUIRE(db.ok());
    db->exec("DROP TRIGGER audit_is_append_only_u; DROP TRIGGER audit_is_append_only_d;");
    db->exec(sql);
}

AuditVerdict verify(const std::string& path) {
    auto study = Study::open(path, "supervisor");
    REQUIRE(study.ok());
    auto v = verify_audit_chain(*study);
    REQUIRE(v.ok());
    return *v;
}

}  // namespace

TEST_CASE("every audit row holds the hash of its content and of the row before it",
          "[study][audit]") {
    PassFixture f;
    REQUIRE(f.log().code("CRY", at_frame(10)).ok());
    auto& db = study_db(f.study);
    CHECK(scalar(f.study, "SELECT count(*) FROM audit WHERE hash IS NULL OR length(hash) != 64") ==
          0);
    CHECK(scalar(f.study, "SELECT count(*) FROM audit WHERE id = 1 AND prev_hash IS NULL") == 1);
    CHECK(scalar(f.study,
                 "SELECT count(*) FROM audit a JOIN audit b ON b.id = a.id + 1 "
                 "WHERE b.prev_hash IS NOT a.hash") == 0);
    // The hash is SHA-256 of the fields in order, each written as n; / i<digits>; / t<bytes>:text.
    auto row = db.prepare(
        "SELECT id, at, who, change_id, action, table_name, row_id, op, new_row, hash FROM audit "
        "WHERE id = 1");
    REQUIRE(row.step());
    auto text = [](const std::string& t) { return "t" + std::to_string(t.size()) + ":" + t; };
    const std::string content =
        "i1;" + text(row.text(1)) + text(row.text(2)) +
        (row.is_null(3) ? std::string("n;") : "i" + std::to_string(row.int64(3)) + ";") +
        text(row.text(4)) + text(row.text(5)) + "i" + std::to_string(row.int64(6)) + ";" +
        text(row.text(7)) + "n;" + text(row.text(8)) + "n;";
    CHECK(row.text(9) == sha256_hex(content));
    auto v = verify_audit_chain(f.study);
    REQUIRE(v.ok());
    CHECK(v->intact());
    CHECK(v->rows == scalar(f.study, "SELECT count(*) FROM audit"));
    CHECK(v->head_hash.size() == 64);
    CHECK_THAT(v->describe(), Catch::Contains("intact") && Catch::Contains(v->head_hash));
    // The chain is written once: the log stays append-only.
    CHECK_THROWS_WITH(db.exec("UPDATE audit SET who = 'x' WHERE id = 1"),
                      Catch::Contains("append-only"));
    CHECK_THROWS_WITH(db.exec("DELETE FROM audit WHERE id = 1"), Catch::Contains("append-only"));
}

TEST_CASE("a row edited behind the program's back is named by verify", "[study][audit]") {
    const std::string path = coded_study("edited.attune");
    REQUIRE(verify(path).intact());
    tamper(path, "UPDATE audit SET who = 'someone-else' WHERE id = 5");
    const auto v = verify(path);
    REQUIRE(v.first_broken);
    CHECK(*v.first_broken == 5);
    CHECK_THAT(v.problem,
               Catch::Contains("audit row 5") && Catch::Contains("no longer matches its hash"));
    CHECK_THAT(v.describe(), Catch::Contains("broken at row 5"));
}

TEST_CASE("a row removed, or one re-hashed to hide an edit, breaks the chain where it was",
          "[study][audit]") {
    SECTION("removed") {
        const std::string path = coded_study("removed.attune");
        tamper(path, "DELETE FROM audit WHERE id = 4");
        const auto v = verify(path);
        REQUIRE(v.first_broken);
        CHECK(*v.first_broken == 5);
        CHECK_THAT(v.problem, Catch::Contains("row 4 before it is missing"));
    }
    SECTION("edited and given a new hash: the next row no longer follows it") {
        const std::string path = coded_study("rehashed.attune");
        tamper(path,
               "UPDATE audit SET who = 'someone-else', hash = 'f00d' || substr(hash, 5) "
               "WHERE id = 6");
        const auto v = verify(path);
        REQUIRE(v.first_broken);
        CHECK(*v.first_broken == 6);  // its own hash does not match its content either
    }
    SECTION(
        "the newest rows removed: the chain is whole but shorter, its head changes, and "
        "the data row they wrote is accounted for by none") {
        const std::string path = coded_study("truncated.attune");
        const auto before = verify(path);
        REQUIRE(before.intact());
        tamper(path, "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)");
        const auto after = verify(path);
        CHECK_FALSE(after.first_broken);
        CHECK(after.rows == before.rows - 1);
        CHECK(after.head_hash != before.head_hash);
        INFO(after.describe());
        REQUIRE(after.rows_unlike_log.size() == 1);
        CHECK_FALSE(after.intact());
    }
}

TEST_CASE("upgrading to format 4 chains the rows already in the audit log", "[study][audit]") {
    Study s = Study::in_memory("t", 3);
    REQUIRE(add_session(s, {0, "P01", "S1", {}, {}, {}, {}, {}}).ok());
    REQUIRE(add_session(s, {0, "P02", "S2", {}, {}, {}, {}, {}}).ok());
    const int64_t rows = scalar(s, "SELECT count(*) FROM audit");
    REQUIRE(rows >= 4);
    CHECK_FALSE(verify_audit_chain(s).ok());  // format 3 has no chain, and says so
    s.migrate_to(4);
    REQUIRE(add_session(s, {0, "P03", "S3", {}, {}, {}, {}, {}}).ok());
    auto v = verify_audit_chain(s);
    REQUIRE(v.ok());
    CHECK(v->intact());
    CHECK(v->rows == scalar(s, "SELECT count(*) FROM audit"));
    CHECK_THAT(v->describe(), Catch::Contains("The " + std::to_string(rows) +
                                              " rows written before the study was upgraded"));
}

TEST_CASE("a study coded at format 3 and upgraded to 5 verifies intact, data and all",
          "[study][audit]") {
    Study s = Study::in_memory("t", 3);
    Session session{0, "P01", "S1", {}, {}, {}, {}, {}};
    session.child_age_months = 13.799342105263158;  // 17 digits: the audit image keeps 15
    const int64_t id = *add_session(s, session);
    const Scheme scheme = tiny_scheme();
    const int64_t snap = *add_scheme_snapshot(s, scheme);
    const int64_t pass = *ensure_pass(s, id, "ab", PassRole::Primary, snap);
    EventLog log(s, scheme, pass);
    REQUIRE(log.code("CRY", at_frame(10)).ok());
    REQUIRE(log.code("CRY", at_frame(40)).ok());  // stops the bout: an update
    REQUIRE(log.code("FUSS", at_frame(50)).ok());
    REQUIRE(s.undo(pass));  // a delete
    REQUIRE(s.redo(pass));  // and the row back
    REQUIRE(s.undo(pass));
    s.migrate_to(4);
    s.migrate_to(5);
    REQUIRE(log.code("FUSS", at_frame(60)).ok());
    auto v = verify_audit_chain(s);
    REQUIRE(v.ok());
    INFO(v->describe());
    CHECK(v->rows_unlike_log.empty());
    CHECK(v->intact());
}

TEST_CASE("the audit view lists who changed what, filtered by pass and by coder",
          "[study][audit]") {
    PassFixture f;
    REQUIRE(f.log().code("CRY", at_frame(10)).ok());
    REQUIRE(add_session(f.study, {0, "P02", "P02-T1", {}, {}, {}, {}, {}}).ok());
    const auto in_pass = audit_entries(f.study, {f.pass, {}, 100, {}});
    REQUIRE_FALSE(in_pass.empty());
    for (const auto& e : in_pass) CHECK(e.pass_id == f.pass);
    CHECK(in_pass.front().table == "event");  // newest first
    CHECK(in_pass.front().who == "tester");
    CHECK(audit_entries(f.study, {{}, std::string("nobody"), 100, {}}).empty());
    // A study-level change about the pass (its sign-off) is listed under the pass too.
    REQUIRE(sign_off_pass(f.study, f.pass).ok());
    const auto after = audit_entries(f.study, {f.pass, {}, 100, {}});
    REQUIRE_FALSE(after.empty());
    CHECK(after.front().table == "sign_off");
    CHECK(after.front().change_label == "sign off pass");
    CHECK(audit_entries(f.study, {{}, {}, 2, {}}).size() == 2);
    // A pass hidden from a blind coder leaves no row, and the limit counts the rows shown.
    const auto seen = audit_entries(f.study, {{}, {}, 3, {f.pass}});
    CHECK(seen.size() == 3);
    for (const auto& e : seen) CHECK(e.pass_id != f.pass);
}
