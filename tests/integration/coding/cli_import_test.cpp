// attune-cli import and scheme from-boris on BORIS's own test project: the events that
// arrive are the ones BORIS's tabular export lists, a mapping is written, finished and
// read back, and a refused import leaves the study as it was.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "cli_support.hpp"
#include "skip.hpp"

using namespace attune::testing;

namespace {

const std::string boris_dir = std::string(ATTUNE_INTEROP_DIR) + "/boris/";
const std::string test2 = boris_dir + "test2.boris";

bool samples_present() {
    if (std::filesystem::exists(test2)) return true;
    skip_reason("the interop samples are absent: " + test2);
    return false;
}

// (subject, start ms, stop ms) of every bout in an `events export` table.
std::multiset<std::tuple<std::string, long, long>> exported_bouts(const std::string& csv) {
    auto rows = split_lines(csv, ',');
    REQUIRE(rows.size() > 1);
    const auto& h = rows.front();
    std::multiset<std::tuple<std::string, long, long>> out;
    for (size_t r = 1; r < rows.size(); ++r)
        out.insert({rows[r][column(h, "subject")], std::stol(rows[r][column(h, "start_us")]) / 1000,
                    std::stol(rows[r][column(h, "stop_us")]) / 1000});
    return out;
}

}  // namespace

TEST_CASE("import: a BORIS observation arrives as BORIS's own tabular export lists it",
          "[cli][interop]") {
    if (!samples_present()) return;
    const std::string dir = scratch_folder("attune_cli_import_boris");
    const std::string scheme = dir + "/test2.json", study = dir + "/s.attune";
    std::filesystem::remove(scheme);
    std::filesystem::remove(study);
    auto from = cli({"scheme", "from-boris", test2, "--out", scheme});
    REQUIRE(from.exit_code == 0);
    CHECK(from.output.find("3 roles, 15 behaviours") != std::string::npos);
    CHECK(cli({"scheme", "check", scheme}).exit_code == 0);
    auto derived = nlohmann::json::parse(read_file(scheme));
    CHECK(derived["roles"][2]["label"] == "No focal subject");
    CHECK(derived["behaviors"][0]["id"] == "subject1.p");
    CHECK(derived["behaviors"][0]["label"] == "p");
    REQUIRE(cli({"--user", "ann", "study", "create", study, "--name", "t", "--scheme", scheme})
                .exit_code == 0);

    SECTION("every observation at once is refused whole when one cannot go in") {
        auto r = cli({"--user", "ann", "import", study, test2});
        CHECK(r.exit_code == 1);
        CHECK(r.output.find("plays 2 media files back to back") != std::string::npos);
        CHECK(r.output.find("a live observation has no recording") != std::string::npos);
        CHECK(cli({"study", "info", study}).output.find("0 sessions") != std::string::npos);
    }
    SECTION("observation #1: BORIS's tabular export's START and STOP times, frames at 25 fps") {
        auto r = cli({"--user", "ann", "import", study, test2, "--observation", "observation #1"});
        REQUIRE(r.exit_code == 0);
        CHECK(r.output.find("subject1.s: 3") != std::string::npos);
        CHECK(r.output.find("imported 4 events into 1 session") != std::string::npos);
        auto out =
            cli({"events", "export", study, "--session", "observation #1", "--coder", "ann"});
        REQUIRE(out.exit_code == 0);
        const auto tab = split_lines(
            read_file(boris_dir + "boris_9.12.3_exports/tabular_events_observation1.tsv"), '\t');
        const auto& h = tab.front();
        std::multiset<std::tuple<std::string, long, long>> boris;
        std::map<std::string, long> started;
        for (size_t i = 1; i < tab.size(); ++i) {
            const std::string subject = tab[i][column(h, "Subject")];
            const long ms = std::lround(std::stod(tab[i][column(h, "Time")]) * 1000);
            if (tab[i][column(h, "Behavior type")] == "START")
                started[subject] = ms;
            else
                boris.insert({subject, started.at(subject), ms});
        }
        CHECK(exported_bouts(out.output) == boris);
        CHECK(out.output.find("subject1.s,82,3300000,193,7750000") != std::string::npos);
        // A second observation of the same recording becomes the reliability pass.
        auto rel = cli({"--user", "bob", "import", study, test2, "--observation", "offset positif",
                        "--session", "observation #1", "--role", "reliability"});
        REQUIRE(rel.exit_code == 0);
        CHECK(rel.output.find("bob's reliability pass: 2 events") != std::string::npos);
        auto again =
            cli({"--user", "ann", "import", study, test2, "--observation", "observation #1"});
        CHECK(again.exit_code == 1);
        CHECK(again.output.find("already has a session 'observation #1'") != std::string::npos);
    }
    SECTION(
        "a time offset: the events move onto the recording's timeline (media = time - "
        "offset)") {
        // BORIS adds the offset to the media position to give an event's time (FORMATS.md).
        auto project = nlohmann::json::parse(read_file(test2));
        project["observations"]["observation #1"]["time offset"] = 1.5;
        const std::string shifted = dir + "/offset.boris";
        write_file(shifted, project.dump());
        auto r =
            cli({"--user", "ann", "import", study, shifted, "--observation", "observation #1"});
        REQUIRE(r.exit_code == 0);
        CHECK(r.output.find("times moved by the file's media offset of 1500 ms") !=
              std::string::npos);
        auto out =
            cli({"events", "export", study, "--session", "observation #1", "--coder", "ann"});
        // 3.300 s and 7.750 s in the file: 1.800 s (frame 45 at 25 fps) and 6.250 s (156).
        CHECK(out.output.find("subject1.s,45,1800000,156,6250000") != std::string::npos);
    }
    SECTION("a live observation with --fps keeps its unpaired state running and says so") {
        auto r = cli({"--user", "ann", "import", study, test2, "--observation", "live not paired",
                      "--fps", "30"});
        REQUIRE(r.exit_code == 0);
        CHECK(r.output.find("never stops: imported as still running") != std::string::npos);
        auto out =
            cli({"events", "export", study, "--session", "live not paired", "--coder", "ann"});
        CHECK(out.output.find("no_focal_subject.s,805,26862000,,") != std::string::npos);
    }
}

