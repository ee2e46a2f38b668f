// attune-cli at the edges (issue 10): an import is checked whole before anything is
// written; a refused command leaves no empty pass; a name that matches nothing is an
// error with suggestions; an output file never replaces a study or the command's input.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "attune/coding/records.hpp"
#include "attune/video/frame_index.hpp"
#include "cli_support.hpp"
#include "clip_cache.hpp"
#include "scratch_mount.hpp"
#include "skip.hpp"

using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

const std::string kScheme = ATTUNE_SCHEMA_DIR "/ssp-infant.json";
const std::string kHeader =
    "session,participant,coder,pass_role,subject,behaviour,start_frame,start_us,stop_frame,"
    "stop_us,duration_us,comment\n";

std::string dir() {
    return scratch_folder("attune-cli-trust-test");
}

std::string write(const std::string& name, const std::string& text) {
    const std::string p = dir() + "/" + name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

// A study with sessions P01 and P02 (participants P01, P02).
std::string study_with_sessions(const std::string& name) {
    const std::string path = dir() + "/" + name;
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path + ext);
    auto r =
        cli({"--user", "tester", "study", "create", path, "--name", "trust", "--scheme", kScheme});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    for (const char* s : {"P01", "P02"})
        REQUIRE(
            cli({"session", "add", path, "--label", s, "--participant", s, "--var", "site=Leiden"})
                .exit_code == 0);
    return path;
}

std::string info(const std::string& study) {
    return cli({"study", "info", study, "--json"}).output;
}

// Three good rows at 30 fps for P01 by ab.
const std::string kGood = kHeader +
                          "P01,P01,ab,primary,child,CRY,30,1000000,60,2000000,1000000,\n"
                          "P01,P01,ab,primary,parent,P_GREET,90,3000000,90,3000000,0,\n"
                          "P01,P01,ab,primary,child,CRY,120,4000000,150,5000000,1000000,\n";

}  // namespace

TEST_CASE("events import refuses a bad table whole, names the row and value, creates nothing",
          "[cli][import]") {
    const std::string study = study_with_sessions("import-refuse.attune");
    auto refused = [&](const std::string& rows, const std::string& message) {
        const std::string in = write("refuse.csv", kHeader + rows);
        auto r = cli({"events", "import", study, in, "--session", "P01", "--coder", "ab"});
        INFO(r.output);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Contains(message));
        CHECK_THAT(r.output, Catch::Contains("nothing was imported"));
        CHECK_THAT(info(study), Catch::Contains("\"passes\": 0"));
    };
    SECTION("rows of another session, participant, coder or role") {
        refused("P02,P02,ab,primary,child,CRY,30,1000000,60,2000000,1000000,\n",
                "line 2: session 'P02' is not the pass imported into (session 'P01')");
        refused("P01,P02,ab,primary,child,CRY,30,1000000,60,2000000,1000000,\n",
                "line 2: participant 'P02' is not the pass imported into");
        refused("P01,P01,cd,primary,child,CRY,30,1000000,60,2000000,1000000,\n",
                "line 2: coder 'cd' is not the pass imported into (coder 'ab')");
        refused("P01,P01,ab,reliability,child,CRY,30,1000000,60,2000000,1000000,\n",
                "line 2: pass_role 'reliability' is not the pass imported into");
    }
    SECTION("negative or inverted times") {
        refused("P01,P01,ab,primary,child,CRY,30,-1000000,60,2000000,1000000,\n",
                "line 2: times cannot be negative (start_frame '30', start_us '-1000000')");
        refused("P01,P01,ab,primary,child,CRY,30,1000000,60,900000,1000000,\n",
                "line 2: stop_us '900000' is before start_us '1000000'");
    }
    SECTION("a start_us that disagrees with start_frame") {
        refused(
            "P01,P01,ab,primary,child,CRY,30,1000000,60,2000000,1000000,\n"
            "P01,P01,ab,primary,child,CRY,10,999999999,12,999999999,0,\n"
            "P01,P01,ab,primary,parent,P_GREET,90,3000000,90,3000000,0,\n"
            "P01,P01,ab,primary,child,CRY,120,4000000,150,5000000,1000000,\n",
            "line 3: start_us '999999999' does not match start_frame 10");
    }
    SECTION("a subject that is not a role, or not the behaviour's") {
        refused("P01,P01,ab,primary,martian,CRY,30,1000000,60,2000000,1000000,\n",
                "line 2: subject 'martian' is not a role of scheme");
        refused("P01,P01,ab,primary,parent,CRY,30,1000000,60,2000000,1000000,\n",
                "line 2: subject 'parent': CRY is coded on child");
    }
    SECTION("two running bouts of one behaviour; a point event with a duration") {
        refused(
            "P01,P01,ab,primary,child,CRY,30,1000000,,,,\n"
            "P01,P01,ab,primary,child,CRY,90,3000000,,,,\n",
            "line 3: CRY is still running from line 2");
        refused("P01,P01,ab,primary,parent,P_GREET,90,3000000,95,3166666,166666,\n",
                "line 2: P_GREET is a point event; its stop (frame 95");
    }
    SECTION("a header naming a column twice") {
        const std::string in = write("twice.csv",
                                     "behaviour,start_frame,start_us,stop_frame,"
                                     "stop_us,start_us\nCRY,1,1,2,2,3\n");
        auto r = cli({"events", "import", study, in, "--session", "P01", "--coder", "ab"});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Contains("line 1: the header names column 'start_us' twice"));
        CHECK_THAT(info(study), Catch::Contains("\"passes\": 0"));
    }
}

