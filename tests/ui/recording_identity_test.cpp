// The recording a pass was coded on is the one that plays: the workstation compares
// the file's identity with the session's before playing, resolves relative paths
// against the study's folder, refuses files FFmpeg cannot open as video, and asks
// before a recording already in the study is added again.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "attune/coding/file_identity.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/sqlite.hpp"
#include "clip_cache.hpp"
#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

int64_t count_rows(const std::string& study, const std::string& where = "1") {
    auto db = sql::Db::open(study, SQLITE_OPEN_READONLY);
    REQUIRE(db.ok());
    auto s = db->prepare("SELECT count(*) FROM audit WHERE " + where);
    REQUIRE(s.step());
    return s.int64(0);
}

// Alice's primary pass on a session, made beforehand so opening it writes nothing.
void make_alice_pass(const std::string& study_path, const std::string& label) {
    auto study = Study::open(study_path, "alice");
    REQUIRE(study.ok());
    const auto snapshot = scheme_for_new_pass(*study);
    REQUIRE(snapshot);
    auto session = find_session(*study, label);
    REQUIRE(session);
    REQUIRE(ensure_pass(*study, session->id, "alice", PassRole::Primary, *snapshot).ok());
}

std::string small_clip() {  // 320x240, so it is told apart from the 640x360 one on screen
    ClipSpec small = ui_clip(2);
    small.video.width = 320;
    small.video.height = 240;
    auto clip = ensure_clip("ui_small", small);
    REQUIRE(clip.ok());
    return *clip;
}

