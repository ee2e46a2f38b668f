// attune-cli's video-feedback commands (issue 14 points 1, 2, 5, 9): case add / visit /
// list, moment add / list on a real recording's frames, consent set / list, retention list.
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>

#include "barcode.hpp"
#include "cli_support.hpp"
#include "clip_cache.hpp"
#include "plain_decode.hpp"
#include "png_image.hpp"

using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

const std::string kProtocol = ATTUNE_SCHEMA_DIR "/feedback-generic.json";

std::string dir() {
    return scratch_folder("attune-cli-feedback-test");
}

// 12 s at 25 fps (frames 0..299), the barcode on every frame.
std::string feedback_clip() {
    ClipSpec spec;
    spec.seconds = 12;
    spec.video.fps = {25, 1};
    spec.video.gop = 50;
    spec.video.bframes = 2;
    auto clip = ensure_clip("cli_feedback_25fps", spec);
    REQUIRE(clip.ok());
    return *clip;
}

ProcessResult ok(const std::vector<std::string>& args) {
    auto r = cli(args);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return r;
}

// Family F01's first visit, filmed: session F01-V1 in case F01 under the generic protocol.
std::string family_study(const std::string& name) {
    const std::string path = dir() + "/" + name;
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path + ext);
    ok({"--user", "th", "study", "create", path, "--name", "feedback", "--scheme",
        ATTUNE_SCHEMA_DIR "/maternal-sensitivity.json"});
    ok({"session", "add", path, "--label", "F01-V1", "--participant", "F01", "--recording",
        feedback_clip()});
    ok({"case", "add", path, "F01", "--protocol", kProtocol});
    ok({"case", "visit", path, "F01", "--session", "F01-V1", "--visit", "1", "--date",
        "2026-11-02"});
    return path;
}

std::vector<std::string> moment_args(const std::string& study, const std::string& from,
                                     const std::string& to, std::vector<std::string> more = {}) {
    std::vector<std::string> a = {"--user",  "th", "moment", "add", study,  "--session", "F01-V1",
                                  "--coder", "th", "--from", from,  "--to", to};
    a.insert(a.end(), more.begin(), more.end());
    return a;
}

}  // namespace

TEST_CASE(
    "attune-cli moment add saves a moment on the recording's frames, themed for the next "
    "visit",
    "[cli][feedback]") {
    const std::string study = family_study("moments.attune");
    const auto added =
        ok(moment_args(study, "50", "99",
                       {"--caption", "I want to show you my tower", "--note", "mum tense at first",
                        "--freeze", "75", "--title", "The tower"}));
    CHECK_THAT(added.output, Catch::Contains("moment 1: frames 50-99 of session F01-V1, theme "
                                             "speaking-for-the-child"));
    CHECK_THAT(added.output, !Catch::Contains("note:"));

    // The protocol's guide: moments of 10 s at most, three a visit. Past it: a note, no refusal.
    const auto whole = ok(moment_args(study, "0", "299", {"--kind", "think"}));
    CHECK_THAT(whole.output, Catch::Contains("note: the moment lasts 12.0 s; protocol "
                                             "generic-theme-per-visit keeps moments to 10 s"));
    ok(moment_args(study, "100", "149"));
    const auto fourth = ok(moment_args(study, "150", "199"));
    CHECK_THAT(fourth.output, Catch::Contains("note: the plan now holds 4 moments; protocol "
                                              "generic-theme-per-visit shows 3 a visit"));

    const auto past_end = cli(moment_args(study, "200", "300"));
    CHECK(past_end.exit_code == 1);
    CHECK_THAT(past_end.output,
               Catch::Contains("frame 300 is not a frame of the recording (it has 300"));
    const auto outside = cli(moment_args(study, "10", "20", {"--freeze", "30"}));
    CHECK(outside.exit_code == 1);
    CHECK_THAT(outside.output, Catch::Contains("the freeze frame (30) is outside the moment"));
    CHECK(cli(moment_args(study, "10", "20", {"--kind", "weakness"})).exit_code == 2);

    const auto rows = split_lines(ok({"moment", "list", study, "--session", "F01-V1"}).output, ',');
    REQUIRE(rows.size() == 5);
    CHECK(rows[0] == std::vector<std::string>{"moment", "session", "coder", "role", "in_frame",
                                              "out_frame", "in_s", "out_s", "freeze_frame", "theme",
                                              "kind", "title", "caption", "note", "plan_position"});
    // By in frame; the plan keeps the order they were added in.
    CHECK(rows[1] == std::vector<std::string>{"2", "F01-V1", "th", "primary", "0", "299", "0.000",
                                              "11.960", "", "speaking-for-the-child", "think", "",
                                              "", "", "2"});
    CHECK(rows[2] == std::vector<std::string>{"1", "F01-V1", "th", "primary", "50", "99", "2.000",
                                              "3.960", "75", "speaking-for-the-child", "strength",
                                              "The tower", "I want to show you my tower",
                                              "mum tense at first", "1"});
    const auto json = ok({"moment", "list", study, "--session", "F01-V1", "--format", "json"});
    CHECK_THAT(json.output, Catch::Contains("\"caption\": \"I want to show you my tower\""));
    CHECK(cli({"moment", "list", study, "--session", "F01-V9"}).exit_code == 1);
}

