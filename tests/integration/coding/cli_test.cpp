// attune-cli end to end on real files: a study made, sessions added, events imported
// and exported identically, judgements entered, statistics printed, and bad input
// answered with a message and an exit code, never a crash.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_support.hpp"

using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

const std::string kScheme = ATTUNE_SCHEMA_DIR "/ssp-infant.json";

std::string dir() {
    return scratch_folder("attune-cli-test");
}

std::string fresh_study(const std::string& name) {
    const std::string path = dir() + "/" + name;
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path + ext);
    auto r = cli(
        {"--user", "tester", "study", "create", path, "--name", "CLI test", "--scheme", kScheme});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return path;
}

}  // namespace

TEST_CASE("events import then export reproduces the table exactly", "[cli]") {
    const std::string study = fresh_study("roundtrip.attune");
    REQUIRE(cli({"session", "add", study, "--label", "P01-T1", "--participant", "P01", "--date",
                 "2026-10-02", "--age-months", "13.5", "--var", "site=Leiden"})
                .exit_code == 0);
    const std::string table =
        "session,participant,coder,pass_role,subject,behaviour,start_frame,start_us,stop_frame,"
        "stop_us,duration_us,comment,"
        "modifier_extent,modifier_form,modifier_index,modifier_reason,modifier_target\n"
        "P01-T1,P01,ab,primary,procedure,SESSION_START,0,0,0,0,0,,,,,,\n"
        "P01-T1,P01,ab,primary,parent,P_EXIT,5400,180000000,5400,180000000,0,,,,,,\n"
        "P01-T1,P01,ab,primary,child,CRY,5500,183333333,6100,203333333,20000000,\"loud, then "
        "\"\"hiccups\"\"\",,,,,\n"
        "P01-T1,P01,ab,primary,child,APPROACH,6200,206666666,6200,206666666,0,,partial,,,,parent\n"
        "P01-T1,P01,ab,primary,child,IN_CONTACT,6300,210000000,,,,,,,,,parent\n";
    const std::string in = dir() + "/in.csv", out = dir() + "/out.csv";
    std::ofstream(in, std::ios::binary) << table;
    auto imp = cli({"events", "import", study, in, "--session", "P01-T1", "--coder", "ab"});
    INFO(imp.output);
    REQUIRE(imp.exit_code == 0);
    fs::remove(out);  // --out replaces an existing file only with --force
    REQUIRE(cli({"events", "export", study, "--session", "P01-T1", "--coder", "ab", "--out", out})
                .exit_code == 0);
    CHECK(read_file(out) == table);

    auto tsv =
        cli({"events", "export", study, "--session", "P01-T1", "--coder", "ab", "--format", "tsv"});
    CHECK_THAT(tsv.output, Catch::Contains("loud, then \"hiccups\""));

    auto budget = cli({"budget", study, "--format", "csv"});
    REQUIRE(budget.exit_code == 0);
    CHECK_THAT(budget.output, Catch::StartsWith("session,participant,coder,pass_role,subject,"
                                                "behaviour,episode,episode_s,count,total_s"));
    auto validate = cli({"validate", study, "--format", "csv"});
    CHECK(validate.exit_code ==
          0);  // warnings only: open IN_CONTACT, missing boundaries, empty ratings
    CHECK_THAT(validate.output, Catch::Contains("open_state"));
}

TEST_CASE("classifications entered from paper are tallied against a norm", "[cli]") {
    const std::string study = fresh_study("tally.attune");
    const char* codes[] = {"B3", "B1", "A1", "C2", "B2", "D", "B3", "A2"};
    for (int i = 0; i < 8; ++i) {
        const std::string label = "S" + std::to_string(i);
        REQUIRE(cli({"session", "add", study, "--label", label, "--participant", label, "--var",
                     std::string("site=") + (i % 2 ? "north" : "south")})
                    .exit_code == 0);
        std::vector<std::string> args = {"classification", "set", study,    "--session", label,
                                         "--coder",        "ab",  "--code", codes[i]};
        if (std::string(codes[i]) == "D")
            args.insert(args.end(), {"--secondary", "B3", "--d-rating", "7"});
        auto r = cli(args);
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
    }
    auto t =
        cli({"tally", study, "--ways", "4", "--norm", "vij1999_fourway_NA", "--format", "csv"});
    INFO(t.output);
    REQUIRE(t.exit_code == 0);
    CHECK_THAT(t.output, Catch::Contains(",all,B,8,4,50.0,15.7,84.3,"));
    CHECK_THAT(t.output, Catch::Contains("vs vij1999_fourway_NA ("));
    // Eight sessions give expected counts below 5: the exact test, and what it cannot show.
    CHECK_THAT(t.output, Catch::Contains("exact multinomial goodness of fit p "));
    CHECK_THAT(t.output, Catch::Contains("not evidence that the distributions agree"));
    auto dropped =
        cli({"tally", study, "--ways", "3", "--norm", "vij1999_fourway_NA", "--format", "csv"});
    CHECK(dropped.exit_code == 1);
    CHECK_THAT(dropped.output, Catch::Contains("is 4-way: leaving out its D"));
    auto by = cli({"tally", study, "--ways", "3", "--by", "site", "--format", "json"});
    REQUIRE(by.exit_code == 0);
    CHECK_THAT(by.output, Catch::Contains("\"group\": \"north\""));
    auto rating = cli({"rating", "set", study, "--session", "S0", "--coder", "ab", "--scale", "AV",
                       "--target", "parent", "--episode", "E4", "--value", "3"});
    CHECK(rating.exit_code == 1);
    CHECK_THAT(rating.output, Catch::Contains("scale AV is not rated toward parent in E4"));
}

