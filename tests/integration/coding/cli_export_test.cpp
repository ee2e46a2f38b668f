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
#include "attune/coding/interop/study_export.hpp"
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
    // Every export carries the limit of its classifications.
    for (const std::string& text : {R, sps, read_file(out + "/README.txt")})
        CHECK_THAT(text, Catch::Contains("is a research measure") && Catch::Contains("Granqvist"));
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
    SECTION("SDIS, ELAN and BORIS are de-identified by default as the CSV is") {
        // XLSX holds the CSV's cells exactly (the XLSX section checks every cell).
        for (const char* format : {"sdis", "eaf", "boris"}) {
            const std::string to = out + "/" + format;
            REQUIRE(cli({"export", study, "--to", to, "--format", format}).exit_code == 0);
            const std::string written = all_text(to);
            INFO(format);
            CHECK_FALSE(written.empty());
            CHECK_FALSE(std::regex_search(written, std::regex(R"(\b(ann|bob)\b)")));
            CHECK(written.find("video_test") == std::string::npos);
            CHECK(written.find("coder 1") != std::string::npos);
        }
    }
    SECTION("ELAN: passes whose names make one file name are written to two files") {
        REQUIRE(cli({"--user", "ann", "session", "add", study, "--label", "observation_#1",
                     "--participant", "P2"})
                    .exit_code == 0);
        REQUIRE(cli({"--user", "ann", "import", study, test2, "--observation", "observation #2",
                     "--session", "observation_#1", "--fps", "25"})
                    .exit_code == 0);
        const auto r = cli({"export", study, "--to", out, "--format", "eaf"});
        REQUIRE(r.exit_code == 0);
        CHECK(
            r.output.find("note: observation_#1 coder 1 primary written as "
                          "observation_1_coder_1_primary-2.eaf (observation_1_coder_1_primary.eaf "
                          "names another pass)") != std::string::npos);
        CHECK(std::filesystem::exists(out + "/observation_1_coder_1_primary.eaf"));
        CHECK(std::filesystem::exists(out + "/observation_1_coder_1_primary-2.eaf"));
        CHECK(std::filesystem::exists(out + "/observation_1_coder_2_reliability.eaf"));
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
    SECTION("BORIS tabular and aggregated: one TSV per pass, the rows BORIS itself exports") {
        REQUIRE(cli({"export", study, "--to", out, "--format", "boris-tabular"}).exit_code == 0);
        const auto ours = split_lines(read_file(out + "/observation_1_coder_1_primary.tsv"), '\t');
        const auto theirs = split_lines(
            read_file(boris_dir + "boris_9.12.3_exports/tabular_events_observation1.tsv"), '\t');
        REQUIRE(ours.size() == theirs.size());
        CHECK(ours[0][column(ours[0], "Behavior type") + 1] == "Time");
        for (size_t i = 1; i < ours.size(); ++i) {
            CHECK(ours[i][column(ours[0], "Behavior type")] ==
                  theirs[i][column(theirs[0], "Behavior type")]);
            CHECK(ours[i][column(ours[0], "Time")] == theirs[i][column(theirs[0], "Time")]);
            CHECK(ours[i][column(ours[0], "Observation id")] == "observation #1 coder 1 primary");
        }
        // The aggregated layout: one row per bout, BORIS's start and stop times.
        REQUIRE(cli({"export", study, "--to", out + "/agg", "--format", "boris-aggregated"})
                    .exit_code == 0);
        const auto bouts =
            split_lines(read_file(out + "/agg/observation_1_coder_1_primary.tsv"), '\t');
        REQUIRE(bouts.size() == 1 + (theirs.size() - 1) / 2);
        CHECK(bouts[1][column(bouts[0], "Start (s)")] == "3.300");
        CHECK(bouts[1][column(bouts[0], "Stop (s)")] == "7.750");
        CHECK(bouts[1][column(bouts[0], "Duration (s)")] == "4.450");
    }
    SECTION("XLSX: one sheet per table, every cell as in the CSV, read back by openpyxl") {
        REQUIRE(cli({"export", study, "--to", out, "--format", "csv"}).exit_code == 0);
        REQUIRE(cli({"export", study, "--to", out, "--format", "xlsx"}).exit_code == 0);
        auto check = run_process(
            {"/usr/bin/python3", ATTUNE_TOOLS_DIR "/check_xlsx.py", out + "/study.xlsx", out}, 120);
        REQUIRE(check.ok());
        INFO(check->output);
        CHECK(check->exit_code == 0);
        CHECK(check->output.find("in 6 sheets") != std::string::npos);  // 5 tables + about
    }
}

TEST_CASE(
    "export xlsx: a table past Excel's limits is refused before anything is written, "
    "pointing to CSV",
    "[interop][export][xlsx]") {
    const std::string dir = scratch_folder("attune_export_xlsx_limits");
    const std::string path = dir + "/big.xlsx";
    std::filesystem::remove(path);
    Table rows{{"n"}, std::vector<std::vector<std::string>>(1048576, {"1"}), {true}};
    auto refused = interop::write_xlsx(path, {{"events", rows}});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message ==
          "the events table has 1048576 rows and an Excel sheet holds 1048575 below its header; "
          "export --format csv instead (CSV has no such limit)");
    CHECK_FALSE(std::filesystem::exists(path));

    Table comment{{"session", "comment"},
                  {{"s1", "ok"}, {"s1", std::string(20000, 'x') + std::string(20000, 'y')}},
                  {false, false}};
    auto long_cell = interop::write_xlsx(path, {{"events", comment}});
    REQUIRE_FALSE(long_cell.ok());
    CHECK(long_cell.error().message ==
          "the events table, row 2, column comment: 40000 characters of text, more than an Excel "
          "cell "
          "holds (32,767); export --format csv instead (CSV has no such limit)");
    CHECK_FALSE(std::filesystem::exists(path));

    std::string japanese;  // 36,000 bytes, 12,000 characters: fits
    for (int i = 0; i < 12000; ++i) japanese += "\xE6\x97\xA5";
    REQUIRE(
        interop::write_xlsx(path, {{"events", Table{{"comment"}, {{japanese}}, {false}}}}).ok());

    rows.rows.resize(1048575);
    REQUIRE(interop::write_xlsx(path, {{"events", rows}}).ok());  // exactly full
    CHECK(std::filesystem::file_size(path) > 1000000);
}

TEST_CASE("export sdis: codes that would read the same are kept apart and explained",
          "[interop][export][sdis]") {
    interop::StudyExport e;
    e.study = "Lab";
    interop::ExportedPass p;
    p.session.label = "P01", p.coder = "coder 1";
    auto ev = [](const std::string& behaviour, int64_t from_s, int64_t to_s) {
        Event x;
        x.subject = "child", x.behaviour = behaviour;
        x.start_us = from_s * 1000000, x.stop_us = to_s * 1000000;
        return x;
    };
    p.content.events = {ev("a b", 1, 2), ev("a_b", 3, 4), ev("a.b", 5, 6)};
    e.passes = {p};
    const std::string text = interop::sdis_text(e, "2026-12-07T10:00:00");
    CHECK(text.find("% child_a_b_2 is child / a.b\n% child_a_b_3 is child / a_b\n") !=
          std::string::npos);
    CHECK(text.find("Timed child_a_b child_a_b_2 child_a_b_3 ;\n") != std::string::npos);
    CHECK(text.find("<P01 coder 1 primary>\nchild_a_b,1.000-2.000\nchild_a_b_3,3.000-4.000\n"
                    "child_a_b_2,5.000-6.000\n,6.000/\n") != std::string::npos);
}
