// Which scheme a new pass gets when none is named: the study's newest snapshot, in
// attune-cli as in the workstation (scheme_for_new_pass). Before, the CLI refused a study
// whose scheme had been updated, while the workstation took the update.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "attune/coding/records.hpp"
#include "cli_support.hpp"

using namespace attune;
using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

const std::string kScheme = ATTUNE_SCHEMA_DIR "/ssp-infant.json";

std::string one_event(const std::string& coder) {
    return "session,participant,coder,pass_role,subject,behaviour,start_frame,start_us,"
           "stop_frame,stop_us,duration_us,comment\n"
           "P01-T1,P01," +
           coder + ",primary,procedure,SESSION_START,0,0,0,0,0,\n";
}

}  // namespace

TEST_CASE("a new pass in the CLI gets the study's updated scheme, as in the workstation",
          "[cli][scheme]") {
    const std::string dir = scratch_folder("attune-new-pass-scheme-test");
    const std::string study = dir + "/updated.attune";
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(study + ext);
    REQUIRE(cli({"--user", "tester", "study", "create", study, "--name", "x", "--scheme", kScheme})
                .exit_code == 0);
    REQUIRE(cli({"session", "add", study, "--label", "P01-T1", "--participant", "P01"}).exit_code ==
            0);

    // The lab updates its scheme: the first pass coded with the update stores it.
    std::string text = read_file(kScheme);
    text.replace(text.find(R"("version": "1.0.0")"), 18, R"("version": "1.0.1")");
    const std::string updated = dir + "/ssp-infant-1.0.1.json";
    std::ofstream(updated, std::ios::binary) << text;
    const std::string ab = dir + "/ab.csv", cd = dir + "/cd.csv";
    std::ofstream(ab, std::ios::binary) << one_event("ab");
    std::ofstream(cd, std::ios::binary) << one_event("cd");
    auto first = cli({"events", "import", study, ab, "--session", "P01-T1", "--coder", "ab",
                      "--scheme", updated});
    INFO(first.output);
    REQUIRE(first.exit_code == 0);

    // The next new pass names no scheme: it gets the update, not a refusal.
    auto second = cli({"events", "import", study, cd, "--session", "P01-T1", "--coder", "cd"});
    INFO(second.output);
    REQUIRE(second.exit_code == 0);

    auto s = Study::open(study, "tester");
    REQUIRE(s.ok());
    const auto session = find_session(*s, "P01-T1");
    REQUIRE(session);
    const auto pass_ab = find_pass(*s, session->id, "ab", PassRole::Primary);
    const auto pass_cd = find_pass(*s, session->id, "cd", PassRole::Primary);
    REQUIRE(pass_ab);
    REQUIRE(pass_cd);
    CHECK(scheme_for_new_pass(*s) == pass_ab->scheme_snapshot_id);
    CHECK(pass_cd->scheme_snapshot_id == pass_ab->scheme_snapshot_id);
    auto scheme = load_scheme_snapshot(*s, pass_cd->scheme_snapshot_id);
    REQUIRE(scheme.ok());
    CHECK(scheme->version == "1.0.1");
}