TEST_CASE("bad input gets a message and an exit code, never a crash or a half-written file",
          "[cli]") {
    SECTION("a broken scheme lists its problems with lines") {
        const std::string bad = dir() + "/bad-scheme.json";
        std::ofstream(bad) << "{\n  \"formatVersion\": \"attune-scheme/1\",\n  \"scheme\": "
                              "{\"id\": \"x\", \"name\": \"x\", \"version\": \"1\"},\n"
                              "  \"roles\": [{\"id\": \"child\", \"label\": \"Child\"}],\n"
                              "  \"behaviors\": [{\"id\": \"CRY\", \"label\": \"Cry\", \"type\": "
                              "\"state\", \"subject\": \"baby\"}]\n}\n";
        auto r = cli({"scheme", "check", bad});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Contains(bad + ":5: /behaviors/0/subject: behaviour 'CRY' has "
                                                   "subject 'baby', which is not a role (child)"));
        // A study is not created from a bad scheme.
        const std::string study = dir() + "/never.attune";
        fs::remove(study);
        CHECK(cli({"study", "create", study, "--name", "x", "--scheme", bad}).exit_code == 1);
        CHECK_FALSE(fs::exists(study));
    }
    SECTION("a file that is not a study") {
        const std::string junk = dir() + "/junk.attune";
        std::ofstream(junk) << "this is a spreadsheet, honest";
        auto r = cli({"study", "info", junk});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Contains("is not an Attune study"));
        CHECK(read_file(junk) == "this is a spreadsheet, honest");
    }
    SECTION("a malformed import changes nothing") {
        const std::string study = fresh_study("badimport.attune");
        REQUIRE(
            cli({"session", "add", study, "--label", "P01", "--participant", "P01"}).exit_code ==
            0);
        const std::string in = dir() + "/bad.csv";
        std::ofstream(in)
            << "behaviour,start_frame,start_us,stop_frame,stop_us\nCRY,1,1,2,2\nNOPE,1,1,1,1\n";
        auto r = cli({"events", "import", study, in, "--session", "P01", "--coder", "ab"});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Contains("line 3: behaviour 'NOPE' is not in scheme"));
        auto info = cli({"study", "info", study, "--json"});
        INFO(info.output);
        // Nothing at all: no events, and no empty pass or coder left behind.
        CHECK_THAT(info.output, Catch::Contains("\"events\": 0"));
        CHECK_THAT(info.output, Catch::Contains("\"passes\": 0"));
        CHECK(info.output.find("\"ab\"") == std::string::npos);
    }
    SECTION("a session whose recording cannot be found") {
        const std::string study = fresh_study("recording.attune");
        auto r = cli({"session", "add", study, "--label", "P01", "--participant", "P01",
                      "--recording", dir() + "/missing.mp4"});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output,
                   Catch::Contains("cannot read recording") && Catch::Contains("check the path"));
    }
    SECTION("wrong command lines exit 2") {
        CHECK(cli({"tally"}).exit_code == 2);
        CHECK(cli({"tally", "x.attune", "--ways", "5"}).exit_code == 2);
        CHECK(cli({"frobnicate"}).exit_code == 2);
    }
    // --help on every command: cli_help_test.cpp walks them all.
}

TEST_CASE("changes lists who changed what, revert undoes one named change", "[cli][undo]") {
    const std::string study = fresh_study("changes.attune");
    REQUIRE(cli({"session", "add", study, "--label", "P01-T1", "--participant", "P01"}).exit_code ==
            0);
    const std::string table = dir() + "/changes-import.csv";
    std::ofstream(table) << "subject,behaviour,start_frame,start_us,stop_frame,stop_us\n"
                            "child,CRY,30,1000000,60,2000000\n"
                            "parent,P_GREET,90,3000000,90,3000000\n";
    REQUIRE(cli({"--user", "supervisor", "events", "import", study, table, "--session", "P01-T1",
                 "--coder", "ab"})
                .exit_code == 0);
    auto listed = cli({"changes", study, "--format", "csv"});
    INFO(listed.output);
    REQUIRE(listed.exit_code == 0);
    // Newest first: the import, by the supervisor, with attune-cli, in ab's primary pass; its
    // rows are the new pass, its coder and the two events (one change: nothing half-made).
    const std::string first_row = listed.output.substr(listed.output.find('\n') + 1);
    CHECK_THAT(
        first_row,
        Catch::Contains(",supervisor,attune-cli,P01-T1,ab,primary,import 2 events,applied,4"));
    const std::string id = first_row.substr(0, first_row.find(','));
    auto reverted = cli({"revert", study, "--change", id});
    INFO(reverted.output);
    REQUIRE(reverted.exit_code == 0);
    CHECK_THAT(reverted.output, Catch::Contains("reverted change " + id + " (import 2 events)"));
    auto exported = cli({"events", "export", study, "--session", "P01-T1", "--coder", "ab"});
    CHECK(exported.output.find("CRY") == std::string::npos);
    auto again = cli({"revert", study, "--change", id});
    CHECK(again.exit_code == 1);
    CHECK_THAT(again.output, Catch::Contains("is dropped, not applied"));
    CHECK(cli({"revert", study, "--change", "99999"}).exit_code == 1);
}
