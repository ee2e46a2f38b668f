// The Datavyu reader on the spreadsheets Datavyu and OpenSHAPA wrote (interop/datavyu):
// every dialect of the text database, the .opf archive (with a sub-folder and __MACOSX
// junk), escapes, old predicate lines; the files Datavyu wrote back from older inputs read
// as the same spreadsheet; hostile archives and cells are one clear message.
#include <catch2/catch.hpp>
#include <filesystem>
#include <tuple>

#include "attune/coding/interop/datavyu.hpp"
#include "cli_support.hpp"
#include "process.hpp"
#include "skip.hpp"

using namespace attune;

namespace {

const std::string datavyu_dir = std::string(ATTUNE_INTEROP_DIR) + "/datavyu/";

bool samples_present() {
    if (std::filesystem::exists(datavyu_dir + "IO__simple3.opf")) return true;
    testing::skip_reason("the interop samples are absent: " + datavyu_dir);
    return false;
}

interop::ForeignProject read(const std::string& name) {
    auto p = interop::read_datavyu(datavyu_dir + name);
    if (!p) FAIL(p.error().message);
    return *p;
}

using Cell = std::tuple<std::string, int64_t, int64_t, std::vector<std::string>, std::string>;

std::vector<Cell> cells(const interop::ForeignProject& p) {
    std::vector<Cell> out;
    for (const auto& e : p.observations.at(0).events)
        out.push_back({e.behaviour, e.start_us, *e.stop_us, e.modifiers, e.comment});
    return out;
}

}  // namespace

TEST_CASE("Datavyu reader: columns become behaviours, arguments modifier sets, TEXT comments",
          "[interop][datavyu]") {
    if (!samples_present()) return;
    const auto p = read("IO__simple3.opf");
    REQUIRE(p.ethogram.size() == 4);
    CHECK(p.ethogram[0].code == "hiddenColumn");  // hidden, and without cells: still listed
    CHECK(p.ethogram[2].code == "testColumn3");
    REQUIRE(p.ethogram[2].modifiers.size() == 1);
    CHECK(p.ethogram[2].modifiers[0].name == "code01");
    CHECK(p.ethogram[2].modifiers[0].values == std::vector<std::string>{"cellC"});
    CHECK_FALSE(p.ethogram[2].state);  // zero-length cells only: a point
    CHECK(p.ethogram[3].modifiers.at(0).name == "value");
    const auto all = cells(p);
    REQUIRE(all.size() == 3);
    CHECK(all[0] == Cell{"testColumn", 0, 0, {}, "cellA"});
    CHECK(all[1] == Cell{"testColumn3", 0, 0, {"cellC"}, ""});
    CHECK(all[2] == Cell{"testColumn2", 0, 0, {"cellB"}, ""});
    CHECK(p.observations[0].events[0].subject == interop::no_focal_subject);
    CHECK(p.observations[0].events[0].where == "column testColumn, cell 1 (line 4)");

    const auto simple = read("IO__simple1.csv");
    REQUIRE(cells(simple).size() == 1);
    CHECK(cells(simple)[0] == Cell{"TestColumn", 60000000, 120000000, {}, "This is a test cell."});
    CHECK(simple.ethogram.at(0).state);
}

TEST_CASE("Datavyu reader: the files Datavyu wrote back from older dialects read the same",
          "[interop][datavyu]") {
    if (!samples_present()) return;
    for (const char* v : {"v1", "v2", "v3"}) {
        INFO(v);
        const auto in = read(std::string("ui__test-") + v + "-in.csv");
        const auto out = read(std::string("ui__test-") + v + "-out.csv");
        CHECK(cells(in) == cells(out));
        CHECK(cells(in).size() > 40);
    }
    // The project keeps the same spreadsheet as the database saved beside it.
    CHECK(cells(read("ui__location1__location1.opf")) ==
          cells(read("ui__location1__location1.csv")));
    const auto v2 = cells(read("ui__test-v2-in.csv"));
    CHECK(std::count(v2.begin(), v2.end(),
                     Cell{"matrix", 30000000, 31000000, {"1.200000", "4", "nm", "qs"}, ""}) == 1);
    CHECK(std::count(v2.begin(), v2.end(), Cell{"matrix", 0, 20000000, {"", "", "", ""}, ""}) == 1);
    CHECK(std::count(v2.begin(), v2.end(), Cell{"text", 0, 4000000, {}, "textdata1 with a \\"}) ==
          1);
}

TEST_CASE(
    "Datavyu reader: escapes, predicate lines, a sub-folder with __MACOSX, the viewer's "
    "medium",
    "[interop][datavyu]") {
    if (!samples_present()) return;
    const auto odb = read("ui__odbCSV.csv");
    const auto* walk = odb.behaviour("walk");
    REQUIRE(walk);
    CHECK(walk->modifiers.at(0).name == "walktyp-m-i-f-w");  // "\-" in the name
    CHECK(odb.behaviour("id")->modifiers.size() == 36);
    CHECK(odb.behaviour("NOTES") == nullptr);  // a predicate line, not a column
    const auto childes = read("favorites__datavyu-childes-template-separate.opf");
    const auto* header = childes.behaviour("CHILDES_HEADER");
    REQUIRE(header);
    CHECK(header->modifiers.at(1).values ==
          std::vector<std::string>{"@Participants: MRX detailsOnMrX, MSY detailsOnMsY"});
    const auto old = read("ui__oldProjectFormat.opf");
    CHECK(old.observations.at(0).media ==
          std::vector<std::string>{
              "/Volumes/MotorVideo/ET-BabyMom/Baby:Mom/S#16ETBabyMom_Synced.mov"});
    CHECK(cells(old).size() > 10);
    CHECK(old.behaviour("task")->modifiers.at(0).values == std::vector<std::string>{"f", "d"});
}

