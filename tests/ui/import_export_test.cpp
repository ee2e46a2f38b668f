// Study > Import..., Export... and Edit > Re-derive frames in the real workstation window:
// a lab's old BORIS project goes in through the import dialog (its unknown code dropped),
// lands as the CLI's import lands it, and is exported de-identified; events imported at the
// file's frame rate move onto the recording's frames once it is indexed.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "old_boris_project.hpp"
#include "text_files.hpp"
#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;
namespace fs = std::filesystem;

TEST_CASE("Import... brings an old BORIS project in through the dialog, Export... writes it",
          "[ui][interop]") {
    const UiStudy s = make_ui_study("import_dialog", "ui_coding", 2);
    const std::string old = write_old_boris_project(s.dir);
    const std::string out = s.dir + "/export";
    const auto r = run_ok(workstation_command(s,
                                              write_script(s, "import.script",
                                                           "import " + old +
                                                               "\n"
                                                               "map child/wiggle drop\n"
                                                               "answer Check...\n"
                                                               "answer Import\n"
                                                               "export " +
                                                               out +
                                                               " csv\n"
                                                               "quit\n"),
                                              ""));
    CHECK_THAT(r.output,
               Catch::Contains("attune: Imported 1 events into 1 session from old.boris"));
    const auto events = coded_events(s.study, "visit1");
    REQUIRE(events.size() == 1);
    CHECK(events[0].behaviour == "CRY");
    CHECK(events[0].start_frame == 25);  // 1.000 s at the file's 25 fps
    REQUIRE(events[0].stop_frame);
    CHECK(*events[0].stop_frame == 63);  // 2.520 s

    CHECK_THAT(r.output, Catch::Contains("Exported 8 files to " + out));
    const std::string table = read_file((fs::path(out) / "events.csv").string());
    CHECK_THAT(table, Catch::Contains(",visit1,coder 1,primary,"));
    CHECK(table.find("alice") == std::string::npos);
}

TEST_CASE("Re-derive frames moves events imported at the file's rate onto the recording's frames",
          "[ui][interop]") {
    const UiStudy s = make_ui_study("import_retime", "ui_import", 4);  // 30 fps
    const std::string old = write_old_boris_project(s.dir);
    const std::string mapping = s.dir + "/mapping.json";
    std::ofstream(mapping) << R"({"format": "attune-mapping/1", "behaviours": )"
                           << R"([{"subject": "child", "behaviour": "wiggle", "to": null}]})";
    // Into P01 before the study has indexed its recording: frames at the file's 25 fps.
    run_ok({ATTUNE_CLI_PATH, "--user", "alice", "import", s.study, old, "--observation", "visit1",
            "--session", "P01", "--mapping", mapping});
    auto before = coded_events(s.study, "P01");
    REQUIRE(before.size() == 1);
    CHECK(before[0].start_frame == 25);

    const auto r = run_ok(workstation_command(
        s, write_script(s, "retime.script", "open P01\nframes 3\nanswer Re-derive frames\nquit\n"),
        ""));
    CHECK_THAT(r.output, Catch::Contains("1 events of this pass were timed without this "
                                         "recording's frame index"));
    CHECK_THAT(r.output, Catch::Contains("Re-derived the frames of 1 events"));
    const auto after = coded_events(s.study, "P01");
    REQUIRE(after.size() == 1);
    CHECK(after[0].start_frame == 30);  // 1.000 s at the clip's 30 fps
    CHECK(after[0].start_us == 1'000'000);
    REQUIRE(after[0].stop_frame);
    CHECK(*after[0].stop_frame == 75);  // 2.520 s falls on frame 75 (2.500-2.533 s)
    CHECK(after[0].stop_us == 2'500'000);
}