TEST_CASE("events import accepts a BOM, CRLF, spaces and a TSV named .csv", "[cli][import]") {
    const std::string study = study_with_sessions("import-accept.attune");
    std::string crlf = "\xEF\xBB\xBF";
    for (char c : kGood) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    // Spaces around values (not in the comment column).
    crlf.replace(crlf.find("CRY,30"), 6, "CRY , 30 ");
    auto r = cli(
        {"events", "import", study, write("bom.csv", crlf), "--session", "P01", "--coder", "ab"});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("imported 3 events into P01 (ab, primary)"));
    std::string tsv = kGood;
    for (size_t at = tsv.find("P01"); at != std::string::npos; at = tsv.find("P01"))
        tsv.replace(at, 3, "P02");
    for (char& c : tsv)
        if (c == ',') c = '\t';
    auto t = cli({"events", "import", study, write("really-tsv.csv", tsv), "--session", "P02",
                  "--coder", "ab"});
    INFO(t.output);
    REQUIRE(t.exit_code == 0);
    CHECK_THAT(t.output, Catch::Contains("imported 3 events into P02"));
}

TEST_CASE("importing rows already in the pass needs --replace or --append", "[cli][import]") {
    const std::string study = study_with_sessions("import-again.attune");
    const std::string in = write("again.csv", kGood);
    const std::vector<std::string> base = {"events",    "import", study,     in,
                                           "--session", "P01",    "--coder", "ab"};
    REQUIRE(cli(base).exit_code == 0);
    auto again = cli(base);
    CHECK(again.exit_code == 1);
    CHECK_THAT(again.output,
               Catch::Contains("the pass already has 3 events (3 of the table's 3 rows are among "
                               "them); nothing was imported"));
    CHECK_THAT(info(study), Catch::Contains("\"events\": 3"));
    auto args = base;
    args.push_back("--append");
    auto appended = cli(args);
    CHECK(appended.exit_code == 0);
    CHECK_THAT(appended.output, Catch::Contains("imported 0 events into P01 (ab, primary), 3 rows "
                                                "were there already"));
    CHECK_THAT(info(study), Catch::Contains("\"events\": 3"));
    args.back() = "--replace";
    auto replaced = cli(args);
    CHECK(replaced.exit_code == 0);
    CHECK_THAT(replaced.output, Catch::Contains("replacing 3"));
    CHECK_THAT(info(study), Catch::Contains("\"events\": 3"));
    // The import is one change of the pass: reverting it takes the new pass away too.
    auto changes = cli({"changes", study, "--format", "csv"});
    CHECK_THAT(changes.output, Catch::Contains(",P01,ab,primary,import 3 events,applied,"));
}

