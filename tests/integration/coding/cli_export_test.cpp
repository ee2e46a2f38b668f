// attune-cli export: the tidy tables with their loaders, SDIS, ELAN and BORIS files, read
// back; de-identified unless asked; the BORIS project has BORIS's own keys and reads back
// into the same bouts.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "attune/coding/interop/boris_project.hpp"
#include "attune/coding/interop/elan.hpp"
#include "cli_support.hpp"
#include "skip.hpp"

using namespace attune;
using namespace attune::testing;

namespace {

const std::string boris_dir = std::string(ATTUNE_INTEROP_DIR) + "/boris/";
const std::string test2 = boris_dir + "test2.boris";

// A study holding BORIS's observation #1 (ann, primary) and "offset positif" (bob,
// reliability) of the same recording.
std::string coded_study(const std::string& dir) {
    const std::string scheme = dir + "/t.json", study = dir + "/study.attune";
    std::filesystem::remove(scheme);
    std::filesystem::remove(study);
    REQUIRE(cli({"scheme", "from-boris", test2, "--out", scheme}).exit_code == 0);
    REQUIRE(cli({"--user", "ann", "study", "create", study, "--name", "Lab", "--scheme", scheme})
                .exit_code == 0);
    REQUIRE(cli({"--user", "ann", "import", study, test2, "--observation", "observation #1"})
                .exit_code == 0);
    REQUIRE(cli({"--user", "bob", "import", study, test2, "--observation", "offset positif",
                 "--session", "observation #1", "--role", "reliability"})
                .exit_code == 0);
    return study;
}

std::string all_text(const std::string& folder) {
    std::string all;
    for (const auto& f : std::filesystem::directory_iterator(folder)) all += read_file(f.path());
    return all;
}

}  // namespace

TEST_CASE("export csv: tidy tables, every row naming its pass, with R and SPSS loaders",
          "[cli][interop][export]") {
    if (!std::filesystem::exists(test2)) {
        skip_reason("the interop samples are absent: " + test2);
        return;
    }
    const std::string dir = scratch_folder("attune_cli_export_csv");
    const std::string study = coded_study(dir), out = dir + "/csv";
    std::filesystem::remove_all(out);
    auto r = cli({"export", study, "--to", out, "--format", "csv"});
    REQUIRE(r.exit_code == 0);
    const auto events = split_lines(read_file(out + "/events.csv"), ',');
    REQUIRE(events.size() == 7);  // header + 4 bouts of observation #1 + 2 points
    const auto& h = events.front();
    for (const char* c :
         {"study", "participant", "session", "coder", "pass_role", "scheme", "scheme_version"})
        CHECK(column(h, c) < 7);
    std::multiset<std::string> coders, roles;
    for (size_t i = 1; i < events.size(); ++i) {
        CHECK(events[i][column(h, "study")] == "Lab");
        CHECK(events[i][column(h, "session")] == "observation #1");
        coders.insert(events[i][column(h, "coder")]);
        roles.insert(events[i][column(h, "pass_role")]);
    }
    CHECK(coders == std::multiset<std::string>{"coder 1", "coder 1", "coder 1", "coder 1",
                                               "coder 2", "coder 2"});
    CHECK(roles.count("reliability") == 2);
    CHECK(events[1][column(h, "start_s")] == "3.300");
    CHECK(events[1][column(h, "duration_s")] == "4.450");
    // De-identified: no coder name and no recording anywhere in what was written.
    const std::string written = all_text(out);
    CHECK(written.find("ann") == std::string::npos);
    CHECK(written.find("bob") == std::string::npos);
    CHECK(written.find("video_test") == std::string::npos);
    // The loaders read every table and declare every column.
    const std::string R = read_file(out + "/load.R"), sps = read_file(out + "/load.sps");
    for (const char* table : {"events", "ratings", "classifications", "episodes", "time_budget"}) {
        CHECK(std::filesystem::exists(out + "/" + table + ".csv"));
        CHECK(R.find(std::string(table) + " <- read.csv(\"" + table + ".csv\"") !=
              std::string::npos);
        CHECK(sps.find("/FILE='" + std::string(table) + ".csv'") != std::string::npos);
    }
    for (const auto& c : h) CHECK(R.find("\"" + c + "\" = ") != std::string::npos);
    CHECK(R.find("\"start_s\" = \"numeric\"") != std::string::npos);
    CHECK(R.find("events$pass_role <- factor(events$pass_role, levels = c(\"primary\", "
                 "\"reliability\", \"consensus\"))") != std::string::npos);
    CHECK(sps.find("    start_s F12.3") != std::string::npos);

    auto again = cli({"export", study, "--to", out, "--format", "csv"});
    CHECK(again.exit_code == 1);
    CHECK(again.output.find("pass --force") != std::string::npos);
    auto named = cli({"export", study, "--to", out, "--format", "csv", "--force", "--with-coders"});
    REQUIRE(named.exit_code == 0);
    CHECK(read_file(out + "/events.csv").find(",ann,primary,") != std::string::npos);
}

