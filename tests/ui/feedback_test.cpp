// Video feedback in the real workstation under xvfb-run (issue 14 points 2-4): moments marked
// with i / o / f on the frame on screen (read back by barcode), and the visit plan shown to
// the family: the picture pauses on the moment's freeze frame (barcode), the caption is on
// screen in large type (read back by tesseract) and the therapist's private note is not.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "attune/coding/moments.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/study.hpp"
#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

const char* kCaption = "I want to show you my tower";
const char* kNote = "Mother looked away twice";  // private: never on the family's screen

int64_t frame_pressed(const std::string& output, const std::string& chord) {
    const std::regex line("script:\\d+: " + chord + " pressed with frame (\\d+) on screen");
    std::smatch m;
    REQUIRE(std::regex_search(output, m, line));
    return std::stoll(m[1]);
}

std::vector<Moment> moments_of(const std::string& study) {
    auto opened = Study::open(study, "test");
    REQUIRE(opened.ok());
    auto session = find_session(*opened, "P01");
    REQUIRE(session);
    auto pass = find_pass(*opened, session->id, "alice", PassRole::Primary);
    REQUIRE(pass);
    return list_moments(*opened, pass->id);
}

// What tesseract reads in a screenshot, lower case with runs of space made one.
std::string text_in(const std::string& png) {
    const std::string out = png + ".ocr";
    auto run = run_process({"tesseract", png, out}, 120);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    std::ifstream in(out + ".txt");
    std::stringstream text;
    text << in.rdbuf();
    std::string s = std::regex_replace(text.str(), std::regex("\\s+"), " ");
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// P01 with one moment (frames 30-60, freeze 45) carrying the caption and the private note.
UiStudy study_with_moment(const std::string& name) {
    const UiStudy s = make_ui_study(name, "ui_feedback", 4);
    run_ok({ATTUNE_CLI_PATH, "moment",    "add",       s.study,  "--session", "P01",      "--coder",
            "alice",         "--from",    "30",        "--to",   "60",        "--freeze", "45",
            "--title",       "The tower", "--caption", kCaption, "--note",    kNote});
    return s;
}

void give_consent(const UiStudy& s, const std::string& uses) {
    run_ok({ATTUNE_CLI_PATH, "consent", "set", s.study, "--participant", "P01", "--allow", uses,
            "--recorded-by", "T. Therapist"});
}

// Shows P01's plan (F5 on the feedback screen) and waits on the freeze frame.
const char* kShowPlan = "open P01\nscreen feedback\nkey F5\nwait 2500\nframes 3\nquit\n";

}  // namespace