TEST_CASE(
    "Datavyu reader: a cell ending before it starts is left out and listed, broken "
    "spreadsheets and archives are one clear message",
    "[interop][datavyu]") {
    auto inverted = interop::parse_datavyu(
        "#4\nlook (MATRIX,true,)-at|NOMINAL\n00:00:01:000,00:00:02:000,(toy)\n"
        "00:00:05:000,00:00:04:500,(mother)\n",
        "s");
    REQUIRE(inverted.ok());
    const auto& o = inverted->observations.at(0);
    CHECK(o.events.size() == 1);
    CHECK(o.left_out == std::vector<std::string>{
                            "column look, cell 2 (line 4): its offset 00:00:04:500 comes before "
                            "its onset 00:00:05:000"});

    auto broken = interop::parse_datavyu(
        "#4\n00:00:01:000,00:00:02:000,x\nlook (MATRIX,true,)-at|NOMINAL\n"
        "00:00:01:000,00:00:02:000,(a,b)\n00:00:01:000,2,(a)\n",
        "s");
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().message ==
          "3 problems in the spreadsheet; nothing was read:\n"
          "  line 2: a cell before any column header\n"
          "  line 4: a look cell has 2 values and the column 1 arguments\n"
          "  line 5: a cell must be onset,offset,value with times as HH:MM:SS:mmm");
    CHECK_FALSE(
        interop::parse_datavyu("#4\nlook (TEXT,true,)\n00:00:01:000,00:00:02:000,\xE9\n", "s")
            .ok());
    // Long lines (a long note, a long column name) read in one pass, never overflow the stack.
    const std::string note(4 << 20, 'x'), name(1 << 20, 'n');
    auto long_lines = interop::parse_datavyu(
        "#4\n" + name + " (TEXT,true,)\n00:00:01:000,00:00:02:000," + note + "\n", "s");
    REQUIRE(long_lines.ok());
    CHECK(long_lines->observations.at(0).events.at(0).comment.size() == note.size());
    auto twice = interop::parse_datavyu(
        "#4\nlook (TEXT,true,)\nlook (MATRIX,true,)-at|NOMINAL\n00:00:01:000,00:00:02:000,(a)\n",
        "s");
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().message.find("line 3: a second column named look; rename one in Datavyu") !=
          std::string::npos);

    const std::string dir = testing::scratch_folder("attune_datavyu_hostile");
    const std::string not_zip = dir + "/not.opf";
    testing::write_file(not_zip, "#4\nlook (TEXT,true,)\n");
    auto refused = interop::read_datavyu(not_zip);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("is not a Datavyu project (a .opf is a ZIP archive)") !=
          std::string::npos);
    // A 300 MiB entry that packs into a few hundred KiB.
    const std::string bomb = dir + "/bomb.opf";
    auto made =
        testing::run_process({"/usr/bin/python3", "-c",
                              "import sys, zipfile\n"
                              "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
                              "    z.writestr('project', '!project\\nversion: 5\\n')\n"
                              "    with z.open('db', 'w', force_zip64=True) as f:\n"
                              "        for _ in range(300): f.write(b'0' * (1 << 20))\n",
                              bomb},
                             120);
    REQUIRE(made.ok());
    REQUIRE(made->exit_code == 0);
    // A member named outside the archive: refused whole, though nothing would be written.
    const std::string escape = dir + "/escape.opf";
    auto zipped = testing::run_process({"/usr/bin/python3", "-c",
                                        "import sys, zipfile\n"
                                        "with zipfile.ZipFile(sys.argv[1], 'w') as z:\n"
                                        "    z.writestr('project', '!project\\nversion: 5\\n')\n"
                                        "    z.writestr('../db', '#4\\n')\n",
                                        escape},
                                       60);
    REQUIRE(zipped.ok());
    REQUIRE(zipped->exit_code == 0);
    auto outside = interop::read_datavyu(escape);
    REQUIRE_FALSE(outside.ok());
    CHECK(outside.error().message ==
          escape +
              ": the archive's member ../db points outside the archive (a damaged or hostile "
              "file); nothing was read");
    auto exploded = interop::read_datavyu(bomb);
    REQUIRE_FALSE(exploded.ok());
    CHECK(exploded.error().message.find("more than 256 MiB") != std::string::npos);
}

TEST_CASE("import: a Datavyu project through scheme from-datavyu, the mapping and the checks",
          "[cli][interop][datavyu]") {
    if (!samples_present()) return;
    const std::string dir = testing::scratch_folder("attune_cli_import_datavyu");
    const std::string scheme = dir + "/dv.json", study = dir + "/s.attune";
    std::filesystem::remove(scheme);
    std::filesystem::remove(study);
    const std::string file = datavyu_dir + "ui__oldProjectFormat.opf";
    auto from = testing::cli({"scheme", "from-datavyu", file, "--out", scheme});
    REQUIRE(from.exit_code == 0);
    REQUIRE(
        testing::cli({"--user", "ann", "study", "create", study, "--name", "t", "--scheme", scheme})
            .exit_code == 0);
    auto r = testing::cli({"--user", "ann", "import", study, file, "--fps", "30"});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(
        r.output.find("observation 'ui__oldProjectFormat' -> session ui__oldProjectFormat (new)") !=
        std::string::npos);
    auto out = testing::cli(
        {"events", "export", study, "--session", "ui__oldProjectFormat", "--coder", "ann"});
    REQUIRE(out.exit_code == 0);
    // task (f) from 00:02:13:197 to 00:06:11:026: frames 3995 and 11130 at 30 fps.
    CHECK(out.output.find(",subject,task,3995,133197000,11130,371026000,") != std::string::npos);
}
