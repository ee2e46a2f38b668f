// The Observer XT template reader on the template in interop/boris (UTF-16 .otx, and the
// .otb archive holding it), with the BORIS project BORIS made from that template as the
// oracle: the same subjects and behaviours, and `scheme from-otx` gives the scheme
// `scheme from-boris` gives from BORIS's import.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "attune/coding/interop/boris_project.hpp"
#include "attune/coding/interop/observer_xt.hpp"
#include "cli_support.hpp"
#include "skip.hpp"

using namespace attune;

namespace {

const std::string boris_dir = std::string(ATTUNE_INTEROP_DIR) + "/boris/";

bool samples_present() {
    if (std::filesystem::exists(boris_dir + "otx_parser_test.otx")) return true;
    testing::skip_reason("the interop samples are absent: " + boris_dir);
    return false;
}

}  // namespace

TEST_CASE("Observer XT reader: the template's subjects and behaviours are those BORIS imported",
          "[interop][otx]") {
    if (!samples_present()) return;
    auto oracle = interop::read_boris(boris_dir + "otx_import_test.boris");
    REQUIRE(oracle.ok());
    for (const char* name : {"otx_parser_test.otx", "otx_parser_test.otb"}) {
        INFO(name);
        auto p = interop::read_otx(boris_dir + name);
        if (!p) FAIL(p.error().message);
        CHECK(p->name == "Consumer behavior XT10.5");
        CHECK(p->subjects == oracle->subjects);
        CHECK(p->subjects.size() == 13);
        REQUIRE(p->ethogram.size() == oracle->ethogram.size());
        for (size_t i = 0; i < p->ethogram.size(); ++i) {
            const auto &ours = p->ethogram[i], &theirs = oracle->ethogram[i];
            CHECK(ours.code == theirs.code);
            CHECK(ours.category == theirs.category);
            CHECK(ours.key == theirs.key);
            CHECK(ours.state == theirs.state);
        }
        CHECK(p->variables == std::vector<std::string>{"Gender"});
        CHECK(p->observations.empty());
    }
}

TEST_CASE("scheme from-otx: the scheme BORIS's import of the template gives",
          "[cli][interop][otx]") {
    if (!samples_present()) return;
    const std::string dir = testing::scratch_folder("attune_cli_otx");
    const std::string ours = dir + "/otx.json", theirs = dir + "/boris.json";
    REQUIRE(testing::cli(
                {"scheme", "from-otx", boris_dir + "otx_parser_test.otb", "--out", ours, "--force"})
                .exit_code == 0);
    REQUIRE(testing::cli({"scheme", "from-boris", boris_dir + "otx_import_test.boris", "--out",
                          theirs, "--force"})
                .exit_code == 0);
    auto a = nlohmann::json::parse(testing::read_file(ours));
    auto b = nlohmann::json::parse(testing::read_file(theirs));
    CHECK(a["roles"] == b["roles"]);
    REQUIRE(a["behaviors"].size() == 286);  // 22 behaviours x 13 subjects
    REQUIRE(a["behaviors"].size() == b["behaviors"].size());
    for (size_t i = 0; i < a["behaviors"].size(); ++i) {
        auto x = a["behaviors"][i], y = b["behaviors"][i];
        y.erase("definition");  // BORIS's import copies the key code into the description
        CHECK(x == y);
    }
    CHECK(a["scheme"]["status"] ==
          "derived from the Observer XT file by attune-cli scheme from-otx");
    // A template has no observations: importing one says what to do instead.
    const std::string study = dir + "/s.attune";
    std::filesystem::remove(study);
    REQUIRE(testing::cli({"study", "create", study, "--name", "t", "--scheme", ours}).exit_code ==
            0);
    auto import = testing::cli({"import", study, boris_dir + "otx_parser_test.otx"});
    CHECK(import.exit_code == 1);
    CHECK(import.output.find("is an Observer XT template: it holds a coding scheme and no "
                             "observations. Make a scheme of it with attune-cli scheme from-otx") !=
          std::string::npos);
}

TEST_CASE("Observer XT reader: what is not a template is one clear message", "[interop][otx]") {
    auto html = interop::parse_otx("<html/>", "x");
    REQUIRE_FALSE(html.ok());
    CHECK(html.error().message ==
          "not an Observer XT template: no NXMLINTERCHANGE with a coding scheme "
          "(CDS_VOSCODINGSCHEME)");
    CHECK_FALSE(interop::parse_otx("<NXMLINTERCHANGE><CDS_VOSCODINGSCHEME>", "x").ok());
    auto modifiers = interop::parse_otx(
        "<NXMLINTERCHANGE><CDS_VOSCODINGSCHEME><CDS_MODIFIERS><CDS_MODIFIER/><CDS_MODIFIER/>"
        "</CDS_MODIFIERS></CDS_VOSCODINGSCHEME></NXMLINTERCHANGE>",
        "x");
    REQUIRE(modifiers.ok());
    CHECK(modifiers->notes ==
          std::vector<std::string>{"the template's 2 modifier entries are not carried over (add "
                                   "them to the scheme's behaviours as modifiers)"});
}