TEST_CASE("a refused command leaves no empty pass behind", "[cli][ghost]") {
    const std::string study = study_with_sessions("ghost.attune");
    auto bad_import =
        cli({"events", "import", study,
             write("ghost.csv", kHeader + "P01,P01,ab,primary,child,NOPE,1,1,1,1,0,\n"),
             "--session", "P01", "--coder", "ab"});
    CHECK(bad_import.exit_code == 1);
    auto bad_scale = cli({"rating", "set", study, "--session", "P01", "--coder", "ab", "--scale",
                          "NOPE", "--target", "parent", "--value", "3"});
    CHECK(bad_scale.exit_code == 1);
    auto bad_code =
        cli({"classification", "set", study, "--session", "P01", "--coder", "ab", "--code", "Z9"});
    CHECK(bad_code.exit_code == 1);
    CHECK_THAT(bad_code.output, Catch::Contains("no classification code 'Z9'"));
    const std::string in = info(study);
    CHECK_THAT(in, Catch::Contains("\"passes\": 0"));
    CHECK_THAT(cli({"changes", study, "--format", "csv"}).output,
               !Catch::Contains("open primary pass"));
}

TEST_CASE("a name that matches nothing is an error that suggests the closest", "[cli][typo]") {
    const std::string study = study_with_sessions("typo.attune");
    REQUIRE(
        cli({"classification", "set", study, "--session", "P01", "--coder", "ab", "--code", "B3"})
            .exit_code == 0);
    for (const char* cmd : {"validate", "budget"}) {
        auto r = cli({cmd, study, "--session", "PO1"});
        INFO(cmd << ": " << r.output);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output,
                   Catch::Contains("no session 'PO1' in this study; did you mean 'P01'?"));
    }
    auto by = cli({"tally", study, "--by", "sit"});
    CHECK(by.exit_code == 1);
    CHECK_THAT(by.output, Catch::Contains("no independent variable 'sit'") &&
                              Catch::Contains("did you mean 'site'?"));
    auto norm = cli({"tally", study, "--norm", "vij1999_fourway"});
    CHECK(norm.exit_code == 1);
    CHECK_THAT(norm.output, Catch::Contains("no norm 'vij1999_fourway'"));
    auto scale = cli({"rating", "set", study, "--session", "P01", "--coder", "ab", "--scale",
                      "D_RATNG", "--target", "parent", "--value", "3"});
    CHECK(scale.exit_code == 1);
    CHECK_THAT(scale.output, Catch::Contains("did you mean 'D_RATING'?"));
    auto coder = cli({"events", "export", study, "--session", "P01", "--coder", "ba"});
    CHECK(coder.exit_code == 1);
    CHECK_THAT(coder.output, Catch::Contains("(there is: ab)"));
    auto budget = cli({"budget", study, "--session", "P01"});
    CHECK(budget.exit_code == 0);
    CHECK_THAT(budget.output, Catch::Contains("note: P01 (ab, primary) has no rows: the pass has "
                                              "no events"));
}

TEST_CASE("an output file never replaces a study, the input or another file unasked",
          "[cli][output]") {
    const std::string study = study_with_sessions("output.attune");
    REQUIRE(cli({"events", "import", study, write("out-in.csv", kGood), "--session", "P01",
                 "--coder", "ab"})
                .exit_code == 0);
    const std::string before = read_file(study);
    const std::vector<std::string> exp = {"events", "export",  study, "--session",
                                          "P01",    "--coder", "ab",  "--out"};
    auto with = [&](std::vector<std::string> a, std::vector<std::string> more) {
        a.insert(a.end(), more.begin(), more.end());
        return cli(a);
    };
    auto onto_study = with(exp, {study, "--force"});
    CHECK(onto_study.exit_code == 1);
    CHECK_THAT(onto_study.output, Catch::Contains("is this command's input"));
    const std::string other = study_with_sessions("output-other.attune");
    auto onto_other = with(exp, {other, "--force"});
    CHECK(onto_other.exit_code == 1);
    CHECK_THAT(onto_other.output, Catch::Contains("is an Attune study"));
    CHECK_THAT(info(other), Catch::Contains("\"sessions\": 2"));
    auto frame = cli({"frame", dir() + "/no-such.mp4", "--index", "0", "--out", study});
    CHECK(frame.exit_code == 1);
    CHECK_THAT(frame.output, Catch::Contains("is an Attune study"));
    CHECK(read_file(study) == before);

    const std::string existing = write("existing.csv", "keep me");
    auto no_force = with(exp, {existing});
    CHECK(no_force.exit_code == 1);
    CHECK_THAT(no_force.output, Catch::Contains("exists; pass --force to replace it"));
    CHECK(read_file(existing) == "keep me");
    auto forced = with(exp, {existing, "--force"});
    CHECK(forced.exit_code == 0);
    CHECK_THAT(read_file(existing), Catch::StartsWith(kHeader.substr(0, 20)));

    for (const auto& e : fs::directory_iterator(dir()))  // left by an older build's runs
        if (e.path().string().find("partial") != std::string::npos) fs::remove(e.path());
    const std::string folder = dir() + "/a-folder";
    fs::create_directories(folder);
    auto to_dir = with(exp, {folder});
    CHECK(to_dir.exit_code == 1);
    CHECK_THAT(to_dir.output, Catch::Contains("is a folder"));
    CHECK_THAT(to_dir.output, !Catch::Contains("wrote"));
    for (const auto& e : fs::directory_iterator(dir()))
        CHECK(e.path().string().find("partial") == std::string::npos);
}

