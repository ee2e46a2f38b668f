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