TEST_CASE(
    "i, o and f mark a moment on the frames on screen, also while playing, and Ctrl+S saves it",
    "[ui][feedback]") {
    const UiStudy s = make_ui_study("feedback_marks", "ui_feedback", 4);
    // in while paused, freeze while playing, out while paused again: the last press is on the
    // frame the screenshot shows.
    const std::string script =
        "open P01\nscreen feedback\nseek 20\nkey i\nkey Space\nwait 300\nkey f\nwait 300\n"
        "key Space\nframes 5\nkey o\nkey Ctrl+s\nframes 3\nquit\n";
    const std::string shot = s.dir + "/marked.png";
    auto run =
        run_process(workstation_command(s, write_script(s, "marks.script", script), shot), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    const int64_t in = frame_pressed(run->output, "i"), freeze = frame_pressed(run->output, "f"),
                  out = frame_pressed(run->output, "o");
    CHECK(in == 20);
    CHECK(freeze > in);  // the video was playing
    CHECK(out > freeze);
    const auto code = barcode_in_screenshot(shot);
    REQUIRE(code);
    CHECK(static_cast<int64_t>(*code) == out);  // the out frame is the picture on screen

    const auto moments = moments_of(s.study);
    REQUIRE(moments.size() == 1);
    CHECK(moments[0].in.frame == in);
    CHECK(moments[0].out.frame == out);
    REQUIRE(moments[0].freeze);
    CHECK(moments[0].freeze->frame == freeze);
    CHECK(coded_events(s.study).empty());  // a moment is never an event
}

TEST_CASE(
    "showing the plan: the family's screen pauses on the freeze frame with the caption, "
    "and no private note",
    "[ui][feedback][present]") {
    const UiStudy s = study_with_moment("feedback_present");
    const std::string shot = s.dir + "/family.png";
    // Consent recorded in the workstation (Study > Consent...), then the plan shown.
    auto run = run_process(
        workstation_command(
            s, write_script(s, "present.script", "consent P01 feedback\n" + std::string(kShowPlan)),
            shot),
        180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    const auto code = barcode_in_screenshot(shot);
    REQUIRE(code);
    CHECK(*code == 45);  // played from 30, paused on the freeze frame
    const std::string text = text_in(shot);
    INFO(text);
    // (tesseract reads the lone capital I of DejaVu Sans as '|': the phrase after it)
    CHECK(text.find("want to show you my tower") != std::string::npos);
    CHECK(text.find("looked away") == std::string::npos);
    CHECK(text.find("p01") == std::string::npos);     // no session, no participant
    CHECK(text.find("attune") == std::string::npos);  // no menu, no study file
}

TEST_CASE(
    "with a second window, the family's shows the picture and caption and the therapist's "
    "keeps the note",
    "[ui][feedback][present]") {
    const UiStudy s = study_with_moment("feedback_two_windows");
    give_consent(s, "feedback,supervision");
    const std::string shot = s.dir + "/therapist.png";
    auto argv = workstation_command(s, write_script(s, "present.script", kShowPlan), shot);
    argv.push_back("--family-window");
    auto run = run_process(argv, 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    const std::string family = shot + ".family.png";
    REQUIRE(fs::exists(family));
    const auto code = barcode_in_screenshot(family);
    REQUIRE(code);
    CHECK(*code == 45);
    const std::string family_text = text_in(family);
    INFO(family_text);
    CHECK(family_text.find("want to show you my tower") != std::string::npos);
    CHECK(family_text.find("looked away") == std::string::npos);
    const std::string therapist_text = text_in(shot);
    INFO(therapist_text);
    CHECK(therapist_text.find("looked away") != std::string::npos);  // the therapist's own
}

TEST_CASE(
    "a plan whose film has no consent for feedback is not shown, and the therapist is "
    "told why",
    "[ui][feedback][present][consent]") {
    const UiStudy s = study_with_moment("feedback_no_consent");
    give_consent(s, "research");  // coded and counted, never shown back
    auto run =
        run_process(workstation_command(s, write_script(s, "present.script", kShowPlan), ""), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    CHECK(run->output.find("Not shown: \"The tower\" (P01)") != std::string::npos);
    CHECK(run->output.find("No moment of the plan can be shown") != std::string::npos);
}

TEST_CASE(
    "Study > Report... writes the open pass's report with the plan's stills, as attune-cli "
    "report does",
    "[ui][feedback][report]") {
    const UiStudy s = study_with_moment("feedback_report");
    give_consent(s, "feedback,export");
    const std::string out = s.dir + "/report";
    auto run = run_process(
        workstation_command(
            s, write_script(s, "report.script", "open P01\nreport " + out + "\nquit\n"), ""),
        180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    CHECK(run->output.find("Wrote " + out + "/report.html and report.pdf") != std::string::npos);
    REQUIRE(fs::exists(out + "/report.pdf"));
    auto text = run_process({"pdftotext", "-layout", out + "/report.pdf", "-"}, 60);
    REQUIRE(text.ok());
    CHECK(text->output.find(kCaption) != std::string::npos);
    CHECK(text->output.find("alice") == std::string::npos);  // de-identified by default
    std::ifstream html(out + "/report.html");
    std::stringstream page;
    page << html.rdbuf();
    CHECK(page.str().find("data:image/png;base64,") != std::string::npos);  // the still, inline
}