TEST_CASE("attune-cli consent set records consent, retention list names lapsed films",
          "[cli][feedback][consent]") {
    const std::string study = family_study("consent.attune");
    const auto bad = cli({"consent", "set", study, "--participant", "F01", "--allow",
                          "feedback,copies", "--recorded-by", "JS"});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.output, Catch::Contains("'copies' is not a use a consent can allow"));
    const auto nobody = cli({"consent", "set", study, "--participant", "F09", "--allow", "feedback",
                             "--recorded-by", "JS"});
    CHECK(nobody.exit_code == 1);
    CHECK_THAT(nobody.output, Catch::Contains("the study has no participant F09"));
    const auto set = ok({"consent", "set", study, "--participant", "F01", "--allow",
                         "export,feedback", "--until", "2027-01-31", "--recorded-by", "J. Smith"});
    CHECK_THAT(
        set.output,
        Catch::Contains("consent 1: participant F01 allows feedback, export until 2027-01-31"));
    const auto list = ok({"consent", "list", study, "--format", "csv"});
    CHECK_THAT(list.output,
               Catch::Contains("1,F01,(all),\"feedback, export\",2027-01-31,J. Smith,"));
    CHECK(ok({"retention", "list", study, "--today", "2027-01-31", "--format", "csv"}).output ==
          "session,participant,consent_until,why\n");
    CHECK(ok({"retention", "list", study, "--today", "2027-02-01", "--format", "csv"}).output ==
          "session,participant,consent_until,why\nF01-V1,F01,2027-01-31,consent ran until "
          "2027-01-31\n");
    // A consent record is history: revert cannot take it back.
    const auto changes = split_lines(ok({"changes", study, "--format", "csv"}).output, ',');
    REQUIRE(changes.size() > 1);
    const auto revert = cli({"revert", study, "--change", changes[1][0]});
    CHECK(revert.exit_code == 1);
    CHECK_THAT(revert.output, Catch::Contains("a consent record is kept as given"));
    // Withdrawn: nothing allowed, and the film is due for deletion at once.
    ok({"consent", "set", study, "--participant", "F01", "--allow", "none", "--recorded-by",
        "J. Smith"});
    CHECK_THAT(ok({"retention", "list", study, "--today", "2027-01-01", "--format", "csv"}).output,
               Catch::Contains("F01-V1,F01,,consent withdrawn on "));
}

