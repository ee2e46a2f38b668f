// attune-cli reliability (issue 12 point 4) on a small study of two double-coded
// sessions entered through the CLI: Markdown, CSV and JSON output, the --kind and
// --session filters, the study's criterion quoted beside its figure, and the messages
// for a session that does not exist and a study with nothing double-coded.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

const std::string kScheme = ATTUNE_SCHEMA_DIR "/ssp-infant.json";

std::string dir() {
    return scratch_folder("attune-cli-reliability-test");
}

void run_ok(const std::vector<std::string>& args) {
    auto r = cli(args);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
}

void code_pass(const std::string& path, const std::string& session, const std::string& coder,
               const std::string& role, const std::string& code, const std::string& ps) {
    run_ok({"--user", coder, "classification", "set", path, "--session", session, "--coder", coder,
            "--role", role, "--code", code});
    run_ok({"--user", coder, "rating", "set", path, "--session", session, "--coder", coder,
            "--role", role, "--scale", "PS", "--target", "parent", "--episode", "E5", "--value",
            ps});
}

// P01: ab B3 / cd B1, PS.parent.E5 3 / 4, one CRY each (1.0-2.0 s and 1.1-2.1 s).
// P02: ab C1 / cd C2, PS.parent.E5 5 / 5.
std::string double_coded_study(const std::string& name) {
    const std::string path = dir() + "/" + name;
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path + ext);
    run_ok({"--user", "sup", "study", "create", path, "--name", "rel", "--scheme", kScheme});
    for (const char* s : {"P01", "P02"})
        run_ok({"session", "add", path, "--label", s, "--participant", s});
    code_pass(path, "P01", "ab", "primary", "B3", "3");
    code_pass(path, "P01", "cd", "reliability", "B1", "4");
    code_pass(path, "P02", "ab", "primary", "C1", "5");
    code_pass(path, "P02", "cd", "reliability", "C2", "5");
    const char* header =
        "session,participant,coder,pass_role,subject,behaviour,start_frame,start_us,stop_frame,"
        "stop_us,duration_us,comment\n";
    std::ofstream(dir() + "/ab.csv")
        << header << "P01,P01,ab,primary,child,CRY,30,1000000,60,2000000,1000000,\n";
    std::ofstream(dir() + "/cd.csv")
        << header << "P01,P01,cd,reliability,child,CRY,33,1100000,63,2100000,1000000,\n";
    run_ok({"--user", "ab", "events", "import", path, dir() + "/ab.csv", "--session", "P01",
            "--coder", "ab"});
    run_ok({"--user", "cd", "events", "import", path, dir() + "/cd.csv", "--session", "P01",
            "--coder", "cd", "--role", "reliability"});
    return path;
}