TEST_CASE("session and classification input is checked", "[cli][input]") {
    const std::string study = study_with_sessions("input.attune");
    auto add = [&](std::vector<std::string> more) {
        std::vector<std::string> a = {"session", "add",           study, "--label",
                                      "S9",      "--participant", "S9"};
        a.insert(a.end(), more.begin(), more.end());
        return cli(a);
    };
    CHECK_THAT(add({"--date", "2026-13-45"}).output, Catch::Contains("is not a date"));
    CHECK(add({"--date", "2026-02-29"}).exit_code == 1);
    CHECK(add({"--age-months", "-3"}).exit_code != 0);
    CHECK(add({"--age-months", "nan"}).exit_code != 0);
    CHECK_THAT(add({"--var", "site=A", "--var", "site=B"}).output,
               Catch::Contains("--var site is given twice"));
    const std::string not_video = write("notes.mp4", "not a video at all");
    CHECK_THAT(add({"--recording", not_video}).output,
               Catch::Contains("cannot be opened as video"));
    CHECK_THAT(info(study), Catch::Contains("\"sessions\": 2"));
    fs::remove(dir() + "/foo.txt");
    auto txt = cli({"study", "create", dir() + "/foo.txt", "--name", "x"});
    CHECK(txt.exit_code == 1);
    CHECK_THAT(txt.output, Catch::Contains("ends in .attune"));
    CHECK_FALSE(fs::exists(dir() + "/foo.txt"));

    const std::vector<std::string> cls = {"classification", "set", study,   "--session", "P01",
                                          "--coder",        "ab",  "--code"};
    auto set = [&](std::vector<std::string> more) {
        auto a = cls;
        a.insert(a.end(), more.begin(), more.end());
        return cli(a);
    };
    CHECK(set({"B3", "--confidence", "0"}).exit_code == 1);
    CHECK(set({"D", "--secondary", "B3", "--d-rating", "0"}).exit_code == 1);
    CHECK_THAT(set({"D", "--secondary", "CC", "--d-rating", "7"}).output,
               Catch::Contains("secondary 'CC' cannot go with D"));
    CHECK_THAT(set({"B", "--secondary", "A1"}).output,
               Catch::Contains("B takes no secondary classification"));
    CHECK_THAT(set({"B3", "--secondary", "A1"}).output,
               Catch::Contains("B3 takes no secondary classification (only D does)"));
    CHECK_THAT(set({"D", "--secondary", "D", "--d-rating", "7"}).output,
               Catch::Contains("secondary 'D' cannot go with D"));
    REQUIRE(set({"D", "--secondary", "B3", "--d-rating", "7"}).exit_code == 0);
    // Reclassified without --d-rating: the stored 7 stays (validate warns about it).
    REQUIRE(set({"B2", "--notes", "second look"}).exit_code == 0);
    auto validity = cli({"validate", study, "--session", "P01", "--format", "csv"});
    CHECK_THAT(validity.output, Catch::Contains("the D rating is 7, at or above the cutoff"));
}