namespace {

// The frame numbers the reel shows, in order (-1 for a frame without a barcode: a title card).
std::vector<int64_t> shown_frames(const DecodedClip& reel) {
    std::vector<int64_t> out;
    for (const auto& f : reel.frames) out.push_back(f.barcode ? int64_t{*f.barcode} : -1);
    return out;
}

std::vector<int64_t> frames(int64_t from, int64_t to, int times = 1) {
    std::vector<int64_t> out;
    for (int64_t f = from; f <= to; ++f)
        for (int i = 0; i < times; ++i) out.push_back(f);
    return out;
}

std::vector<int64_t> operator+(std::vector<int64_t> a, const std::vector<int64_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Every frame lasts one frame of the 25 fps recording (40 ms), the last one too.
void check_frame_durations(const DecodedClip& reel, const std::string& path) {
    REQUIRE(reel.frames.size() > 1);
    const double tick = static_cast<double>(reel.time_base_num) / reel.time_base_den;
    for (size_t i = 1; i < reel.frames.size(); ++i) {
        INFO("frame " << i);
        CHECK((reel.frames[i].pts - reel.frames[i - 1].pts) * tick == Approx(0.040).margin(1e-4));
    }
    const auto probe = run_process(
        {"ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path}, 60);
    REQUIRE(probe.ok());
    CHECK(std::stod(probe->output) ==
          Approx(0.040 * static_cast<double>(reel.frames.size())).margin(0.002));
}

}  // namespace

TEST_CASE(
    "attune-cli reel: refused without consent for export, then the plan's moments at exact "
    "frames in plan order",
    "[cli][feedback][reel]") {
    const std::string study = family_study("reel.attune");
    const std::string out = dir() + "/reel.mp4";
    fs::remove(out);
    ok(moment_args(study, "200", "224", {"--caption", "Look at me!", "--freeze", "210"}));
    ok(moment_args(study, "50", "74",
                   {"--caption", "I want to show you my tower", "--title", "The tower"}));
    const std::vector<std::string> reel = {"--user",    "th",     "reel",  study,
                                           "--session", "F01-V1", "--out", out};
    auto with = [](std::vector<std::string> a, const std::vector<std::string>& more) {
        a.insert(a.end(), more.begin(), more.end());
        return a;
    };

    const auto none = cli(with(reel, {"--plain"}));
    CHECK(none.exit_code == 1);
    CHECK_THAT(none.output, Catch::Contains("nothing was written: no consent is recorded for "
                                            "participant F01's film (session F01-V1)"));
    ok({"consent", "set", study, "--participant", "F01", "--allow", "feedback", "--recorded-by",
        "JS"});
    const auto no_export = cli(with(reel, {"--plain"}));
    CHECK(no_export.exit_code == 1);
    CHECK_THAT(no_export.output, Catch::Contains("allows feedback, not export"));
    CHECK_FALSE(fs::exists(out));
    CHECK_FALSE(fs::exists(out + ".partial"));

    ok({"consent", "set", study, "--participant", "F01", "--allow", "feedback,export",
        "--recorded-by", "JS"});
    const auto plain = ok(with(reel, {"--plain"}));
    CHECK_THAT(plain.output, Catch::Contains("2 moments, 50 frames, 2.00 s, 320x240; every frame "
                                             "re-encoded"));
    auto decoded = decode_clip(out);
    REQUIRE(decoded.ok());
    CHECK(shown_frames(*decoded) == frames(200, 224) + frames(50, 74));
    check_frame_durations(*decoded, out);
    for (const auto& f : decoded->frames)
        if (!f.flash) CHECK(f.bright_bottom_pixels == 0);  // nothing drawn on a plain reel

    // The family's own recording is never written over, even with --force.
    const auto over_film = cli({"--user", "th", "reel", study, "--session", "F01-V1", "--out",
                                feedback_clip(), "--force"});
    CHECK(over_film.exit_code == 1);
    CHECK_THAT(over_film.output, Catch::Contains("is this command's input"));
    const auto full = ok(with(reel, {"--slow-repeat", "--force"}));
    CHECK_THAT(full.output, Catch::Contains("2 moments, 300 frames, 12.00 s"));
    decoded = decode_clip(out);
    REQUIRE(decoded.ok());
    const std::vector<int64_t> card(75, -1);  // 3 s of title card at 25 fps
    CHECK(shown_frames(*decoded) == card + frames(200, 224) + frames(200, 224, 2) + card +
                                        frames(50, 74) + frames(50, 74, 2));
    check_frame_durations(*decoded, out);
    int captioned = 0;
    for (const auto& f : decoded->frames) captioned += f.barcode && f.bright_bottom_pixels > 50;
    CHECK(captioned == 150);  // every moment frame carries its caption

    // Each reel written is in the study's audited change log.
    const auto changes = ok({"changes", study});
    CHECK_THAT(changes.output, Catch::Contains("reel written"));
}

namespace {

std::optional<uint32_t> barcode_of_png(const std::string& path) {
    auto image = read_png(path);
    REQUIRE(image.ok());
    std::vector<uint8_t> luma(static_cast<size_t>(image->width) * image->height);
    for (int y = 0; y < image->height; ++y)
        for (int x = 0; x < image->width; ++x)
            luma[static_cast<size_t>(y) * image->width + x] = image->luma(x, y);
    return read_frame_barcode(LumaPlane{luma.data(), image->width, image->width, image->height, 8});
}

std::string tool_output(const std::vector<std::string>& argv) {
    auto r = run_process(argv, 60);
    REQUIRE(r.ok());
    INFO(r->output);
    REQUIRE(r->exit_code == 0);
    return r->output;
}

}  // namespace

TEST_CASE(
    "attune-cli stills: the freeze frames as PNGs and a one-page PDF handout holding the "
    "captions",
    "[cli][feedback][stills]") {
    const std::string study = family_study("stills.attune");
    const std::string out = dir() + "/stills";
    fs::remove_all(out);
    ok(moment_args(study, "200", "224", {"--caption", "Look at me!", "--freeze", "210"}));
    ok(moment_args(study, "10", "20"));  // no freeze frame: no still
    ok(moment_args(
        study, "50", "74",
        {"--caption", "I want to show you my tower", "--title", "The tower", "--freeze", "60"}));
    const std::vector<std::string> stills = {"--user",    "th",     "stills", study,
                                             "--session", "F01-V1", "--out",  out};
    const auto refused = cli(stills);
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.output, Catch::Contains("no consent is recorded for participant F01"));
    CHECK_FALSE(fs::exists(out));
    ok({"consent", "set", study, "--participant", "F01", "--allow", "feedback,export",
        "--recorded-by", "JS"});
    const auto wrote = ok(stills);
    CHECK_THAT(wrote.output, Catch::Contains("wrote 2 stills and handout.pdf") &&
                                 Catch::Contains("1 moments of the plan have no freeze frame"));
    // In plan order, each the exact frame asked for.
    CHECK(barcode_of_png(out + "/still-1-frame-210.png") == 210u);
    CHECK(barcode_of_png(out + "/still-3-frame-60.png") == 60u);
    CHECK_FALSE(fs::exists(out + "/.attune-output.partial"));

    const std::string pdf = out + "/handout.pdf";
    const std::string info = tool_output({"pdfinfo", pdf});
    CHECK(std::regex_search(info, std::regex("Pages: +1\n")));
    CHECK_THAT(info, Catch::Contains("(A4)"));
    const std::string text = tool_output({"pdftotext", pdf, "-"});
    CHECK_THAT(text, Catch::Contains("Look at me!") &&
                         Catch::Contains("I want to show you my tower") &&
                         Catch::Contains("The tower") &&
                         Catch::Contains("Putting the child's signals into words"));
    CHECK_THAT(text, !Catch::Contains("mum tense"));  // private notes never reach the family
    tool_output({"pdftoppm", "-r", "40", "-png", "-singlefile", pdf, out + "/page"});
    auto page = read_png(out + "/page.png");
    REQUIRE(page.ok());
    CHECK(page->width == 331);  // A4 at 40 dpi
    CHECK(page->height == 468);

    const auto again = cli(stills);
    CHECK(again.exit_code == 1);
    CHECK_THAT(again.output, Catch::Contains("exists; give another --out folder or --force"));
    // A folder in the way: refused before anything is written, and nothing is left.
    const std::string blocked = dir() + "/stills-blocked";
    fs::remove_all(blocked);
    fs::create_directories(blocked + "/handout.pdf");
    const auto in_the_way =
        cli({"--user", "th", "stills", study, "--session", "F01-V1", "--out", blocked, "--force"});
    CHECK(in_the_way.exit_code == 1);
    CHECK_THAT(in_the_way.output, Catch::Contains("is a folder in the way"));
    CHECK_FALSE(fs::exists(blocked + "/still-1-frame-210.png"));
    // A missing parent folder: refused, and no folder made.
    const auto nowhere = cli({"--user", "th", "stills", study, "--session", "F01-V1", "--out",
                              dir() + "/no-such-parent/stills"});
    CHECK(nowhere.exit_code == 1);
    CHECK_THAT(nowhere.output, Catch::Contains("its parent folder must exist"));
    CHECK_FALSE(fs::exists(dir() + "/no-such-parent"));
    CHECK_THAT(ok({"changes", study}).output, Catch::Contains("stills written"));
}

TEST_CASE("attune-cli fidelity: comments per minute and the share on target of a coded clip",
          "[cli][feedback][fidelity]") {
    const std::string study = dir() + "/fidelity.attune";
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(study + ext);
    ok({"--user", "sup", "study", "create", study, "--name", "fidelity", "--scheme",
        ATTUNE_SCHEMA_DIR "/feedback-fidelity.json"});
    for (const char* label : {"V1", "V2"})
        ok({"session", "add", study, "--label", label, "--participant", "F01", "--recording",
            feedback_clip()});
    // V1: the stretch from 1 s to 11 s; four comments on target and one off inside it, one
    // after it. V2: no markers (the whole 12 s recording), one comment of each.
    auto row = [](const char* session, const char* behaviour, const char* subject, int frame,
                  const char* kind) {
        const std::string us = std::to_string(frame * 40000);
        return std::string(session) + ",F01,sup,primary," + subject + "," + behaviour + "," +
               std::to_string(frame) + "," + us + "," + std::to_string(frame) + "," + us + ",0,," +
               kind + "\n";
    };
    const std::string header =
        "session,participant,coder,pass_role,subject,behaviour,start_frame,"
        "start_us,stop_frame,stop_us,duration_us,comment,modifier_kind\n";
    write_file(dir() + "/v1.csv", header + row("V1", "SESSION_START", "procedure", 25, "") +
                                      row("V1", "COMMENT_ON", "therapist", 50, "describes") +
                                      row("V1", "COMMENT_ON", "therapist", 100, "praises") +
                                      row("V1", "COMMENT_ON", "therapist", 150, "praises") +
                                      row("V1", "COMMENT_ON", "therapist", 200, "") +
                                      row("V1", "COMMENT_OFF", "therapist", 225, "asks") +
                                      row("V1", "SESSION_END", "procedure", 275, "") +
                                      row("V1", "COMMENT_ON", "therapist", 280, "praises"));
    write_file(dir() + "/v2.csv", header + row("V2", "COMMENT_ON", "therapist", 30, "suggests") +
                                      row("V2", "COMMENT_OFF", "therapist", 60, "describes"));
    for (const char* s : {"V1", "V2"})
        ok({"--user", "sup", "events", "import", study,
            dir() + "/" + (std::string(s) == "V1" ? "v1.csv" : "v2.csv"), "--session", s, "--coder",
            "sup"});

    const auto r = ok({"fidelity", study, "--format", "csv"});
    auto rows = split_lines(r.output, ',');
    std::erase_if(rows, [](const auto& cells) { return cells[0].rfind("note:", 0) == 0; });
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == std::vector<std::string>{"session", "coder", "role", "window", "minutes",
                                              "comments", "on_target", "off_target", "per_minute",
                                              "share_on_target", "standard", "meets_standard",
                                              "kinds"});
    // 5 comments in 10 s: 30 a minute; 4 of 5 on target meets the 80% standard.
    CHECK(std::vector<std::string>(rows[1].begin(), rows[1].begin() + 12) ==
          std::vector<std::string>{"V1", "sup", "primary", "S", "0.17", "5", "4", "1", "30.00",
                                   "0.800", "0.80", "yes"});
    CHECK_THAT(r.output, Catch::Contains("(none given) 1; asks 1; describes 1; praises 2"));
    CHECK(std::vector<std::string>(rows[2].begin(), rows[2].begin() + 12) ==
          std::vector<std::string>{"V2", "sup", "primary", "whole recording", "0.20", "2", "1", "1",
                                   "10.00", "0.500", "0.80", "no"});
    CHECK_THAT(r.output, Catch::Contains("note: standard: 80% of comments on target is the usual "
                                         "standard in ABC coaching fidelity"));
}

TEST_CASE("attune-cli retention delete removes what was made from a film, once, and says so",
          "[cli][feedback][retention]") {
    const std::string study = dir() + "/retention.attune";
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(study + ext);
    const std::string film = dir() + "/retention-film.mp4";  // a copy: this test deletes it
    fs::copy_file(feedback_clip(), film, fs::copy_options::overwrite_existing);
    ok({"--user", "th", "study", "create", study, "--name", "retention", "--scheme",
        ATTUNE_SCHEMA_DIR "/maternal-sensitivity.json"});
    ok({"session", "add", study, "--label", "F02-V1", "--participant", "F02", "--recording", film});
    ok({"consent", "set", study, "--participant", "F02", "--allow", "feedback,export", "--until",
        "2099-12-31", "--recorded-by", "JS"});
    ok({"--user", "th", "moment", "add", study, "--session", "F02-V1", "--coder", "th", "--from",
        "10", "--to", "30", "--freeze", "20"});
    const std::string reel = dir() + "/retention-reel.mp4", stills = dir() + "/retention-stills";
    fs::remove_all(stills);
    ok({"--user", "th", "reel", study, "--session", "F02-V1", "--out", reel, "--force"});
    ok({"--user", "th", "stills", study, "--session", "F02-V1", "--out", stills});
    std::ofstream(stills + "/family-letter.txt") << "not Attune's";  // never deleted

    const auto early = cli({"retention", "delete", study, "--session", "F02-V1"});
    CHECK(early.exit_code == 1);
    CHECK_THAT(early.output,
               Catch::Contains("is not due for deletion") && Catch::Contains("--before-due"));
    const auto gone = ok({"--user", "th", "retention", "delete", study, "--session", "F02-V1",
                          "--before-due", "--recording"});
    CHECK_THAT(gone.output, Catch::Contains("deleted " + fs::absolute(reel).string()) &&
                                Catch::Contains("handout.pdf") &&
                                Catch::Contains("its codes are kept"));
    CHECK_FALSE(fs::exists(reel));
    CHECK_FALSE(fs::exists(stills + "/handout.pdf"));
    CHECK_FALSE(fs::exists(stills + "/still-1-frame-20.png"));
    CHECK_FALSE(fs::exists(film));
    CHECK(fs::exists(stills + "/family-letter.txt"));
    // The codes stay; the film's uses are refused from now on, naming the deletion.
    CHECK(split_lines(ok({"moment", "list", study, "--session", "F02-V1"}).output, ',').size() ==
          2);
    const auto after = cli({"--user", "th", "reel", study, "--session", "F02-V1", "--out", reel});
    CHECK(after.exit_code == 1);
    CHECK_THAT(after.output, Catch::Contains("were deleted on") && Catch::Contains("by th"));
    const auto twice = cli({"retention", "delete", study, "--session", "F02-V1", "--before-due"});
    CHECK(twice.exit_code == 1);
    CHECK_THAT(twice.output, Catch::Contains("already"));
    CHECK_THAT(ok({"changes", study}).output, Catch::Contains("delete the film of F02-V1"));
}

TEST_CASE("attune-cli report: a self-contained HTML page and a PDF, de-identified by default",
          "[cli][feedback][report]") {
    const std::string study = family_study("report.attune");
    const std::string out = dir() + "/report";
    fs::remove_all(out);
    ok({"--user",
        "wilson",
        "moment",
        "add",
        study,
        "--session",
        "F01-V1",
        "--coder",
        "wilson",
        "--from",
        "50",
        "--to",
        "74",
        "--freeze",
        "60",
        "--title",
        "The tower",
        "--caption",
        "I want to show you my tower",
        "--note",
        "mum tense at first"});
    // Text that must be escaped, and a word too long for a line of the PDF.
    ok({"--user", "wilson", "moment", "add", study, "--session", "F01-V1", "--coder", "wilson",
        "--from", "100", "--to", "110", "--caption", "<script>alert(1)</script> & \"Mum\"",
        "--title", std::string(70, 'W')});
    ok({"--user", "wilson", "moment", "add", study, "--session", "F01-V1", "--coder", "wilson",
        "--from", "120", "--to", "130", "--caption", "The last caption"});
    ok({"consent", "set", study, "--participant", "F01", "--allow", "feedback", "--recorded-by",
        "Jane Therapist"});
    ok({"--user", "wilson", "rating", "set", study, "--session", "F01-V1", "--coder", "wilson",
        "--scale", "SENSITIVITY", "--target", "parent", "--episode", "ALL", "--value", "7"});
    const std::vector<std::string> report = {"--user",    "wilson", "report", study,
                                             "--session", "F01-V1", "--out",  out};
    // Without consent for export the plan is listed and its stills are left out, saying why.
    const auto first = ok(report);
    CHECK_THAT(first.output, Catch::Contains("Stills are left out: the film of session F01-V1 "
                                             "has no consent for export in force."));
    const std::string html = read_file(out + "/report.html");
    CHECK_THAT(html,
               Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Mum&quot;") &&
                   !Catch::Contains("<script>alert") && !Catch::Contains("Jane"));
    CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>") && Catch::Contains("<svg") &&
                         Catch::Contains("I want to show you my tower") &&
                         Catch::Contains("not a clinical diagnosis") &&
                         Catch::Contains("<td>SENSITIVITY to parent</td><td>7</td>"));
    CHECK_THAT(html, !Catch::Contains("<script") && !Catch::Contains("src=\"http") &&
                         !Catch::Contains("<link") && !Catch::Contains("data:image/png"));
    CHECK_THAT(html, !Catch::Contains("wilson") && !Catch::Contains(feedback_clip()) &&
                         !Catch::Contains("mum tense"));
    const std::string text = tool_output({"pdftotext", out + "/report.pdf", "-"});
    CHECK_THAT(text, Catch::Contains("Session report: F01-V1") &&
                         Catch::Contains("Caption: I want to show you my tower") &&
                         Catch::Contains("not a clinical diagnosis") &&
                         !Catch::Contains("wilson") && !Catch::Contains("Jane") &&
                         Catch::Contains("The last caption"));
    // The long word is cut to fit the page: no line of text runs past A4's width.
    const std::string boxes = tool_output({"pdftotext", "-bbox", out + "/report.pdf", "-"});
    std::smatch m;
    double widest = 0;
    for (auto it = boxes.cbegin();
         std::regex_search(it, boxes.cend(), m, std::regex("xMax=\"([0-9.]+)\""));
         it = m.suffix().first)
        widest = std::max(widest, std::stod(m[1]));
    CHECK(widest > 400);
    CHECK(widest <= 595.28);
    tool_output({"pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", "-singlefile",
                 out + "/report.pdf", out + "/page"});
    CHECK(read_png(out + "/page.png").ok());
    CHECK(cli(report).exit_code == 1);  // written before: --force replaces it