TEST_CASE("export sdis, eaf, boris: files the peers' tools read, read back here",
          "[cli][interop][export]") {
    if (!std::filesystem::exists(test2)) {
        skip_reason("the interop samples are absent: " + test2);
        return;
    }
    const std::string dir = scratch_folder("attune_cli_export_peers");
    const std::string study = coded_study(dir), out = dir + "/peers";
    std::filesystem::remove_all(out);
    SECTION("SDIS: the declaration, then per pass <label>, code,onset-offset lines and ,end/") {
        REQUIRE(cli({"export", study, "--to", out, "--format", "sdis"}).exit_code == 0);
        std::istringstream in(read_file(out + "/study.sds"));
        std::string line;
        REQUIRE(std::getline(in, line));
        CHECK(line.rfind("% SDIS", 0) == 0);
        REQUIRE(std::getline(in, line));
        CHECK(std::regex_match(line, std::regex(R"(Timed( [A-Za-z0-9_]+)+ ;)")));
        int sessions = 0, events = 0;
        while (std::getline(in, line)) {
            if (line.empty()) continue;
            if (std::regex_match(line, std::regex(R"(<[^>]+>)")))
                ++sessions;
            else if (std::regex_match(line, std::regex(R"([A-Za-z0-9_]+,\d+\.\d{3}-\d+\.\d{3})")))
                ++events;
            else
                CHECK(std::regex_match(line, std::regex(R"(,\d+\.\d{3}/)")));
        }
        CHECK(sessions == 2);
        CHECK(events == 6);
    }
    SECTION("ELAN: one document per pass, valid EAF 3.0, the same intervals") {
        REQUIRE(cli({"export", study, "--to", out, "--format", "eaf"}).exit_code == 0);
        const std::string eaf = out + "/observation_1_coder_1_primary.eaf";
        REQUIRE(std::filesystem::exists(eaf));
        const std::string xsd = std::string(ATTUNE_INTEROP_DIR) + "/elan/pympi_EAFv3.0.xsd";
        auto valid = run_process({"xmllint", "--noout", "--schema", xsd, eaf}, 120);
        REQUIRE(valid.ok());
        INFO(valid->output);
        CHECK(valid->exit_code == 0);
        auto back = interop::read_eaf(eaf);
        REQUIRE(back.ok());
        const auto& events = back->observations.at(0).events;
        REQUIRE(events.size() == 4);
        CHECK(events[0].subject == "subject1.subject1.s");
        CHECK(events[0].start_us == 3'300'000);
        CHECK(*events[0].stop_us == 7'750'000);
    }
    SECTION("BORIS: BORIS's keys, and the same bouts when read back") {
        REQUIRE(
            cli({"export", study, "--to", out, "--format", "boris", "--with-paths"}).exit_code ==
            0);
        const std::string path = out + "/study.boris";
        auto ours = nlohmann::json::parse(read_file(path));
        auto theirs = nlohmann::json::parse(read_file(test2));
        for (auto it = theirs.begin(); it != theirs.end(); ++it) CHECK(ours.contains(it.key()));
        const auto& their_obs = theirs["observations"]["observation #1"];
        const auto& our_obs = ours["observations"]["observation #1 coder 1 primary"];
        for (auto it = their_obs.begin(); it != their_obs.end(); ++it)
            CHECK(our_obs.contains(it.key()));
        CHECK(our_obs["type"] == "MEDIA");
        CHECK(our_obs["file"]["1"][0].get<std::string>().find("video_test_25fps_360s.mp4") !=
              std::string::npos);
        auto back = interop::read_boris(path);
        auto original = interop::read_boris(test2);
        REQUIRE(back.ok());
        REQUIRE(original.ok());
        const auto* one = back->observation("observation #1 coder 1 primary");
        REQUIRE(one);
        const auto& want = original->observation("observation #1")->events;
        REQUIRE(one->events.size() == want.size());
        for (size_t i = 0; i < want.size(); ++i) {
            CHECK(one->events[i].start_us == want[i].start_us);
            CHECK(one->events[i].stop_us == want[i].stop_us);
            CHECK(one->events[i].subject == want[i].subject);
        }
    }
    SECTION("XLSX: one sheet per table, every cell as in the CSV, read back by openpyxl") {
        REQUIRE(cli({"export", study, "--to", out, "--format", "csv"}).exit_code == 0);
        REQUIRE(cli({"export", study, "--to", out, "--format", "xlsx"}).exit_code == 0);
        auto check = run_process(
            {"/usr/bin/python3", ATTUNE_TOOLS_DIR "/check_xlsx.py", out + "/study.xlsx", out}, 120);
        REQUIRE(check.ok());
        INFO(check->output);
        CHECK(check->exit_code == 0);
        CHECK(check->output.find("in 5 sheets") != std::string::npos);
    }
}