TEST_CASE("messages: a range error is one line, Markdown cells are escaped", "[cli][messages]") {
    auto r = cli({"frame", "x.mp4", "--index", "-1", "--out", dir() + "/f.png"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains("--index: frame -1 does not exist; frames count from 0"));
    CHECK_THAT(r.output, !Catch::Contains("1797693"));
    const std::string numbers = study_with_sessions("numbers.attune");
    auto refused = [](std::vector<std::string> args, const std::string& message) {
        auto run = cli(args);
        INFO(run.output);
        CHECK(run.exit_code == 2);
        CHECK_THAT(run.output, Catch::Contains(message));
        CHECK_THAT(run.output, !Catch::Contains("Could not convert"));
    };
    refused({"revert", numbers, "--change", "abc"},
            "--change: abc is not allowed; give a whole number, 1 or more");
    refused({"revert", numbers, "--change", "0"},
            "--change: 0 is not allowed; give a whole number, 1 or more");
    refused({"rating", "set", numbers, "--session", "P01", "--coder", "ab", "--scale", "PS",
             "--target", "parent", "--value", "3.5"},
            "--value: 3.5 is not allowed; give a whole number");
    refused({"classification", "set", numbers, "--session", "P01", "--coder", "ab", "--code", "B3",
             "--confidence", "sure"},
            "--confidence: sure is not allowed; give a whole number");
    refused(
        {"session", "add", numbers, "--label", "P9", "--participant", "P9", "--age-months", "nan"},
        "--age-months: nan is not allowed; give a number from 0 to 240");
    refused(
        {"session", "add", numbers, "--label", "P9", "--participant", "P9", "--age-months", "-3"},
        "--age-months: -3 is not allowed; give a number from 0 to 240");
    auto folder = cli({"scheme", "check", dir()});
    CHECK(folder.exit_code == 1);
    CHECK_THAT(folder.output, Catch::Contains("is a folder"));
    const std::string study = study_with_sessions("markdown.attune");
    REQUIRE(cli({"session", "add", study, "--label", "a|b", "--participant", "X"}).exit_code == 0);
    REQUIRE(
        cli({"classification", "set", study, "--session", "a|b", "--coder", "ab", "--code", "B3"})
            .exit_code == 0);
    auto md = cli({"validate", study, "--session", "a|b"});
    CHECK_THAT(md.output, Catch::Contains("| a\\|b |"));
}

TEST_CASE("events import checks frames against the recording's frame index", "[cli][import]") {
    ClipSpec spec;
    spec.seconds = 2;
    spec.audio = false;
    auto clip = ensure_clip("cli_trust_index", spec);
    REQUIRE(clip.ok());
    const std::string study = study_with_sessions("import-index.attune");
    auto added = cli(
        {"session", "add", study, "--label", "P03", "--participant", "P03", "--recording", *clip});
    INFO(added.output);
    REQUIRE(added.exit_code == 0);
    int64_t frames = 0, frame10_us = 0;
    {  // What the workstation does when it first opens the recording: index it once, keep it.
        auto st = attune::Study::open(study, "tester");
        REQUIRE(st.ok());
        auto session = attune::find_session(*st, "P03");
        REQUIRE(session);
        REQUIRE(session->recording_identity);
        auto index = attune::video::build_frame_index(*clip);
        REQUIRE(index.ok());
        frames = index->frame_count();
        frame10_us = index->t_us(10);
        attune::store_media_index(*st, *session->recording_identity, index->serialize());
    }
    REQUIRE(frames == 60);
    auto import = [&](const std::string& rows) {
        return cli({"events", "import", study, write("index.csv", kHeader + rows), "--session",
                    "P03", "--coder", "ab"});
    };
    auto wrong_time = import("P03,P03,ab,primary,child,CRY,10,999999999,12,999999999,0,\n");
    CHECK(wrong_time.exit_code == 1);
    CHECK_THAT(wrong_time.output,
               Catch::Contains("line 2: start_us '999999999' does not match start_frame 10 (the "
                               "recording shows frame 10 at " +
                               std::to_string(frame10_us) + " us)"));
    auto past_end = import("P03,P03,ab,primary,child,CRY,30,1000000,500,16666666,15666666,\n");
    CHECK(past_end.exit_code == 1);
    CHECK_THAT(
        past_end.output,
        Catch::Contains("line 2: frame 500 is past the recording's end (60 frames, 0 to 59)"));
    CHECK_THAT(info(study), Catch::Contains("\"passes\": 0"));
    auto good =
        import("P03,P03,ab,primary,child,CRY,10," + std::to_string(frame10_us) + ",12,400000,0,\n");
    INFO(good.output);
    CHECK(good.exit_code == 0);
}

TEST_CASE("study create in a folder it cannot write names the cause and the fix",
          "[cli][messages]") {
    auto create = [](const std::string& path, std::vector<std::string> as_user = {}) {
        std::vector<std::string> args = as_user;
        for (const auto& a : std::vector<std::string>{ATTUNE_CLI_PATH, "study", "create", path,
                                                      "--name", "S", "--scheme", kScheme})
            args.push_back(a);
        auto run = run_process(args, 60);
        REQUIRE(run.ok());
        INFO(run->output);
        CHECK(run->exit_code == 1);
        CHECK_FALSE(fs::exists(path));
        CHECK_THAT(run->output, !Catch::Contains("unable to open database file"));
        return run->output;
    };
    SECTION("a folder that does not exist") {
        const std::string folder = dir() + "/no-such-folder";
        CHECK_THAT(create(folder + "/s.attune"), Catch::Contains("the folder " + folder +
                                                                 " does not exist; create it first "
                                                                 "(mkdir -p " +
                                                                 folder + ")"));
    }
    SECTION("a folder on a disk mounted read-only") {
        auto disk = ScratchMount::tmpfs("create-ro", 4);
        if (!disk.ok()) return skip_reason(disk.why_not);
        auto r = run_process({"mount", "-o", "remount,ro", disk.path}, 30);
        if (!r || r->exit_code != 0) return skip_reason("cannot remount the tmpfs read-only");
        CHECK_THAT(create(disk.path + "/s.attune"),
                   Catch::Contains("is on a read-only disk (mounted read-only); choose a folder "
                                   "on a disk you can write to"));
    }
    SECTION("a folder the user may not write") {
        // Root may write anywhere, so the command runs as nobody when the test runs as root.
        const std::string folder = dir() + "/not-mine";
        fs::create_directories(folder);
        fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec |
                                    fs::perms::group_read | fs::perms::group_exec |
                                    fs::perms::others_read | fs::perms::others_exec);
        std::vector<std::string> as_user;
        if (::geteuid() == 0) {
            if (!fs::exists("/usr/bin/setpriv")) return skip_reason("no setpriv to drop root");
            as_user = {"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"};
            auto probe = run_process({as_user[0], as_user[1], as_user[2], as_user[3], "true"}, 30);
            if (!probe || probe->exit_code != 0) return skip_reason("cannot run as nobody");
        }
        CHECK_THAT(create(folder + "/s.attune", as_user),
                   Catch::Contains("no permission to write in the folder " + folder +
                                   "; choose a folder you can write to, or ask for write "
                                   "permission (chmod u+w)"));
        fs::permissions(folder, fs::perms::owner_all);
    }
}

