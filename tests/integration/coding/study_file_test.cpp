// The study file when the disk, the file or another program gets in the way (issue 9,
// points 3 to 6): every failure is a message that says what to do, never an exception;
// what was committed stays; "all saved" is true only when it is; opening never changes
// or misreads a file; a replaced file is never written to.
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "attune/coding/event_log.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/study.hpp"
#include "process.hpp"
#include "scratch_mount.hpp"
#include "skip.hpp"
#include "study_access.hpp"

using namespace attune;
using attune::testing::ScratchMount;
using attune::testing::skip_reason;
namespace fs = std::filesystem;

namespace {

std::string fresh_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / "attune-study-file" / name;
    // A run that died while a file was made immutable (chattr +i below) must not block this one.
    if (fs::exists(dir))
        (void)attune::testing::run_process({"chattr", "-R", "-i", dir.string()}, 30);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

Scheme ssp() {
    return load_scheme_file(std::string(ATTUNE_SCHEMA_DIR) + "/ssp-infant.json").value();
}

// A study at `path` with one session and one pass; returns the pass id.
int64_t make_study(const std::string& path, const Scheme& scheme) {
    auto s = Study::create(path, "trust", "coder");
    REQUIRE(s.ok());
    const int64_t snap = *add_scheme_snapshot(*s, scheme);
    const int64_t session = *add_session(*s, {0, "P01", "S1", {}, {}, {}, {}, {}});
    return *ensure_pass(*s, session, "coder", PassRole::Primary, snap);
}

FrameTime at(int64_t frame) {
    return {frame, frame * 1000000 / 30};
}

int64_t events_in(const std::string& path) {
    auto db = sql::Db::open(path, SQLITE_OPEN_READONLY);
    REQUIRE(db.ok());
    auto q = db->prepare("SELECT count(*) FROM event");
    REQUIRE(q.step());
    return q.int64(0);
}

std::string integrity(Study& s) {
    auto q = study_db(s).prepare("PRAGMA integrity_check");
    return q.step() ? q.text(0) : "no answer";
}

// chattr +i: not even root may write the file; cleared again on scope exit.
struct Immutable {
    std::vector<std::string> paths;
    bool ok = true;
    explicit Immutable(std::vector<std::string> p) : paths(std::move(p)) {
        for (const auto& f : paths) {
            auto r = attune::testing::run_process({"chattr", "+i", f}, 30);
            ok = ok && r && r->exit_code == 0;
        }
    }
    ~Immutable() {
        for (const auto& f : paths) (void)attune::testing::run_process({"chattr", "-i", f}, 30);
    }
};

void write_bytes(const std::string& path, std::streamoff at, const std::string& bytes) {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(at);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE("a full disk refuses the change with a message, coding goes on once there is space",
          "[study][failure]") {
    auto disk = ScratchMount::tmpfs("full", 2);
    if (!disk.ok()) return skip_reason(disk.why_not);
    const Scheme scheme = ssp();
    const std::string path = disk.path + "/full.attune";
    const int64_t pass = make_study(path, scheme);
    auto s = Study::open(path, "coder");
    REQUIRE(s.ok());
    EventLog log(*s, scheme, pass);
    {  // fill the disk to the last byte
        std::ofstream filler(disk.path + "/filler", std::ios::binary);
        const std::string block(4096, 'x');
        for (int i = 0; i < 4096 && filler.write(block.data(), block.size()); ++i) {
        }
    }
    std::optional<std::string> refused;
    int coded = 0;
    for (int i = 0; i < 20000 && !refused; ++i) {
        auto r = log.code("P_GREET", at(i));
        if (r)
            ++coded;
        else
            refused = r.error().message;
    }
    REQUIRE(refused);
    CHECK_THAT(*refused, Catch::Contains("is full") && Catch::Contains("Free some space") &&
                             Catch::Contains("Nothing of this change was saved"));
    CHECK_FALSE(s->all_saved());
    CHECK(static_cast<int>(log.events().size()) == coded);  // every committed one, no more
    fs::remove(disk.path + "/filler");
    REQUIRE(log.code("P_GREET", at(90000)).ok());
    CHECK(s->all_saved());
    CHECK(integrity(*s) == "ok");
}

TEST_CASE("a read-only study opens to be looked at, every change is refused with a message",
          "[study][failure]") {
    const Scheme scheme = ssp();
    const std::string path = fresh_dir("read-only") + "/ro.attune";
    const int64_t pass = make_study(path, scheme);
    Immutable frozen({path});
    if (!frozen.ok) return skip_reason("chattr +i is not available on " + path);
    auto s = Study::open(path, "coder");
    REQUIRE(s.ok());
    REQUIRE(s->write_block());
    CHECK_THAT(*s->write_block(), Catch::Contains("read-only"));
    CHECK_FALSE(s->all_saved());
    auto r = EventLog(*s, scheme, pass).code("P_GREET", at(10));
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("read-only") && Catch::Contains("copy it"));
    CHECK(EventLog(*s, scheme, pass).events().empty());
    CHECK_FALSE(s->undo(pass).ok());
}

TEST_CASE("a study that becomes unwritable mid-session refuses the change, keeps what was saved",
          "[study][failure]") {
    const Scheme scheme = ssp();
    const std::string path = fresh_dir("io-error") + "/io.attune";
    const int64_t pass = make_study(path, scheme);
    auto s = Study::open(path, "coder");
    REQUIRE(s.ok());
    EventLog log(*s, scheme, pass);
    REQUIRE(log.code("P_GREET", at(10)).ok());
    std::optional<std::string> refused;
    {
        Immutable frozen({path, path + "-wal"});
        if (!frozen.ok) return skip_reason("chattr +i is not available on " + path);
        auto r = log.code("P_GREET", at(20));
        if (!r) refused = r.error().message;
        CHECK_FALSE(s->all_saved());
    }
    REQUIRE(refused);
    CHECK_THAT(*refused, Catch::Contains("could not be written") &&
                             Catch::Contains("Nothing of this change was saved"));
    // The file is writable again: the next key press is committed, and nothing is lost.
    REQUIRE(log.code("P_GREET", at(30)).ok());
    CHECK(s->all_saved());
    CHECK(log.events().size() == 2);
    CHECK(integrity(*s) == "ok");
}

TEST_CASE("another program holding the write lock refuses the change quickly, with a message",
          "[study][failure]") {
    const Scheme scheme = ssp();
    const std::string path = fresh_dir("busy") + "/busy.attune";
    const int64_t pass = make_study(path, scheme);
    auto s = Study::open(path, "coder");
    REQUIRE(s.ok());
    s->set_busy_timeout(200);
    auto importer = sql::Db::open(path, SQLITE_OPEN_READWRITE);
    REQUIRE(importer.ok());
    importer->exec("BEGIN IMMEDIATE");  // an attune-cli import in progress
    auto r = EventLog(*s, scheme, pass).code("P_GREET", at(10));
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message,
               Catch::Contains("Another program is writing") && Catch::Contains("Try again"));
    importer->exec("COMMIT");
    REQUIRE(EventLog(*s, scheme, pass).code("P_GREET", at(10)).ok());
    CHECK(s->all_saved());
}

