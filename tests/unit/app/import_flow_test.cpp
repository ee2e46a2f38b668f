// Study > Import... and Export... driven by the intents the dialogs post, on a real
// Workbench and study file without a window: a BORIS project written by our writer is read
// on the task runner, its codes mapped (one left to decide, then dropped), the plan checked,
// and only the commit writes; the events land on the frames the file's rate gives. An export
// is then written de-identified, and refused when its files are already there.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "attune/coding/event_log.hpp"
#include "attune/coding/records.hpp"
#include "intents.hpp"
#include "old_boris_project.hpp"
#include "text_files.hpp"
#include "workbench.hpp"

using namespace attune;
using namespace attune::app;
namespace fs = std::filesystem;

namespace {

struct Desk {
    fs::path dir;
    Preferences prefs;
    TaskRunner tasks;
    std::unique_ptr<Workbench> wb;

    explicit Desk(const std::string& name) {
        dir = fs::temp_directory_path() / "attune-unit" / "import_flow" / name;
        fs::remove_all(dir);
        fs::create_directories(dir / "config");
        wb = std::make_unique<Workbench>(prefs, tasks, (dir / "config").string(), "alice");
        wb->post(intent::CreateStudy{(dir / "study.attune").string(), "import"});
        apply_intents(*wb);
        REQUIRE(wb->study());
    }
    void post(Intent what) {
        wb->post(std::move(what));
        apply_intents(*wb);
    }
    // Frames go by (the window's loop) until the import's and the export's work is done.
    void settle() {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < until) {
            wb->take_interop_results();
            if (!wb->import_flow().busy() && !wb->exporting()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        FAIL("the import or export never finished");
    }
};

}  // namespace

TEST_CASE("Import...: read, map, check, and only Import writes, on the file's frames",
          "[workstation][interop]") {
    Desk d("flow");
    const std::string file = testing::write_old_boris_project(d.dir);
    d.post(intent::StartImport{file});
    CHECK(d.wb->import_flow().stage() == ImportFlow::Stage::Reading);
    d.settle();
    const ImportFlow& flow = d.wb->import_flow();
    REQUIRE(flow.stage() == ImportFlow::Stage::Mapping);
    REQUIRE(flow.scheme() != nullptr);
    CHECK(flow.scheme()->id == "ssp-infant-ainsworth1978-d1990");
    REQUIRE(flow.mapping().codes.size() == 2);
    const auto& codes = flow.mapping().codes;
    const size_t cry = codes[0].behaviour == "CRY" ? 0 : 1, wiggle = 1 - cry;
    CHECK(codes[cry].choice == interop::MapChoice::Mapped);
    CHECK(codes[cry].to == "CRY");
    CHECK(codes[wiggle].choice == interop::MapChoice::Undecided);

    // Check with a code undecided: refused, nothing planned, the code named.
    d.post(intent::StepImport{intent::ImportStep::Check});
    CHECK(flow.stage() == ImportFlow::Stage::Mapping);
    CHECK_THAT(flow.problem(), Catch::Contains("1 of the file's codes are still to map or drop"));
    CHECK_THAT(flow.problem(), Catch::Contains("wiggle"));

    d.post(intent::MapImport{false, wiggle, interop::MapChoice::Dropped, ""});
    d.post(intent::StepImport{intent::ImportStep::Check});
    d.settle();
    REQUIRE(flow.stage() == ImportFlow::Stage::Reviewing);
    REQUIRE(flow.plan() != nullptr);
    CHECK(flow.plan()->events() == 1);
    CHECK_THAT(flow.plan()->summary(), Catch::Contains("CRY: 1"));
    CHECK_THAT(flow.plan()->summary(),
               Catch::Contains("left out: 1 events of codes the mapping drops"));
    CHECK(list_sessions(*d.wb->study()).empty());  // checking writes nothing

    SECTION("Import commits it: session visit1, alice's primary pass, frames at 25 fps") {
        d.post(intent::StepImport{intent::ImportStep::Commit});
        CHECK(flow.stage() == ImportFlow::Stage::Committing);
        d.settle();
        CHECK_FALSE(flow.open());
        CHECK_THAT(d.wb->view().status, Catch::Contains("Imported 1 events into 1 session"));
        const auto session = find_session(*d.wb->study(), "visit1");
        REQUIRE(session);
        const auto pass = find_pass(*d.wb->study(), session->id, "alice", PassRole::Primary);
        REQUIRE(pass);
        const auto scheme = load_scheme_snapshot(*d.wb->study(), pass->scheme_snapshot_id);
        REQUIRE(scheme.ok());
        const auto events = EventLog(*d.wb->study(), *scheme, pass->id).events();
        REQUIRE(events.size() == 1);
        CHECK(events[0].behaviour == "CRY");
        CHECK(events[0].start_frame == 25);
        CHECK(events[0].start_us == 1'000'000);
        REQUIRE(events[0].stop_frame);
        CHECK(*events[0].stop_frame == 63);  // 2.520 s x 25
    }
    SECTION("Cancel leaves the study as it was") {
        d.post(intent::StepImport{intent::ImportStep::Cancel});
        CHECK_FALSE(flow.open());
        CHECK(list_sessions(*d.wb->study()).empty());
    }
    SECTION("Back returns to the mapping with the choices kept") {
        d.post(intent::StepImport{intent::ImportStep::Back});
        CHECK(flow.stage() == ImportFlow::Stage::Mapping);
        CHECK(flow.mapping().codes[wiggle].choice == interop::MapChoice::Dropped);
    }
}

TEST_CASE("Import...: a file that cannot be read says why and opens nothing",
          "[workstation][interop]") {
    Desk d("unreadable");
    const std::string file = (d.dir / "broken.boris").string();
    std::ofstream(file) << "{\"project_format_version\": ";
    d.post(intent::StartImport{file});
    d.settle();
    CHECK_FALSE(d.wb->import_flow().open());
    CHECK(d.wb->view().status_is_error);
    CHECK_THAT(d.wb->view().status, Catch::StartsWith("Nothing imported: "));
    CHECK(list_sessions(*d.wb->study()).empty());
}

TEST_CASE("Export...: de-identified files in the folder, an earlier export is not overwritten",
          "[workstation][interop]") {
    Desk d("export");
    d.post(intent::StartImport{testing::write_old_boris_project(d.dir)});
    d.settle();
    const auto& codes = d.wb->import_flow().mapping().codes;
    for (size_t i = 0; i < codes.size(); ++i)
        if (codes[i].choice == interop::MapChoice::Undecided)
            d.post(intent::MapImport{false, i, interop::MapChoice::Dropped, ""});
    d.post(intent::StepImport{intent::ImportStep::Check});
    d.settle();
    d.post(intent::StepImport{intent::ImportStep::Commit});
    d.settle();
    REQUIRE(find_session(*d.wb->study(), "visit1"));

    ExportChoices c;
    c.folder = (d.dir / "out").string();
    c.format = "csv";
    d.post(intent::StartExport{c});
    d.settle();
    CHECK_THAT(d.wb->view().status, Catch::Contains("Exported 8 files"));
    CHECK_THAT(d.wb->view().status, Catch::Contains("coders as 'coder N'"));
    const std::string events = testing::read_file((d.dir / "out" / "events.csv").string());
    CHECK_THAT(events, Catch::Contains("visit1,visit1,coder 1,primary,ssp-infant"));
    CHECK(events.find("alice") == std::string::npos);
    CHECK(events.find("gone.mp4") == std::string::npos);

    d.post(intent::StartExport{c});
    d.settle();
    CHECK(d.wb->view().status_is_error);
    CHECK_THAT(d.wb->view().status, Catch::Contains("exists (an earlier export?)"));

    c.replace = true, c.with_coders = true;
    d.post(intent::StartExport{c});
    d.settle();
    CHECK_FALSE(d.wb->view().status_is_error);
    CHECK_THAT(testing::read_file((d.dir / "out" / "events.csv").string()),
               Catch::Contains(",alice,primary,"));
}

TEST_CASE("Import...: one import at a time, and none outlives its study",
          "[workstation][interop]") {
    Desk d("guards");
    const std::string file = testing::write_old_boris_project(d.dir);
    d.post(intent::StartImport{file});
    d.settle();
    REQUIRE(d.wb->import_flow().stage() == ImportFlow::Stage::Mapping);

    d.post(intent::StartImport{file});  // a second one while the first is open: refused
    CHECK(d.wb->view().status_is_error);
    CHECK_THAT(d.wb->view().status, Catch::Contains("An import is open"));
    CHECK(d.wb->import_flow().stage() == ImportFlow::Stage::Mapping);

    // Another study opened: the import (its sessions, passes and scheme were the first
    // study's) is closed, so nothing of it can be checked or committed into the second.
    d.post(intent::CreateStudy{(d.dir / "other.attune").string(), "other"});
    REQUIRE(d.wb->study());
    CHECK_FALSE(d.wb->import_flow().open());
    d.post(intent::StepImport{intent::ImportStep::Commit});
    d.settle();
    CHECK(list_sessions(*d.wb->study()).empty());
}