TEST_CASE("a long import shows progress, and one killed mid-write leaves nothing",
          "[cli][import]") {
    const std::string study = study_with_sessions("import-killed.attune");
    std::string rows = kHeader;
    for (int64_t i = 0; i < 100000; ++i) {
        const std::string frame = std::to_string(2 * i), us = std::to_string(2 * i * 33333);
        rows += "P01,P01,ab,primary,parent,P_GREET," + frame + "," + us + "," + frame + "," + us +
                ",0,\n";
    }
    const std::string table = write("long.csv", rows);
    const std::vector<std::string> import = {ATTUNE_CLI_PATH, "--progress", "events",    "import",
                                             study,           table,        "--session", "P01",
                                             "--coder",       "ab"};
    // Killed as soon as the first progress line shows rows going in.
    auto killed = run_process(import, 120, " of 100,000 events (");
    REQUIRE(killed.ok());
    INFO(killed->output);
    REQUIRE(killed->killed);
    CHECK_THAT(killed->output, Catch::Contains("importing " + table + ": "));
    CHECK_THAT(killed->output, !Catch::Contains("imported"));
    CHECK_THAT(info(study), Catch::Contains("\"passes\": 0"));
    auto changes = cli({"changes", study});
    CHECK_THAT(changes.output, !Catch::Contains("import"));
    {
        auto st = attune::Study::open(study, "tester");
        REQUIRE(st.ok());
    }
    // Run again to the end: every row in, the progress line reaching the whole.
    auto whole = run_process(import, 300);
    REQUIRE(whole.ok());
    INFO(whole->output);
    CHECK(whole->exit_code == 0);
    CHECK_THAT(whole->output, Catch::Contains("100,000 of 100,000 events (100%)\n"));
    CHECK_THAT(whole->output, Catch::Contains("imported 100000 events into P01"));
}