TEST_CASE("a page damaged mid-session refuses the change with a message, never an exception",
          "[study][failure]") {
    const Scheme scheme = ssp();
    const std::string path = fresh_dir("damaged-mid-session") + "/d.attune";
    const int64_t pass = make_study(path, scheme);
    auto s = Study::open(path, "coder");
    REQUIRE(s.ok());
    EventLog log(*s, scheme, pass);
    REQUIRE(log.code("P_GREET", at(10)).ok());
    study_db(*s).exec("PRAGMA wal_checkpoint(TRUNCATE)");  // the event table's pages in the file
    int64_t root = 0, page_size = 0;
    {
        auto q = study_db(*s).prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'event'");
        REQUIRE(q.step());
        root = q.int64(0);
        page_size = study_db(*s).pragma_int("page_size");
    }
    write_bytes(path, (root - 1) * page_size, std::string(600, '\x5a'));
    // Another program's commit makes this connection read the file again.
    auto other = Study::open(path, "cli");
    REQUIRE_FALSE(other.ok());  // it refuses the damaged file at once
    {
        auto raw = sql::Db::open(path, SQLITE_OPEN_READWRITE);
        raw->exec("PRAGMA user_version = 3");  // a no-op write that bumps the change counter
    }
    auto r = log.code("P_GREET", at(20));
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("is damaged") && Catch::Contains(".recover"));
    CHECK_FALSE(s->all_saved());
}

