// attune-cli's supervisor commands (issue 12 points 7 and 8): sign-off locks a pass for
// every command that writes (import, ratings, classification, revert), unlocking needs a
// reason, and `audit verify` names the first audit row changed behind the program's back.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "attune/coding/sqlite.hpp"
#include "cli_support.hpp"
#include "scratch_mount.hpp"

using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

const std::string kScheme = ATTUNE_SCHEMA_DIR "/ssp-infant.json";

std::string dir() {
    return scratch_folder("attune-cli-review-test");
}

// A study whose session P01 has ab's primary pass with one rating and three events.
std::string coded_study(const std::string& name) {
    const std::string path = dir() + "/" + name;
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path + ext);
    REQUIRE(cli({"--user", "sup", "study", "create", path, "--name", "review", "--scheme", kScheme})
                .exit_code == 0);
    REQUIRE(cli({"session", "add", path, "--label", "P01", "--participant", "P01"}).exit_code == 0);
    REQUIRE(cli({"--user", "ab", "rating", "set", path, "--session", "P01", "--coder", "ab",
                 "--scale", "PS", "--target", "parent", "--episode", "E5", "--value", "3"})
                .exit_code == 0);
    std::ofstream(dir() + "/events.csv")
        << "session,participant,coder,pass_role,subject,behaviour,start_frame,start_us,"
           "stop_frame,stop_us,duration_us,comment\n"
           "P01,P01,ab,primary,child,CRY,30,1000000,60,2000000,1000000,\n";
    REQUIRE(cli({"--user", "ab", "events", "import", path, dir() + "/events.csv", "--session",
                 "P01", "--coder", "ab"})
                .exit_code == 0);
    return path;
}

void check_refused(const ProcessResult& r) {
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("this pass is signed off") &&
                             Catch::Contains("attune-cli pass unlock"));
}

}  // namespace

TEST_CASE("attune-cli: a signed-off pass refuses every write until unlocked with a reason",
          "[cli][sign-off]") {
    const std::string study = coded_study("locked.attune");
    const std::vector<std::string> pass = {"--session", "P01", "--coder", "ab"};
    auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    auto own = cli(with({"--user", "ab", "pass", "sign-off", study}, pass));
    CHECK(own.exit_code == 1);
    CHECK_THAT(own.output, Catch::Contains("cannot sign it off"));
    REQUIRE(cli(with({"--user", "sup", "pass", "sign-off", study}, pass)).exit_code == 0);

    check_refused(cli(with({"--user", "ab", "rating", "set", study, "--scale", "PS", "--target",
                            "parent", "--episode", "E5", "--value", "4"},
                           pass)));
    check_refused(
        cli(with({"--user", "ab", "classification", "set", study, "--code", "B3"}, pass)));
    check_refused(cli(with(
        {"--user", "ab", "events", "import", study, dir() + "/events.csv", "--replace"}, pass)));
    // The import's change, reverted: refused too.
    const std::string changes = cli({"changes", study, "--format", "csv"}).output;
    const auto import_row = changes.rfind('\n', changes.find("import"));
    REQUIRE(import_row != std::string::npos);
    const std::string import_change =
        changes.substr(import_row + 1, changes.find(',', import_row) - import_row - 1);
    check_refused(cli({"--user", "ab", "revert", study, "--change", import_change}));

    auto no_reason = cli(with({"--user", "sup", "pass", "unlock", study, "--reason", " "}, pass));
    CHECK(no_reason.exit_code == 1);
    CHECK_THAT(no_reason.output, Catch::Contains("say why"));
    REQUIRE(cli(with({"--user", "sup", "pass", "unlock", study, "--reason", "recode E5"}, pass))
                .exit_code == 0);
    CHECK(cli(with({"--user", "ab", "rating", "set", study, "--scale", "PS", "--target", "parent",
                    "--episode", "E5", "--value", "4"},
                   pass))
              .exit_code == 0);
    // Both decisions are in the audit log, under the pass.
    auto log = cli(with({"audit", "list", study, "--format", "csv"}, pass));
    REQUIRE(log.exit_code == 0);
    CHECK_THAT(log.output, Catch::Contains(",sup,do,sign_off,insert,1,1,sign off pass") &&
                               Catch::Contains(",sup,do,sign_off,insert,2,1,unlock pass"));
}

TEST_CASE("attune-cli audit verify: exit 0 on an intact chain, 1 naming the first row edited",
          "[cli][audit]") {
    const std::string study = coded_study("tampered.attune");
    auto intact = cli({"audit", "verify", study});
    INFO(intact.output);
    CHECK(intact.exit_code == 0);
    CHECK_THAT(intact.output, Catch::Contains("The audit log is intact"));
    {
        auto db = attune::sql::Db::open(study, SQLITE_OPEN_READWRITE);
        REQUIRE(db.ok());
        db->exec("DROP TRIGGER audit_is_append_only_u");
        db->exec(
            "UPDATE audit SET new_row = replace(new_row, '\"value\":3', '\"value\":7') "
            "WHERE table_name = 'rating'");
    }
    auto broken = cli({"audit", "verify", study});
    INFO(broken.output);
    CHECK(broken.exit_code == 1);
    CHECK_THAT(broken.output, Catch::Contains("The audit log is broken at row") &&
                                  Catch::Contains("insert of rating row 1") &&
                                  Catch::Contains("no longer matches its hash"));
}