TEST_CASE(
    "events retime: frames derived at an assumed rate are re-derived from the times once "
    "the recording is there, frames already on their times are kept",
    "[cli][import][retime]") {
    ClipSpec spec;  // 30 fps
    spec.seconds = 2;
    spec.audio = false;
    auto clip = ensure_clip("cli_trust_index", spec);
    REQUIRE(clip.ok());
    auto index = attune::video::build_frame_index(*clip);
    REQUIRE(index.ok());
    REQUIRE(index->frame_count() == 60);
    const std::string study = study_with_sessions("retime.attune");
    REQUIRE(cli({"session", "add", study, "--label", "P04", "--participant", "P04", "--recording",
                 *clip})
                .exit_code == 0);
    // Imported while the study had no index of the recording: one bout with frames worked out
    // at 25 fps from a BORIS file's times (1.033 s -> 25, 1.600 s -> 40), one on its frames.
    const std::string on3 = std::to_string(index->t_us(3)), on6 = std::to_string(index->t_us(6));
    auto imported = cli(
        {"events", "import", study,
         write("retime.csv", kHeader + "P04,P04,ab,primary,child,CRY,3," + on3 + ",6," + on6 +
                                 ",0,\nP04,P04,ab,primary,child,CRY,25,1033000,40,1600000,0,\n"),
         "--session", "P04", "--coder", "ab"});
    INFO(imported.output);
    REQUIRE(imported.exit_code == 0);

    auto retimed = cli({"events", "retime", study, "--session", "P04", "--coder", "ab"});
    INFO(retimed.output);
    REQUIRE(retimed.exit_code == 0);
    CHECK_THAT(retimed.output,
               Catch::Contains("1 events re-derived from their times (frames moved by up to 8), 1 "
                               "already on their frames, in P04 (ab, primary)"));
    auto out = cli({"events", "export", study, "--session", "P04", "--coder", "ab"});
    REQUIRE(out.exit_code == 0);
    // 1.033 s is frame 31 (1.0333 s) at the recording's 30 fps; 1.600 s is frame 48.
    CHECK_THAT(out.output, Catch::Contains(",CRY,31," + std::to_string(index->t_us(31)) + ",48," +
                                           std::to_string(index->t_us(48)) + ","));
    CHECK_THAT(out.output, Catch::Contains(",CRY,3," + on3 + ",6," + on6 + ","));
    CHECK_THAT(cli({"changes", study}).output,
               Catch::Contains("re-derive the frames of 1 events from their times"));

    auto again = cli({"events", "retime", study, "--session", "P04", "--coder", "ab"});
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.output, Catch::Contains("0 events re-derived"));
    CHECK_THAT(again.output, Catch::Contains("2 already on their frames"));

    // A time past the 2 s recording's end is never moved onto its last frame.
    REQUIRE(cli({"events", "import", study,
                 write("late.csv", kHeader + "P04,P04,cd,primary,child,CRY,125,5000000,130,"
                                             "5200000,0,\n"),
                 "--session", "P04", "--coder", "cd"})
                .exit_code == 0);
    auto late = cli({"events", "retime", study, "--session", "P04", "--coder", "cd"});
    CHECK(late.exit_code == 1);
    CHECK_THAT(late.output,
               Catch::Contains("CRY at 5.200 s lies past the end of the recording; is it the "
                               "recording this pass was coded on? Nothing was changed"));
    CHECK_THAT(cli({"events", "export", study, "--session", "P04", "--coder", "cd"}).output,
               Catch::Contains(",CRY,125,5000000,130,5200000,"));
}
