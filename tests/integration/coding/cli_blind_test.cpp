// attune-cli's blind reliability coding (issue 12 point 1): the recorded double-coding
// selection, and every command that shows a pass's content refusing a reliability coder the
// session's primary pass (or, study-wide, leaving it out) until a supervisor unblinds it.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "cli_support.hpp"

using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

const std::string kScheme = ATTUNE_SCHEMA_DIR "/ssp-infant.json";

std::string dir() {
    return scratch_folder("attune-cli-blind-test");
}

// Sessions P01..P03; ab's primary passes: P01 with one CRY and classification B1, P02 B3.
std::string blind_study(const std::string& name) {
    const std::string path = dir() + "/" + name;
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path + ext);
    REQUIRE(cli({"--user", "sup", "study", "create", path, "--name", "blind", "--scheme", kScheme})
                .exit_code == 0);
    for (const char* s : {"P01", "P02", "P03"})
        REQUIRE(cli({"session", "add", path, "--label", s, "--participant", s}).exit_code == 0);
    std::ofstream(dir() + "/events.csv")
        << "session,participant,coder,pass_role,subject,behaviour,start_frame,start_us,"
           "stop_frame,stop_us,duration_us,comment\n"
           "P01,P01,ab,primary,child,CRY,30,1000000,60,2000000,1000000,\n";
    REQUIRE(cli({"--user", "ab", "events", "import", path, dir() + "/events.csv", "--session",
                 "P01", "--coder", "ab"})
                .exit_code == 0);
    REQUIRE(cli({"--user", "ab", "classification", "set", path, "--session", "P01", "--coder", "ab",
                 "--code", "B1"})
                .exit_code == 0);
    REQUIRE(cli({"--user", "ab", "classification", "set", path, "--session", "P02", "--coder", "ab",
                 "--code", "B3"})
                .exit_code == 0);
    return path;
}

// cd opens the reliability pass of `session` by setting a rating in it.
ProcessResult reliability_rating(const std::string& study, const std::string& session) {
    return cli({"--user", "cd", "rating", "set", study, "--session", session, "--coder", "cd",
                "--role", "reliability", "--scale", "PS", "--target", "parent", "--episode", "E5",
                "--value", "4"});
}

ProcessResult export_primary(const std::string& study, const std::string& user) {
    return cli({"--user", user, "events", "export", study, "--session", "P01", "--coder", "ab"});
}

}  // namespace

TEST_CASE("attune-cli double-coding select: a seeded share is recorded and reproducible",
          "[cli][blinding]") {
    const std::string study = blind_study("select.attune");
    auto first =
        cli({"--user", "sup", "double-coding", "select", study, "--percent", "50", "--seed", "42"});
    INFO(first.output);
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.output, Catch::Contains("chose 2 of 3 sessions") &&  // ceil(1.5)
                                 Catch::Contains("seed 42"));
    auto again =
        cli({"--user", "sup", "double-coding", "select", study, "--percent", "50", "--seed", "42"});
    CHECK(again.output == first.output);

    auto listed = cli({"double-coding", "list", study, "--format", "csv"});
    INFO(listed.output);
    REQUIRE(listed.exit_code == 0);
    CHECK_THAT(listed.output, Catch::Contains("method,percent,seed,chosen_by") &&
                                  Catch::Contains("percent,50.0,42,sup"));

    auto drawn = cli({"--user", "sup", "double-coding", "select", study, "--percent", "34"});
    CHECK(drawn.exit_code == 0);
    CHECK_THAT(drawn.output, Catch::Contains("chose 2 of 3 sessions") && Catch::Contains("seed "));
    auto json = cli({"double-coding", "list", study, "--format", "json"});
    CHECK(json.exit_code == 0);
    CHECK_THAT(json.output, Catch::Contains("\"seed\""));

    CHECK(cli({"double-coding", "select", study}).exit_code == 1);
    CHECK(cli({"double-coding", "select", study, "--sessions", "P09"}).exit_code == 1);
}