nlohmann::json report_json(const std::vector<std::string>& extra, const std::string& path) {
    std::vector<std::string> args{"reliability", path, "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = cli(args);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.output);
}

const nlohmann::json& figure(const nlohmann::json& j, const std::string& session,
                             const std::string& item, const std::string& statistic) {
    for (const auto& f : j["figures"])
        if (f["session"] == session && f["item"] == item && f["statistic"] == statistic) return f;
    FAIL("no figure " << session << " / " << item << " / " << statistic);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("attune-cli reliability: json figures with name, value, interval, n and inputs",
          "[cli][reliability]") {
    const auto path = double_coded_study("json.attune");
    const auto j = report_json({}, path);
    CHECK(j["double_coded_sessions"] == 2);
    // 4-way: B/B and C/C, po = 1, pe = 1/2: kappa 1 with se 0, so the interval is [1, 1].
    const auto& k = figure(j, "pooled", "4-way (A/B/C/D)", "cohen_kappa");
    CHECK(k["name"] == "Cohen's kappa");
    CHECK(k["value"].get<double>() == Approx(1.0).margin(1e-9));
    CHECK(k["ci"]["low"].get<double>() == Approx(1.0).margin(1e-9));
    CHECK(k["n"] == 2);
    CHECK(k["inputs"] == "2 coders, 2 sessions");
    // Subgroups B3/B1 and C1/C2: no agreement.
    CHECK(figure(j, "pooled", "subgroup", "percent_agreement")["value"].get<double>() == 0);
    // PS / parent / E5: pairs (3, 4) and (5, 5): exact 1 of 2, within one 2 of 2.
    CHECK(figure(j, "pooled", "PS / parent / E5", "exact_agreement")["value"].get<double>() ==
          Approx(50.0).margin(1e-9));
    CHECK(figure(j, "pooled", "PS / parent / E5", "within_one_agreement")["value"].get<double>() ==
          Approx(100.0).margin(1e-9));
    // The two CRY bouts start 0.1 s apart, within the scheme's 2 s: one agreement; with a
    // single code the kappa has no variation to work with and says so.
    const auto& e = figure(j, "P01", "onsets within 2.0 s", "cohen_kappa");
    CHECK(e["value"].is_null());
    CHECK(e["undefined_reason"] == "no variation: both coders used a single category");
    CHECK(figure(j, "P01", "onsets within 2.0 s", "percent_agreement")["value"].get<double>() ==
          Approx(100.0).margin(1e-9));
    CHECK(j["confusion_4way"]["counts"][1][1] == 1);
    CHECK(j["drift"].size() == 2);
}

TEST_CASE("attune-cli reliability: --kind, --session, md and csv", "[cli][reliability]") {
    const auto path = double_coded_study("filters.attune");
    SECTION("--kind classification gives classification figures only") {
        const auto j = report_json({"--kind", "classification"}, path);
        REQUIRE(!j["figures"].empty());
        for (const auto& f : j["figures"]) CHECK(f["kind"] == "classification");
    }
    SECTION("--session P01 compares that session only") {
        const auto j = report_json({"--session", "P01"}, path);
        CHECK(j["double_coded_sessions"] == 1);
        for (const auto& f : j["figures"])
            CHECK((f["session"] == "P01" || f["session"] == "pooled"));
        CHECK(figure(j, "pooled", "4-way (A/B/C/D)", "percent_agreement")["n"] == 1);
    }
    SECTION("csv: one row per figure") {
        auto r = cli({"reliability", path, "--format", "csv", "--kind", "ratings"});
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
        CHECK(r.output.rfind("session,kind,item,statistic,name,value,ci_low,ci_high,n,inputs", 0) ==
              0);
        CHECK_THAT(r.output, Catch::Contains("pooled,ratings,PS / parent / E5,exact_agreement"));
    }
    SECTION("md: the figures, the confusion table and drift") {
        auto r = cli({"reliability", path});
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
        CHECK_THAT(r.output, Catch::Contains("# Reliability report") &&
                                 Catch::Contains("## 4-way classification") &&
                                 Catch::Contains("## Drift per coder pair"));
    }
}

TEST_CASE("attune-cli study criterion: quoted beside the matching figure", "[cli][reliability]") {
    const auto path = double_coded_study("criterion.attune");
    run_ok({"study", "criterion", path, "--kind", "classification-4way", "--statistic",
            "percent_agreement", "--at-least", "80"});
    auto j = report_json({"--kind", "classification"}, path);
    CHECK(figure(j, "pooled", "4-way (A/B/C/D)", "percent_agreement")["convention"] ==
          "the study's own convention: percent agreement of at least 80.0% (this figure: "
          "100.0%)");
    CHECK_FALSE(figure(j, "pooled", "4-way (A/B/C/D)", "cohen_kappa").contains("convention"));
    run_ok({"study", "criterion", path, "--clear"});
    j = report_json({"--kind", "classification"}, path);
    CHECK_FALSE(figure(j, "pooled", "4-way (A/B/C/D)", "percent_agreement").contains("convention"));
}

TEST_CASE("attune-cli reliability: messages that say what to do", "[cli][reliability]") {
    const auto path = double_coded_study("messages.attune");
    auto unknown = cli({"reliability", path, "--session", "P09"});
    CHECK(unknown.exit_code == 1);
    CHECK_THAT(unknown.output,
               Catch::Contains("no session 'P09' in this study") && Catch::Contains("P01, P02"));
    auto unit = cli({"reliability", path, "--unit", "0"});
    CHECK(unit.exit_code == 1);
    CHECK_THAT(unit.output, Catch::Contains("give a time unit above 0"));
    auto typo = cli({"reliability", path, "--behaviours", "CRYY"});
    CHECK(typo.exit_code == 1);
    CHECK_THAT(typo.output, Catch::Contains("no behaviour 'CRYY' in the scheme"));
    const std::string single = dir() + "/single.attune";
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(single + ext);
    run_ok({"study", "create", single, "--name", "one", "--scheme", kScheme});
    run_ok({"session", "add", single, "--label", "P01", "--participant", "P01"});
    code_pass(single, "P01", "ab", "primary", "B3", "3");
    auto none = cli({"reliability", single});
    CHECK(none.exit_code == 1);
    CHECK_THAT(none.output, Catch::Contains("no double-coded sessions in this study") &&
                                Catch::Contains("--role reliability"));
    auto bad_kind = cli({"reliability", path, "--kind", "everything"});
    CHECK(bad_kind.exit_code == 2);
}