TEST_CASE("opening says what is wrong with a damaged file, one message per kind of damage",
          "[study][failure]") {
    const Scheme scheme = ssp();
    const std::string dir = fresh_dir("damage");
    const std::string good = dir + "/good.attune";
    make_study(good, scheme);
    const auto size = fs::file_size(good);
    auto copy = [&](const std::string& name) {
        const std::string p = dir + "/" + name;
        fs::copy_file(good, p, fs::copy_options::overwrite_existing);
        return p;
    };
    auto refused = [](const std::string& p) {
        auto s = Study::open(p, "t");
        REQUIRE_FALSE(s.ok());
        return s.error().message;
    };
    SECTION("empty") {
        const std::string p = dir + "/empty.attune";
        std::ofstream(p).close();
        CHECK_THAT(refused(p), Catch::Contains("is empty (0 bytes)"));
        CHECK(fs::file_size(p) == 0);
    }
    SECTION("truncated") {
        const std::string p = copy("truncated.attune");
        fs::resize_file(p, size / 2);
        CHECK_THAT(refused(p), Catch::Contains("is truncated") && Catch::Contains("backup"));
        CHECK(fs::file_size(p) == size / 2);
    }
    SECTION("tampered format number") {
        const std::string p = copy("tampered.attune");
        write_bytes(p, 60, std::string("\xff\xff\xff\xf0", 4));  // user_version = -16
        CHECK_THAT(refused(p), Catch::Contains("format number (-16)"));
    }
    SECTION("malformed page") {
        const std::string p = copy("malformed.attune");
        int64_t root = 0, page_size = 0;
        {
            auto db = sql::Db::open(p, SQLITE_OPEN_READONLY);
            auto q = db->prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'session'");
            REQUIRE(q.step());
            root = q.int64(0);
            page_size = db->pragma_int("page_size");
        }
        write_bytes(p, (root - 1) * page_size, std::string(600, '\x5a'));  // its page header
        CHECK_THAT(refused(p), Catch::Contains("is damaged") && Catch::Contains(".recover"));
    }
    SECTION("Attune's mark on a database that is not a study") {
        const std::string p = dir + "/marked.attune";
        {
            auto db = sql::Db::open(p, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
            db->exec("PRAGMA application_id = " + std::to_string(Study::kApplicationId) +
                     "; PRAGMA user_version = 1; CREATE TABLE notes (x INTEGER);");
        }
        CHECK_THAT(refused(p), Catch::Contains("is not an Attune study (its tables are missing)"));
        auto db = sql::Db::open(p, SQLITE_OPEN_READONLY);
        CHECK(db->pragma_int("user_version") == 1);  // not migrated
    }
    SECTION("a folder where the journal files cannot be created") {
        auto disk = ScratchMount::tmpfs("ro-folder", 4);
        if (!disk.ok()) return skip_reason(disk.why_not);
        fs::copy_file(good, disk.path + "/s.attune");
        auto r = attune::testing::run_process({"mount", "-o", "remount,ro", disk.path}, 30);
        if (!r || r->exit_code != 0) return skip_reason("cannot remount the tmpfs read-only");
        CHECK_THAT(refused(disk.path + "/s.attune"),
                   Catch::Contains("does not let Attune create the study's journal files") &&
                       Catch::Contains("write permission on the folder"));
    }
}

TEST_CASE("a network filesystem is recognised (WAL is unsafe there)", "[study]") {
    CHECK(is_network_filesystem(0x6969));            // NFS
    CHECK(is_network_filesystem(0xFF534D42));        // CIFS
    CHECK(is_network_filesystem(0xFE534D42));        // SMB2
    CHECK_FALSE(is_network_filesystem(0xEF53));      // ext4
    CHECK_FALSE(is_network_filesystem(0x01021994));  // tmpfs
}

TEST_CASE("a create that fails leaves nothing behind", "[study][failure]") {
    auto disk = ScratchMount::tmpfs("create", 1);
    if (!disk.ok()) return skip_reason(disk.why_not);
    {
        std::ofstream filler(disk.path + "/filler", std::ios::binary);
        const std::string block(4096, 'x');
        for (int i = 0; i < 1024 && filler.write(block.data(), block.size()); ++i) {
        }
    }
    auto s = Study::create(disk.path + "/new.attune", "n", "t");
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.error().message, Catch::Contains("cannot create the study"));
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(disk.path))
        if (e.path().filename() != "filler") left.push_back(e.path().filename().string());
    CHECK(left.empty());
}

