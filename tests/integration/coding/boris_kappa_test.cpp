// BORIS projects read into bouts, and BORIS's own time-unit kappa reproduced on
// BORIS's test project (agreement/VECTORS.md, recomputed with BORIS 9.12.3).
#include <catch2/catch.hpp>
#include <filesystem>

#include "attune/coding/interop/boris_project.hpp"
#include "attune/coding/stats/event_agreement.hpp"
#include "skip.hpp"

using namespace attune;

namespace {

const std::string test2 = std::string(ATTUNE_INTEROP_DIR) + "/boris/test2.boris";

const std::string tiny_project = R"({
 "subjects_conf": {"0": {"key": "1", "name": "S", "description": ""}},
 "behaviors_conf": {"0": {"type": "State event", "code": "a"}, "1": {"type": "Point event", "code": "p"}},
 "observations": {"o": {"type": "IMAGES", "events": [
   [NaN, "S", "p", "", "", 1, "x.jpg"], [0.0004999, "S", "a", "", ""], [1.0005, "", "a", "", ""],
   [2.0, "S", "a", "", ""], [3.5, "S", "p", "", ""], [4.0, "S", "zz", "", ""], [5.0, "S", "a", "m", ""]]}}
})";

}  // namespace

TEST_CASE("BORIS time-unit kappa on test2.boris as BORIS computes it", "[agreement][events]") {
    if (!std::filesystem::exists(test2)) {
        testing::skip_reason("the interop samples are absent: " + test2);
        return;
    }
    auto project = interop::read_boris_project(test2);
    REQUIRE(project.ok());
    const auto* one = project->observation("observation #1");
    const auto* two = project->observation("observation #2");
    REQUIRE(one);
    REQUIRE(two);
    stats::TimeUnitOptions o;  // 1-s units, modifiers not included
    o.filter.subjects = {"subject1", "subject2"};

    SECTION("observation #1 vs #2, behaviour s: N 636, agreements 579, kappa -0.036097") {
        o.filter.behaviours = {"s"};
        auto r = stats::time_unit_kappa(one->bouts, two->bouts, o);
        CHECK(r.tally.n == 636);
        CHECK(r.tally.agreements == 579);
        CHECK(r.tally.chance == Approx(580.9858).margin(5e-5));
        REQUIRE(r.kappa.value.has_value());
        CHECK(*r.kappa.value == Approx(-0.036097).margin(5e-7));
        CHECK(r.inputs.find("2 coders, 1-s units, 636 unit x subject tallies") !=
              std::string::npos);
    }
    SECTION("observation #1 vs itself, behaviours s and p: 1") {
        o.filter.behaviours = {"s", "p"};
        auto r = stats::time_unit_kappa(one->bouts, one->bouts, o);
        REQUIRE(r.kappa.value.has_value());
        CHECK(*r.kappa.value == 1.0);
    }
}

TEST_CASE("BORIS project reader: ethogram, subjects, parity pairing", "[agreement][events]") {
    if (!std::filesystem::exists(test2)) {
        testing::skip_reason("the interop samples are absent: " + test2);
        return;
    }
    auto project = interop::read_boris_project(test2);
    REQUIRE(project.ok());
    CHECK(project->behaviour_is_state.at("s"));
    CHECK_FALSE(project->behaviour_is_state.at("p"));
    CHECK(project->subjects == std::vector<std::string>{"subject1", "subject2"});
    const auto* one = project->observation("observation #1");
    REQUIRE(one);
    // [3.3, 7.75], [9.9, 16.2], [18.35, 24.475] for subject1 and [38.425, 46.1] for subject2
    REQUIRE(one->bouts.size() == 4);
    CHECK(one->bouts[2] == stats::Bout{"subject1", "s", "", 18'350'000, 24'475'000, false});
    CHECK(one->bouts[3].subject == "subject2");
    const auto* two = project->observation("observation #2");
    REQUIRE(two);
    CHECK(two->bouts.front() ==
          stats::Bout{interop::boris_no_focal_subject, "s", "", 1'800'000, 8'125'000, false});
    const auto* unpaired = project->observation("live not paired");
    REQUIRE(unpaired);
    CHECK_FALSE(unpaired->unpaired.empty());
}

TEST_CASE("BORIS project reader: NaN, rounding to the ms, unknown codes, open states",
          "[agreement][events]") {
    auto project = interop::parse_boris_project(tiny_project);
    REQUIRE(project.ok());
    const auto& o = project->observations.at(0);
    CHECK(o.events_without_time == 1);
    CHECK(o.unknown_codes == std::vector<std::string>{"zz"});
    // S a: 0.0004999 -> 0.000 and 2.0; "" a opened at 1.0005 (-> 1.000 or 1.001: the binary
    // value decides) and S a "m" opened at 5.0 stay open.
    REQUIRE(o.bouts.size() == 2);
    CHECK(o.bouts[0] == stats::Bout{"S", "a", "", 0, 2'000'000, false});
    CHECK(o.bouts[1] == stats::Bout{"S", "p", "", 3'500'000, 3'500'000, true});
    CHECK(o.unpaired.size() == 2);
}

TEST_CASE("BORIS project reader: malformed files are errors, not crashes", "[agreement][events]") {
    auto error_of = [](const std::string& text) {
        auto r = interop::parse_boris_project(text);
        return r.ok() ? std::string() : r.error().message;
    };
    CHECK(error_of("{\"behaviors_conf\": ").find("malformed") != std::string::npos);
    CHECK(error_of("[1, 2]").find("not a JSON object") != std::string::npos);
    // A number too large for a double is the parser's out_of_range, not a parse error
    // (found by fuzz_boris): still one message, never an exception out of the reader.
    CHECK(error_of("{\"subjects_conf\": 6666E666666}").find("malformed") != std::string::npos);
    CHECK(error_of("{\"observations\": {}}").find("behaviors_conf") != std::string::npos);
    CHECK(error_of("{\"behaviors_conf\": {}}").find("observations") != std::string::npos);
    const std::string head =
        "{\"behaviors_conf\": {\"0\": {\"type\": \"Point event\", \"code\": "
        "\"p\"}}, \"observations\": {\"o\": {\"events\": ";
    CHECK(error_of(head + "[[1.0, \"S\"]]}}}").find("event 1 is not a list") != std::string::npos);
    CHECK(error_of(head + "[[\"x\", \"S\", \"p\"]]}}}").find("not a number") != std::string::npos);
    CHECK(error_of(head + "[[1e300, \"S\", \"p\"]]}}}").find("out of range") != std::string::npos);
    CHECK(error_of(head + "[[1, 2, \"p\"]]}}}").find("must be text") != std::string::npos);
    CHECK(error_of(head + "7}}}").find("not a list") != std::string::npos);
    CHECK(interop::read_boris_project("/nonexistent/x.boris").error().message.find("cannot open") !=
          std::string::npos);
}

TEST_CASE("BORIS project reader: every truncation of a project is an error, never a crash",
          "[agreement][events]") {
    int errors = 0;
    for (size_t n = 0; n < tiny_project.size(); ++n) {
        auto r = interop::parse_boris_project(tiny_project.substr(0, n));
        if (!r.ok()) ++errors;
        CHECK((r.ok() || !r.error().message.empty()));
    }
    CHECK(errors == int(tiny_project.size()));  // a prefix of a JSON object never closes it
}