size_t occurrences(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("a different file at the session's path plays only after the coder confirms",
          "[ui][recording]") {
    const UiStudy s = make_ui_study("replaced_recording", "ui_coding", 6);
    const std::string path = s.dir + "/P02.mp4";
    fs::copy_file(s.recording, path);
    add_ui_session(s, "P02", path);
    make_alice_pass(s.study, "P02");
    const std::string coded_on = *file_identity(s.recording);
    fs::copy_file(small_clip(), path, fs::copy_options::overwrite_existing);  // replaced
    const std::string now_there = *file_identity(path);
    REQUIRE(now_there != coded_on);

    // Unconfirmed: nothing plays, no key codes, nothing is written.
    const int64_t before = count_rows(s.study);
    const std::string refused_shot = s.dir + "/unconfirmed.png";
    auto first = run_process(
        workstation_command(s,
                            write_script(s, "unconfirmed.script",
                                         "open P02\nseek 10\nkey Space\nkey Alt+g\nframes 5\n"
                                         "key Space\nkey Alt+g\nquit\n"),
                            refused_shot),
        180);
    REQUIRE(first.ok());
    INFO(first->output);
    REQUIRE(first->exit_code == 0);
    CHECK(first->output.find("This is not the recording this session was coded on") !=
          std::string::npos);
    CHECK(coded_events(s.study, "P02").empty());
    CHECK(read_picture_note(refused_shot).count("frame") == 0);  // no picture was drawn
    CHECK(count_rows(s.study) == before);

    // "Open anyway": one audited row notes the identity accepted; the session keeps the original.
    const std::string shot = s.dir + "/confirmed.png";
    auto second =
        run_process(workstation_command(
                        s,
                        write_script(s, "confirmed.script",
                                     "open P02\nanswer Open anyway\nseek 10\nkey Alt+g\nquit\n"),
                        shot),
                    180);
    REQUIRE(second.ok());
    INFO(second->output);
    REQUIRE(second->exit_code == 0);
    CHECK(count_rows(s.study) == before + 2);  // the acceptance and the event
    CHECK(count_rows(s.study, "table_name = 'comment'") == 1);
    CHECK(count_rows(s.study, "table_name = 'comment' AND instr(new_row, '" + now_there +
                                  "') > 0 AND instr(new_row, '" + coded_on + "') > 0") == 1);
    const auto events = coded_events(s.study, "P02");
    REQUIRE(events.size() == 1);
    CHECK(events[0].start_frame == 10);
    CHECK(barcode_in_screenshot(shot) == std::optional<uint32_t>(10));
    {
        auto study = Study::open(s.study, "test");
        REQUIRE(study.ok());
        CHECK(find_session(*study, "P02")->recording_identity == coded_on);
    }

    // Accepted once for this pass: the next opening plays without asking again.
    auto third = run_process(
        workstation_command(
            s, write_script(s, "again.script", "open P02\nseek 20\nkey Alt+g\nquit\n"), ""),
        180);
    REQUIRE(third.ok());
    INFO(third->output);
    REQUIRE(third->exit_code == 0);
    CHECK(third->output.find("This is not the recording") == std::string::npos);
    CHECK(coded_events(s.study, "P02").size() == 2);
    CHECK(count_rows(s.study, "table_name = 'comment'") == 1);
}

TEST_CASE("a relative recording path is found beside the study before the working folder",
          "[ui][recording]") {
    const UiStudy s = make_ui_study("relative_recording", "ui_coding", 6);
    fs::copy_file(s.recording, s.dir + "/rel.mp4");
    const std::string elsewhere = s.dir + "/elsewhere";
    fs::create_directories(elsewhere);
    fs::copy_file(small_clip(), elsewhere + "/rel.mp4");  // same name, another recording
    {
        auto study = Study::open(s.study, "test");
        REQUIRE(study.ok());
        Session session;
        session.label = session.participant = "P03";
        session.recording_path = "rel.mp4";
        session.recording_identity = *file_identity(s.dir + "/rel.mp4");
        REQUIRE(add_session(*study, session).ok());
    }
    const std::string shot = s.dir + "/relative.png";
    std::vector<std::string> argv = workstation_command(
        s, write_script(s, "relative.script", "open P03\nseek 7\nquit\n"), shot);
    argv.insert(argv.begin() + 1, {"-C", elsewhere});  // env -C: run from the other folder
    auto run = run_process(argv, 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    const auto note = read_picture_note(shot);
    REQUIRE(note.count("width"));
    CHECK(static_cast<double>(note.at("width")) / static_cast<double>(note.at("height")) ==
          Approx(640.0 / 360.0).epsilon(0.02));  // the study's recording, not the 4:3 one
    CHECK(barcode_in_screenshot(shot) == std::optional<uint32_t>(7));
}

TEST_CASE("files FFmpeg cannot open as video are refused when dropped or located",
          "[ui][recording]") {
    const UiStudy s = make_ui_study("not_video", "ui_coding", 2);
    const std::string empty = s.dir + "/empty.mp4";
    std::ofstream{empty};
    const std::string script = "drop /etc/passwd\ndrop " + empty + "\ndrop " + s.study +
                               "\nlocate P01 /etc/passwd\nlocate P01 " + empty + "\nlocate P01 " +
                               s.study + "\nframes 2\nquit\n";
    auto run = run_process(workstation_command(s, write_script(s, "drop.script", script), ""), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    CHECK(occurrences(run->output, "/etc/passwd cannot be opened as video") == 2);
    CHECK(occurrences(run->output, empty + " is empty (0 bytes)") == 2);
    CHECK(occurrences(run->output, s.study + " is a study file, not a recording") == 2);

    auto study = Study::open(s.study, "test");
    REQUIRE(study.ok());
    const auto sessions = list_sessions(*study);
    REQUIRE(sessions.size() == 1);
    CHECK(sessions[0].recording_path == fs::absolute(s.recording).string());
}

TEST_CASE("dropping a recording that is already in the study asks first", "[ui][recording]") {
    const UiStudy s = make_ui_study("drop_twice", "ui_coding", 2);
    const std::string clip = s.dir + "/P09.mp4";
    fs::copy_file(s.recording, clip);  // the same content as P01's recording, under a new name
    auto count_sessions = [&] {
        auto study = Study::open(s.study, "test");
        REQUIRE(study.ok());
        return list_sessions(*study).size();
    };
    auto first = run_process(
        workstation_command(
            s, write_script(s, "twice.script", "drop " + clip + "\nanswer Cancel\nquit\n"), ""),
        180);
    REQUIRE(first.ok());
    INFO(first->output);
    REQUIRE(first->exit_code == 0);
    CHECK(first->output.find("is already the recording of session P01") != std::string::npos);
    CHECK(count_sessions() == 1);

    auto second = run_process(
        workstation_command(
            s, write_script(s, "again.script", "drop " + clip + "\nanswer Add again\nquit\n"), ""),
        180);
    REQUIRE(second.ok());
    INFO(second->output);
    REQUIRE(second->exit_code == 0);
    CHECK(count_sessions() == 2);
    {
        auto study = Study::open(s.study, "test");
        REQUIRE(study.ok());
        CHECK(find_session(*study, "P09"));
    }
}