TEST_CASE("opening while another program writes never mistakes a healthy study for a damaged one",
          "[study]") {
    const Scheme scheme = ssp();
    const std::string path = fresh_dir("concurrent") + "/c.attune";
    const int64_t pass = make_study(path, scheme);
    std::atomic<bool> stop = false;
    std::thread writer([&] {
        auto w = Study::open(path, "writer");
        EventLog log(*w, scheme, pass);
        for (int i = 0; !stop; ++i) {
            (void)log.code("P_GREET", at(i));
            try {
                if (i % 20 == 0) study_db(*w).exec("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (const sql::SqlError&) {  // a reader in the way: the next one will do
            }
        }
    });
    int failures = 0;
    std::string first_failure;
    for (int i = 0; i < 150; ++i) {
        auto s = Study::open(path, "reader");
        if (!s.ok() && failures++ == 0) first_failure = s.error().message;
    }
    stop = true;
    writer.join();
    INFO(first_failure);
    CHECK(failures == 0);
}

TEST_CASE("another program's commits are seen, a replaced study file is never written to",
          "[study]") {
    const Scheme scheme = ssp();
    const std::string dir = fresh_dir("replaced");
    const std::string path = dir + "/shared.attune";
    const int64_t pass = make_study(path, scheme);
    auto mine = Study::open(path, "coder");
    REQUIRE(mine.ok());
    EventLog log(*mine, scheme, pass);
    REQUIRE(log.code("P_GREET", at(10)).ok());

    SECTION("another writer bumps data_version") {
        const int64_t before = mine->data_version();
        auto other = Study::open(path, "cli");
        REQUIRE(EventLog(*other, scheme, pass).code("P_GREET", at(20)).ok());
        CHECK(mine->data_version() != before);
        CHECK(log.events().size() == 2);
    }
    SECTION("a sync client renames a colleague's version over it") {
        const std::string theirs = dir + "/theirs.attune";
        const int64_t their_pass = make_study(theirs, scheme);
        {
            auto t = Study::open(theirs, "colleague");
            EventLog their_log(*t, scheme, their_pass);
            for (int i = 0; i < 150; ++i) REQUIRE(their_log.code("P_GREET", at(i)).ok());
        }
        fs::rename(theirs, path);
        auto r = log.code("P_GREET", at(30));
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.error().message,
                   Catch::Contains("was replaced or moved on disk") && Catch::Contains("Reopen"));
        CHECK(mine->replaced_on_disk());
        CHECK_FALSE(mine->all_saved());
        mine = Error{"closed"};  // closing must not touch the file now at the path
        CHECK(events_in(path) == 150);
        auto reopened = Study::open(path, "coder");
        REQUIRE(reopened.ok());
        CHECK(integrity(*reopened) == "ok");
        // The window's own work was copied beside it.
        int rescued = 0;
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().filename().string().find("shared.attune.unsaved-") == 0) {
                ++rescued;
                CHECK(events_in(e.path().string()) == 1);
            }
        CHECK(rescued == 1);
    }
}

TEST_CASE("after a checkpoint the .attune file alone holds every change, a backup is whole",
          "[study]") {
    const Scheme scheme = ssp();
    const std::string dir = fresh_dir("checkpoint");
    const std::string path = dir + "/s.attune";
    const int64_t pass = make_study(path, scheme);
    auto s = Study::open(path, "coder");
    REQUIRE(s.ok());
    EventLog log(*s, scheme, pass);
    for (int i = 0; i < 25; ++i) REQUIRE(log.code("P_GREET", at(i * 3)).ok());
    auto whole = s->checkpoint();
    REQUIRE(whole.ok());
    REQUIRE(*whole);  // no reader in the way: the whole log is in the file
    fs::copy_file(path, dir + "/copy.attune");  // the file alone, as a careless copy takes it
    CHECK(events_in(dir + "/copy.attune") == 25);
    REQUIRE(s->backup_to(dir + "/backup.attune").ok());
    CHECK(events_in(dir + "/backup.attune") == 25);
    CHECK_FALSE(fs::exists(dir + "/backup.attune.partial"));
    CHECK_FALSE(s->backup_to(dir + "/backup.attune").ok());  // never over an existing file
}