TEST_CASE("attune-cli: a reliability coder is blind to the primary pass until unblinded",
          "[cli][blinding]") {
    const std::string study = blind_study("blind.attune");
    REQUIRE(cli({"--user", "sup", "double-coding", "select", study, "--sessions", "P01,P02"})
                .exit_code == 0);
    auto outside = reliability_rating(study, "P03");
    CHECK(outside.exit_code == 1);
    CHECK_THAT(outside.output,
               Catch::Contains("P03 is not among the sessions chosen for double coding") &&
                   Catch::Contains("--sessions P01,P02,P03"));
    REQUIRE(reliability_rating(study, "P01").exit_code == 0);

    // One pass: refused, with who can unblind it.
    auto blind = export_primary(study, "cd");
    INFO(blind.output);
    CHECK(blind.exit_code == 1);
    CHECK_THAT(blind.output, Catch::Contains("cd codes the reliability pass of session P01") &&
                                 Catch::Contains("double-coding unblind"));
    CHECK_THAT(blind.output, !Catch::Contains("CRY"));
    auto sup = export_primary(study, "sup");
    CHECK(sup.exit_code == 0);
    CHECK_THAT(sup.output, Catch::Contains("P01,P01,ab,primary,child,CRY"));
    CHECK(cli({"--user", "cd", "changes", study, "--session", "P01", "--coder", "ab"}).exit_code ==
          1);
    // Writing to it would tell what it holds: refused too, and so is signing it off.
    for (const std::vector<std::string>& write :
         {std::vector<std::string>{"rating", "set", study, "--session", "P01", "--coder", "ab",
                                   "--scale", "PS", "--target", "parent", "--episode", "E5",
                                   "--value", "2"},
          {"classification", "set", study, "--session", "P01", "--coder", "ab", "--code", "B1"},
          {"pass", "sign-off", study, "--session", "P01", "--coder", "ab"}}) {
        std::vector<std::string> args = {"--user", "cd"};
        args.insert(args.end(), write.begin(), write.end());
        auto refused = cli(args);
        INFO(refused.output);
        CHECK(refused.exit_code == 1);
        CHECK_THAT(refused.output, Catch::Contains("cd codes the reliability pass of session P01"));
    }
    CHECK(cli({"--user", "cd", "audit", "list", study, "--session", "P01", "--coder", "ab"})
              .exit_code == 1);

    // Study-wide tables: P01's primary left out, said on stderr.
    const std::string note = "note: 1 session is left out: cd codes its reliability pass";
    auto tally = cli({"--user", "cd", "tally", study, "--format", "csv"});
    CHECK(tally.exit_code == 0);
    CHECK_THAT(tally.output, Catch::Contains(note));
    auto sup_changes = cli({"--user", "sup", "changes", study, "--format", "csv"});
    CHECK_THAT(sup_changes.output, Catch::Contains("classify B1"));
    auto changes = cli({"--user", "cd", "changes", study, "--format", "csv"});
    CHECK_THAT(changes.output, !Catch::Contains("classify B1") && Catch::Contains("classify B3") &&
                                   Catch::Contains(note));
    auto budget = cli({"--user", "cd", "budget", study});
    CHECK_THAT(budget.output, !Catch::Contains("P01,P01,ab,primary") && Catch::Contains(note));
    auto validate = cli({"--user", "cd", "validate", study, "--format", "csv"});
    CHECK_THAT(validate.output, !Catch::Contains("P01,ab,primary") && Catch::Contains(note));
    auto report = cli({"--user", "cd", "reliability", study, "--kind", "classification"});
    CHECK(report.exit_code == 1);
    CHECK_THAT(report.output,
               Catch::Contains("is blind to their primary passes") && !Catch::Contains("B1"));
    auto audit = cli({"--user", "cd", "audit", "list", study, "--format", "csv"});
    CHECK_THAT(audit.output, !Catch::Contains("classify B1") && Catch::Contains(note));

    // Unblinding: never by the coder, once, by the supervisor.
    auto own = cli({"--user", "cd", "double-coding", "unblind", study, "--session", "P01"});
    CHECK(own.exit_code == 1);
    CHECK_THAT(own.output, Catch::Contains("a coder cannot unblind their own reliability session"));
    auto listed = cli({"double-coding", "list", study, "--format", "csv"});
    CHECK_THAT(listed.output, Catch::Contains("P01,yes,cd,no"));
    REQUIRE(
        cli({"--user", "sup", "double-coding", "unblind", study, "--session", "P01"}).exit_code ==
        0);
    auto twice = cli({"--user", "sup", "double-coding", "unblind", study, "--session", "P01"});
    CHECK(twice.exit_code == 1);
    CHECK_THAT(twice.output, Catch::Contains("already unblinded by sup"));
    CHECK_THAT(cli({"double-coding", "list", study, "--format", "csv"}).output,
               Catch::Contains("P01,yes,cd,yes,sup"));
    // Having seen the primary pass, cd cannot change the reliability pass coded blind.
    auto after = reliability_rating(study, "P01");
    CHECK(after.exit_code == 1);
    CHECK_THAT(after.output, Catch::Contains("this pass is signed off"));

    auto seen = export_primary(study, "cd");
    CHECK(seen.exit_code == 0);
    CHECK_THAT(seen.output, Catch::Contains("P01,P01,ab,primary,child,CRY"));
    CHECK_THAT(cli({"--user", "cd", "tally", study}).output, !Catch::Contains("left out"));
    CHECK(cli({"--user", "cd", "reliability", study, "--kind", "classification"}).exit_code == 0);

    // Blind to P03, whose primary pass has no classification: the tally's count of
    // unclassified sessions does not give that away.
    REQUIRE(cli({"--user", "sup", "double-coding", "select", study, "--sessions", "P01,P02,P03"})
                .exit_code == 0);
    REQUIRE(reliability_rating(study, "P03").exit_code == 0);
    CHECK_THAT(cli({"--user", "sup", "tally", study}).output,
               Catch::Contains("1 sessions have no classification yet"));
    auto p03 = cli({"--user", "cd", "tally", study});
    CHECK_THAT(p03.output, Catch::Contains(note) && !Catch::Contains("no classification yet"));
}