    ok({"consent", "set", study, "--participant", "F01", "--allow", "feedback,export",
        "--recorded-by", "JS"});
    const auto named = ok({"--user", "wilson", "report", study, "--session", "F01-V1", "--out", out,
                           "--force", "--with-coders", "--with-paths"});
    CHECK_THAT(named.output, !Catch::Contains("left out"));
    const std::string full = read_file(out + "/report.html");
    CHECK_THAT(full, Catch::Contains("data:image/png;base64,") && Catch::Contains("wilson") &&
                         Catch::Contains(feedback_clip()));
    CHECK_FALSE(fs::exists(out + "/.attune-output.partial"));
}

TEST_CASE(
    "attune-cli plan: a visit plan drawing on two visits, reordered and scripted, its reel "
    "needs both films' consent",
    "[cli][feedback][plan]") {
    const std::string study = family_study("plan.attune");
    ok({"session", "add", study, "--label", "F01-V2", "--participant", "F01", "--recording",
        feedback_clip()});
    ok({"case", "visit", study, "F01", "--session", "F01-V2", "--visit", "2"});
    ok(moment_args(study, "100", "109", {"--title", "From visit 1"}));  // moment 1, on V1
    const std::vector<std::string> v2 = {"--session", "F01-V2", "--coder", "th"};
    auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    ok(with({"--user", "th", "moment", "add", study, "--from", "200", "--to", "204"}, v2));
    ok(with({"--user", "th", "plan", "add", study, "--moment", "1"}, v2));
    ok(with({"--user", "th", "plan", "move", study, "--moment", "1", "--to", "1"}, v2));
    ok(with({"--user", "th", "plan", "script", study, "--moment", "2", "--text",
             "What is she telling you?"},
            v2));
    const auto shown =
        split_lines(ok(with({"plan", "show", study, "--format", "csv"}, v2)).output, ',');
    REQUIRE(shown.size() == 3);
    CHECK(std::vector<std::string>(shown[1].begin(), shown[1].begin() + 5) ==
          std::vector<std::string>{"1", "1", "F01-V1", "100", "109"});
    CHECK(shown[2][1] == "2");
    CHECK(shown[2].back() == "What is she telling you?");
    CHECK(cli(with({"--user", "th", "plan", "add", study, "--moment", "1"}, v2)).exit_code == 1);

    // Consent for visit 2's film only: the reel shows visit 1's too, so it is refused.
    ok({"consent", "set", study, "--participant", "F01", "--session", "F01-V2", "--allow",
        "feedback,export", "--recorded-by", "JS"});
    const std::string out = dir() + "/plan-reel.mp4";
    fs::remove(out);
    const auto refused = cli(with({"--user", "th", "reel", study, "--out", out, "--plain"}, v2));
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.output, Catch::Contains("participant F01's film (session F01-V1)"));
    ok({"consent", "set", study, "--participant", "F01", "--session", "F01-V1", "--allow",
        "feedback,export", "--recorded-by", "JS"});
    ok(with({"--user", "th", "reel", study, "--out", out, "--plain"}, v2));
    auto decoded = decode_clip(out);
    REQUIRE(decoded.ok());
    CHECK(shown_frames(*decoded) == frames(100, 109) + frames(200, 204));
    // Recorded once for each film it shows, in one change.
    const auto exports = split_lines(ok({"exports", study, "--format", "csv"}).output, ',');
    REQUIRE(exports.size() == 3);
    CHECK(exports[1][1] == "F01-V1");
    CHECK(exports[2][1] == "F01-V2");
}