TEST_CASE("import: codes the scheme lacks go in only through a finished mapping",
          "[cli][interop]") {
    if (!samples_present()) return;
    const std::string dir = scratch_folder("attune_cli_import_mapping");
    const std::string study = dir + "/s.attune", mapping = dir + "/m.json";
    std::filesystem::remove(study);
    std::filesystem::remove(mapping);
    REQUIRE(cli({"--user", "ann", "study", "create", study, "--name", "t", "--scheme",
                 std::string(ATTUNE_SCHEMA_DIR) + "/ssp-infant.json"})
                .exit_code == 0);
    const std::vector<std::string> base = {"--user", "ann",           "import",        study,
                                           test2,    "--observation", "observation #1"};
    auto refused = cli(base);
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.find("subject1 / s (3 events)") != std::string::npos);
    CHECK(refused.output.find("nothing was imported") != std::string::npos);

    auto args = base;
    args.insert(args.end(), {"--write-mapping", mapping});
    auto wrote = cli(args);
    REQUIRE(wrote.exit_code == 0);
    CHECK(wrote.output.find("2 still to decide") != std::string::npos);
    auto m = nlohmann::json::parse(read_file(mapping));
    REQUIRE(m["behaviours"].size() == 2);
    CHECK(m["schemeBehaviours"].contains("CRY"));
    m["behaviours"][0]["to"] = "CRY";    // subject1 / s
    m["behaviours"][1]["to"] = nullptr;  // subject2 / s: dropped
    std::ofstream(mapping) << m.dump(2);
    args = base;
    args.insert(args.end(), {"--mapping", mapping});
    auto r = cli(args);
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("CRY: 3") != std::string::npos);
    CHECK(r.output.find("left out: 1 events of codes the mapping drops") != std::string::npos);

    m["behaviours"][0]["to"] = "NOPE";
    std::ofstream(mapping) << m.dump(2);
    auto wrong = cli(args);
    CHECK(wrong.exit_code == 1);
    CHECK(wrong.output.find("has no behaviour 'NOPE'") != std::string::npos);
}

TEST_CASE("import: an ELAN document arrives whole, each tier x value a behaviour",
          "[cli][interop]") {
    const std::string eaf = std::string(ATTUNE_INTEROP_DIR) + "/elan/pympi_sample_3.0.eaf";
    if (!std::filesystem::exists(eaf)) {
        skip_reason("the interop samples are absent: " + eaf);
        return;
    }
    const std::string dir = scratch_folder("attune_cli_import_elan");
    const std::string scheme = dir + "/e.json", study = dir + "/e.attune";
    std::filesystem::remove(scheme);
    std::filesystem::remove(study);
    REQUIRE(cli({"scheme", "from-elan", eaf, "--out", scheme}).exit_code == 0);
    REQUIRE(cli({"--user", "ann", "study", "create", study, "--name", "e", "--scheme", scheme})
                .exit_code == 0);
    auto no_rate = cli({"--user", "ann", "import", study, eaf});
    CHECK(no_rate.exit_code == 1);
    CHECK(no_rate.output.find("attune-cli: --fps N") != std::string::npos);
    auto r = cli({"--user", "ann", "import", study, eaf, "--fps", "25"});
    REQUIRE(r.exit_code == 0);
    // 8778: the document's own lastUsedAnnotationId, every annotation of it.
    CHECK(r.output.find("imported 8778 events into 1 session") != std::string::npos);
    CHECK(r.output.find("gestures.prep: 2") != std::string::npos);
}
