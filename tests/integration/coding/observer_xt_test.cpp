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
}

TEST_CASE("Observer XT reader: modifier sets and their connections, as BORIS's import reads them",
          "[interop][otx]") {
    // Sets are CDS_MODIFIERs without a parent, values name theirs; CDS_CONNECTION ties a set to
    // a behaviour. A behaviour's sets come in the order the template lists the sets.
    const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<NXMLINTERCHANGE><CDS_VOSCODINGSCHEME xmlns="nxmlvoscodingscheme">
<CDS_SUBJECTS><CDS_SUBJECT><CDS_ELE_NAME>infant</CDS_ELE_NAME><CDS_ELE_GROUP>N</CDS_ELE_GROUP>
</CDS_SUBJECT></CDS_SUBJECTS>
<CDS_BEHAVIORS>
<CDS_BEHAVIOR><CDS_ELE_NAME>Distress</CDS_ELE_NAME><CDS_ELE_ID>10</CDS_ELE_ID>
<CDS_ELE_GROUP>Y</CDS_ELE_GROUP></CDS_BEHAVIOR>
<CDS_BEHAVIOR><CDS_ELE_NAME>cry</CDS_ELE_NAME><CDS_ELE_ID>11</CDS_ELE_ID>
<CDS_ELE_PARENT_NAME>Distress</CDS_ELE_PARENT_NAME><CDS_ELE_PARENT_ID>10</CDS_ELE_PARENT_ID>
<CDS_ELE_GROUP>N</CDS_ELE_GROUP></CDS_BEHAVIOR>
<CDS_BEHAVIOR><CDS_ELE_NAME>look</CDS_ELE_NAME><CDS_ELE_ID>12</CDS_ELE_ID>
<CDS_ELE_PARENT_NAME>Distress</CDS_ELE_PARENT_NAME><CDS_ELE_PARENT_ID>10</CDS_ELE_PARENT_ID>
<CDS_ELE_POINT>Y</CDS_ELE_POINT><CDS_ELE_GROUP>N</CDS_ELE_GROUP></CDS_BEHAVIOR>
</CDS_BEHAVIORS>
<CDS_MODIFIERS>
<CDS_MODIFIER><CDS_ELE_NAME>intensity</CDS_ELE_NAME><CDS_ELE_ID>20</CDS_ELE_ID>
<CDS_ELE_GROUP>Y</CDS_ELE_GROUP></CDS_MODIFIER>
<CDS_MODIFIER><CDS_ELE_NAME>low</CDS_ELE_NAME><CDS_ELE_ID>21</CDS_ELE_ID>
<CDS_ELE_PARENT_ID>20</CDS_ELE_PARENT_ID></CDS_MODIFIER>
<CDS_MODIFIER><CDS_ELE_NAME>target</CDS_ELE_NAME><CDS_ELE_ID>30</CDS_ELE_ID>
<CDS_ELE_GROUP>Y</CDS_ELE_GROUP></CDS_MODIFIER>
<CDS_MODIFIER><CDS_ELE_NAME>mother</CDS_ELE_NAME><CDS_ELE_ID>31</CDS_ELE_ID>
<CDS_ELE_PARENT_ID>30</CDS_ELE_PARENT_ID></CDS_MODIFIER>
<CDS_MODIFIER><CDS_ELE_NAME>high</CDS_ELE_NAME><CDS_ELE_ID>22</CDS_ELE_ID>
<CDS_ELE_PARENT_ID>20</CDS_ELE_PARENT_ID></CDS_MODIFIER>
<CDS_MODIFIER><CDS_ELE_NAME>stray</CDS_ELE_NAME><CDS_ELE_ID>40</CDS_ELE_ID>
<CDS_ELE_PARENT_ID>77</CDS_ELE_PARENT_ID></CDS_MODIFIER>
</CDS_MODIFIERS>
<CDS_CONNECTIONS>
<CDS_CONNECTION CDS_ELEMENT_ID="11" CDS_MODIFIER_ID="20"/>
<CDS_CONNECTION CDS_ELEMENT_ID="12" CDS_MODIFIER_ID="30"/>
<CDS_CONNECTION CDS_ELEMENT_ID="12" CDS_MODIFIER_ID="20"/>
<CDS_CONNECTION CDS_ELEMENT_ID="12" CDS_MODIFIER_ID="99"/>
<CDS_CONNECTION CDS_ELEMENT_ID="10" CDS_MODIFIER_ID="30"/>
</CDS_CONNECTIONS>
</CDS_VOSCODINGSCHEME></NXMLINTERCHANGE>)";
    auto p = interop::parse_otx(xml, "modifiers");
    REQUIRE(p.ok());
    REQUIRE(p->ethogram.size() == 2);
    const auto& cry = p->ethogram[0];
    const auto& look = p->ethogram[1];
    CHECK(cry.code == "cry");
    CHECK(cry.state);
    REQUIRE(cry.modifiers.size() == 1);
    CHECK(cry.modifiers[0].name == "intensity");
    CHECK(cry.modifiers[0].kind == ModifierKind::Single);
    CHECK(cry.modifiers[0].values == std::vector<std::string>{"low", "high"});
    CHECK_FALSE(look.state);
    REQUIRE(look.modifiers.size() == 2);
    CHECK(look.modifiers[0].name == "intensity");  // the template's order of sets
    CHECK(look.modifiers[1].name == "target");
    CHECK(look.modifiers[1].values == std::vector<std::string>{"mother"});
    CHECK(p->notes ==
          std::vector<std::string>{
              "modifier 'stray' belongs to no set of the template (parent 77): left out",
              "modifier sets connected to the behaviour group 'Distress' are not given to its "
              "behaviours: add them in the scheme",
              "behaviour 'look' is connected to modifier set 99, which the template does not "
              "hold: left out"});

    // scheme from-otx carries them into the scheme as modifiers with their values.
    const std::string dir = testing::scratch_folder("attune_otx_modifiers");
    const std::string file = dir + "/modifiers.otx", out = dir + "/modifiers.json";
    testing::write_file(file, xml);
    REQUIRE(testing::cli({"scheme", "from-otx", file, "--out", out, "--force"}).exit_code == 0);
    const auto scheme = nlohmann::json::parse(testing::read_file(out));
    const auto& behaviours = scheme["behaviors"];
    const auto cry_def = std::find_if(behaviours.begin(), behaviours.end(),
                                      [](const auto& b) { return b["label"] == "cry"; });
    REQUIRE(cry_def != behaviours.end());
    REQUIRE((*cry_def)["modifiers"].size() == 1);
    CHECK((*cry_def)["modifiers"][0]["id"] == "intensity");
    CHECK((*cry_def)["modifiers"][0]["values"] == nlohmann::json::array({"low", "high"}));
}