TEST_CASE(
    "attune-cli comment: threads on an event, a rating cell and the classification, "
    "replies, hidden from a blind coder",
    "[cli][comments]") {
    const std::string study = coded_study("comments.attune");
    const std::vector<std::string> pass = {"--session", "P01", "--coder", "ab"};
    auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    auto on_event = cli(with({"--user", "sup", "comment", "add", study, "--event", "30", "--text",
                              "starts two frames earlier?"},
                             pass));
    INFO(on_event.output);
    REQUIRE(on_event.exit_code == 0);
    CHECK_THAT(on_event.output, Catch::Contains("comment 1 on event "));
    REQUIRE(cli(with({"--user", "sup", "comment", "add", study, "--rating", "PS/parent/E5",
                      "--text", "why 3?"},
                     pass))
                .exit_code == 0);
    REQUIRE(cli(with({"--user", "sup", "comment", "add", study, "--classification", "--text",
                      "B3 or B4"},
                     pass))
                .exit_code == 0);
    const auto reply = cli({"--user", "ab", "comment", "reply", study, "1", "--text", "moved it"});
    INFO(reply.output);
    CHECK(reply.exit_code == 0);
    CHECK_THAT(reply.output, Catch::Contains("comment 4 in thread 1"));

    const auto none =
        cli(with({"--user", "sup", "comment", "add", study, "--event", "31", "--text", "x"}, pass));
    CHECK(none.exit_code == 1);
    CHECK_THAT(none.output, Catch::Contains("no event of the pass starts on frame 31"));
    for (const char* cell : {"PS//E5", "PS/parent", "/parent/E5", "PS/parent/", "PS/parent/E5/x"}) {
        const auto bad = cli(with(
            {"--user", "sup", "comment", "add", study, "--rating", cell, "--text", "x"}, pass));
        INFO(cell);
        CHECK(bad.exit_code == 1);
        CHECK_THAT(bad.output, Catch::Contains("--rating takes SCALE/TARGET/EPISODE"));
    }
    const auto two = cli(with({"--user", "sup", "comment", "add", study, "--event", "30",
                               "--classification", "--text", "x"},
                              pass));
    CHECK(two.exit_code == 1);
    CHECK_THAT(two.output, Catch::Contains("say what the comment is about"));

    const auto list = cli({"--user", "sup", "comment", "list", study, "--format", "csv"});
    INFO(list.output);
    REQUIRE(list.exit_code == 0);
    CHECK_THAT(list.output,
               Catch::Contains("1,1,P01,ab,primary,event CRY (child) at frame 30,sup,") &&
                   Catch::Contains(",starts two frames earlier?"));
    CHECK_THAT(list.output,
               Catch::Contains("4,1,P01,ab,primary,event CRY (child) at frame 30,ab,"));
    CHECK_THAT(list.output, Catch::Contains("2,2,P01,ab,primary,rating PS/parent/E5,sup,"));
    CHECK_THAT(list.output, Catch::Contains("3,3,P01,ab,primary,classification,sup,"));

    // cd codes P01's reliability pass: blind to ab's pass, its comments too.
    REQUIRE(cli({"--user", "cd", "rating", "set", study, "--session", "P01", "--coder", "cd",
                 "--role", "reliability", "--scale", "PS", "--target", "parent", "--episode", "E5",
                 "--value", "4"})
                .exit_code == 0);
    const auto blind = cli({"--user", "cd", "comment", "list", study, "--format", "csv"});
    INFO(blind.output);
    CHECK(blind.exit_code == 0);
    CHECK_THAT(blind.output, !Catch::Contains("starts two frames earlier"));
    CHECK_THAT(blind.output, Catch::Contains("left out"));
    const auto blind_reply = cli({"--user", "cd", "comment", "reply", study, "1", "--text", "x"});
    CHECK(blind_reply.exit_code == 1);
    CHECK_THAT(blind_reply.output, Catch::Contains("blind"));
}

TEST_CASE("attune-cli audit verify: data changed behind the audit triggers' back is named",
          "[cli][audit]") {
    const std::string study = coded_study("data-tampered.attune");
    CHECK(cli({"audit", "verify", study}).exit_code == 0);
    {
        auto db = attune::sql::Db::open(study, SQLITE_OPEN_READWRITE);
        REQUIRE(db.ok());
        for (const char* t : {"audit_rating_update", "audit_event_delete", "audit_event_insert"})
            db->exec(std::string("DROP TRIGGER ") + t);
        db->exec("UPDATE rating SET value = 6 WHERE id = 1");
        db->exec("DELETE FROM event WHERE start_frame = 30");
        db->exec(
            "INSERT INTO event (pass_id, start_frame, start_us, stop_frame, stop_us, subject, "
            "behaviour, modifiers, comment) SELECT pass_id, 90, 3000000, 90, 3000000, 'child', "
            "'FUSS', '{}', '' FROM rating WHERE id = 1");
    }
    auto r = cli({"audit", "verify", study});
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("the study's data does not match it"));
    CHECK_THAT(r.output, Catch::Contains("rating row 1 differs from its last audited image") &&
                             Catch::Contains("in column value"));
    CHECK_THAT(r.output, Catch::Contains("event row 1 is gone although no audit row deleted it"));
    CHECK_THAT(r.output, Catch::Contains("event row 2 is in no audit row"));
}
