// Intents applied to a real Workbench without a window: a study file in a temporary folder,
// a generated recording, and the seek, code, key and rating intents the views, the keyboard
// and scripts post. What happened is read back from the pass and the recording.
#include "intents.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "attune/coding/consent.hpp"
#include "attune/coding/event_log.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/records.hpp"
#include "attune/video/audio_sink.hpp"
#include "clip_cache.hpp"
#include "commands.hpp"
#include "workbench.hpp"

using namespace attune;
using namespace attune::app;
namespace fs = std::filesystem;

namespace {

// A study with one session P01 on a 2-second barcode clip, open in alice's primary pass.
struct Bench {
    fs::path dir;
    Preferences prefs;
    TaskRunner tasks;  // made before the workbench, gone after it
    std::unique_ptr<Workbench> wb;

    explicit Bench(const std::string& name, const std::string& keys_ini = "") {
        dir = fs::temp_directory_path() / "attune-unit" / "intents" / name;
        fs::remove_all(dir);
        fs::create_directories(dir / "config");
        if (!keys_ini.empty()) {
            std::ofstream(dir / "config" / "keys.ini") << keys_ini;
        }
        testing::ClipSpec spec;
        spec.video.width = 320;
        spec.video.height = 180;
        spec.seconds = 2;
        spec.audio = false;
        auto clip = testing::ensure_clip("intents", spec);
        if (!clip) FAIL(clip.error().message);
        wb = std::make_unique<Workbench>(prefs, tasks, (dir / "config").string(), "alice");
        wb->set_sound(video::Player::Sound::Off);
        const std::string study = (dir / "study.attune").string();
        wb->post(intent::CreateStudy{study, "intents"});
        apply_intents(*wb);
        REQUIRE(wb->study());
        Session s;
        s.participant = s.label = "P01";
        s.recording_path = *clip;
        REQUIRE(add_session(*wb->study(), s).ok());
        wb->post(intent::OpenSession{*find_session(*wb->study(), "P01")});
        apply_intents(*wb);
        REQUIRE(wb->pass());
        settle();
    }
    // Runs the recording's side of frames until the frame asked for is on screen.
    void settle() {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < until) {
            wb->media()->update(video::steady_now_us());
            if (wb->media()->problem()) FAIL(*wb->media()->problem());
            if (wb->media()->ready() && wb->media()->settled() && wb->media()->shown()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        FAIL("the recording never showed the frame asked for");
    }
    bool playing_within(std::chrono::seconds limit) {
        const auto until = std::chrono::steady_clock::now() + limit;
        while (!wb->media()->playing() && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return wb->media()->playing();
    }
    void press(const std::string& chord) {
        wb->post(intent::Key{{parse_chord(chord).value(), false, frame_on_screen(*wb)}});
        apply_intents(*wb);
    }
};

}  // namespace

TEST_CASE("every action of coding/'s table has one handler", "[intents][bindings]") {
    CHECK(every_action_has_a_handler());
}

TEST_CASE("a posted seek and a posted code land on the frame asked for", "[intents]") {
    Bench b("seek_code");
    Workbench& wb = *b.wb;
    wb.post(intent::Seek{30});
    CHECK(wb.media()->target_frame() == 0);  // nothing happens until the queue is applied
    apply_intents(wb);
    CHECK(!wb.has_intents());
    b.settle();
    REQUIRE(wb.media()->now());
    CHECK(wb.media()->now()->frame == 30);

    wb.post(intent::Code{"SMILE_AT", frame_on_screen(wb)});
    apply_intents(wb);
    REQUIRE(wb.view().pending);  // SMILE_AT asks whom the smile is directed at
    CHECK(wb.view().pending->at.frame == 30);
    wb.post(intent::ChooseModifier{"stranger"});
    apply_intents(wb);
    CHECK_FALSE(wb.view().pending);
    REQUIRE(wb.pass()->events().size() == 1);
    const Event& e = wb.pass()->events().front();
    CHECK(e.start_frame == 30);
    CHECK(e.modifiers == std::map<std::string, std::string>{{"target", "stranger"}});
    CHECK(wb.view().selected == std::set<int64_t>{e.id});

    SECTION("the same through the key queue, then undo by its key") {
        b.press("Right");
        b.settle();
        CHECK(wb.media()->now()->frame == 31);
        b.press("s");  // SMILE_AT's key in the scheme
        b.press("1");  // the chooser's first value
        REQUIRE(wb.pass()->events().size() == 2);
        CHECK(wb.pass()->events().back().start_frame == 31);
        b.press("Ctrl+Z");
        CHECK(wb.pass()->events().size() == 1);
    }
    SECTION("a code without a frame on screen says why and codes nothing") {
        wb.post(intent::Code{"SMILE_AT", OnScreen{std::nullopt, "Not coded: no frame"}});
        apply_intents(wb);
        CHECK(wb.pass()->events().size() == 1);
        CHECK(wb.view().status == "Not coded: no frame");
        CHECK(wb.view().status_is_error);
    }
    SECTION("an event cannot be moved to stop before it starts") {
        Event moved = e;
        moved.stop_frame = 10;
        wb.post(intent::UpdateEvent{moved});
        apply_intents(wb);
        CHECK(wb.view().status == "An event cannot stop before it starts");
        CHECK(wb.pass()->events().front().start_frame == 30);
    }
    SECTION("intents are applied in the order posted") {
        wb.post(intent::Select{{}});
        wb.post(intent::JumpToEvent{e.id});
        wb.post(intent::Seek{5});
        apply_intents(wb);
        b.settle();
        CHECK(wb.view().selected == std::set<int64_t>{e.id});
        CHECK(wb.media()->now()->frame == 5);
    }
}

TEST_CASE("digits rate the selected cell through the key queue while the grid is seen",
          "[intents][ratings]") {
    Bench b("rate_keys");
    Workbench& wb = *b.wb;
    const auto grid = rating_grid(wb.pass()->scheme());
    REQUIRE(grid.size() > 2);
    b.press("Ctrl+R");
    REQUIRE(wb.view().rating_cell);
    CHECK(wb.view().open_tab == SideTab::Ratings);

    SECTION("not while another tab is in front") {
        wb.ui().front_tab = SideTab::Events;
        b.press("6");
        CHECK(load_ratings(*wb.study(), wb.pass()->pass().id).empty());
    }
    SECTION("with the grid in front each digit rates and moves on") {
        wb.ui().front_tab = SideTab::Ratings;
        b.press("6");
        b.press("5");
        b.press("9");  // out of range for the scale: said, not coded as D_MARKER
        const auto ratings = load_ratings(*wb.study(), wb.pass()->pass().id);
        REQUIRE(ratings.size() == 2);
        CHECK(wb.pass()->rating(grid[0].scale, grid[0].target, grid[0].episode) == 6);
        CHECK(wb.pass()->rating(grid[1].scale, grid[1].target, grid[1].episode) == 5);
        CHECK(wb.pass()->events().empty());
        CHECK(wb.view().status_is_error);
        b.press("Backspace");  // clears the selected cell (the third)
        b.press("Escape");
        CHECK_FALSE(wb.view().rating_cell);
    }
    SECTION("two digits typed within one frame rate two cells") {
        wb.ui().front_tab = SideTab::Ratings;
        for (const char* digit : {"6", "5"})
            wb.post(intent::Key{{parse_chord(digit).value(), false, frame_on_screen(wb)}});
        apply_intents(wb);  // one frame's worth of keys, applied once
        CHECK(wb.pass()->rating(grid[0].scale, grid[0].target, grid[0].episode) == 6);
        CHECK(wb.pass()->rating(grid[1].scale, grid[1].target, grid[1].episode) == 5);
    }
}

TEST_CASE("a key stamped before another recording opened codes nothing", "[intents][keys]") {
    Bench b("stale_key");
    Workbench& wb = *b.wb;
    // P_GREET (Alt+g) codes at once: a point with nothing to choose.
    const intent::Key stale{{parse_chord("Alt+g").value(), false, frame_on_screen(wb)}};
    REQUIRE(stale.press.seen->frame);
    wb.post(intent::OpenSession{*find_session(*wb.study(), "P01")});  // opened again: a new player
    wb.post(stale);
    apply_intents(wb);
    CHECK(wb.pass()->events().empty());
    CHECK(wb.view().status_is_error);
    CHECK_THAT(wb.view().status, Catch::Contains("the recording changed before this key"));
    b.settle();
    b.press("Alt+g");  // stamped now: codes
    CHECK(wb.pass()->events().size() == 1);
}

TEST_CASE("only the file dialog goes to the window, recordings are added by the core",
          "[intents]") {
    Bench b("window");
    Workbench& wb = *b.wb;
    wb.post(intent::ChooseFile{intent::FileChoice::OpenStudy});
    apply_intents(wb);
    CHECK(wb.view().status == "This needs the workstation's window");

    wb.post(intent::AddRecording{"/nowhere/clip.mp4"});
    apply_intents(wb);
    CHECK(wb.view().status == "/nowhere/clip.mp4 is not a file. It was not added.");

    std::vector<size_t> seen;
    wb.post(intent::ChooseFile{intent::FileChoice::OpenStudy});
    wb.post(intent::Run{"key-map"});
    wb.post(intent::AnswerAddAgain{true});
    apply_intents(wb, [&](const Intent& what) { seen.push_back(what.index()); });
    CHECK(seen.size() == 1);
    CHECK(wb.ui().show_keymap);
    CHECK(wb.view().status == "no dropped recording is waiting for an answer");

    wb.post(intent::SetCoder{""});
    apply_intents(wb);
    CHECK(wb.view().status == "A coder needs a name");

    wb.post(intent::Run{"no-such-action"});
    apply_intents(wb);
    CHECK(wb.view().status == "No action named no-such-action");
}

TEST_CASE("a rebinding in keys.ini is read with the workbench and used by the keys",
          "[intents][bindings]") {
    Bench b("rebound", "play-pause = p\nundo = s\n");
    Workbench& wb = *b.wb;
    // Opening the pass refused "s" (SMILE_AT's key) for undo; "p" is free in the scheme.
    CHECK(wb.bindings().chords_text("undo") == "Ctrl+z");
    CHECK(wb.bindings().chords_text("play-pause") == "p");
    b.press("s");
    b.press("1");
    CHECK(wb.pass()->events().size() == 1);  // coded SMILE_AT, not undo
    b.press("p");
    CHECK(b.playing_within(std::chrono::seconds(10)));  // the player thread takes the command
    b.press("Space");                                   // no longer play-pause
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(wb.media()->playing());
}

TEST_CASE("a held arrow steps through what KeyInput says is held, never the window",
          "[intents][keys]") {
    Bench b("held");
    Workbench& wb = *b.wb;
    KeyInput input;
    const int64_t t0 = 1'000'000;
    input.window_down(GLFW_KEY_RIGHT, true);
    handle_held_keys(wb, input, t0, false);  // the hold begins: a tap's step is the key press's
    CHECK(wb.media()->target_frame() == 0);
    handle_held_keys(wb, input, t0 + kHoldDelayUs, false);
    b.settle();
    CHECK(wb.media()->now()->frame == 1);

    SECTION("with Shift held the arrow jumps (a press), it does not step on") {
        input.window_down(GLFW_KEY_LEFT_SHIFT, true);
        handle_held_keys(wb, input, t0 + 2 * kHoldDelayUs, false);
        CHECK(wb.media()->target_frame() == 1);
    }
    SECTION("released, it stops") {
        input.window_down(GLFW_KEY_RIGHT, false);
        handle_held_keys(wb, input, t0 + 2 * kHoldDelayUs, false);
        CHECK(wb.media()->target_frame() == 1);
    }
    SECTION("a rebound step-back on another arrow still steps while held") {
        REQUIRE(wb.bindings().read("step-back = Up\nprevious-event = Left\n", "keys.ini").empty());
        input.window_down(GLFW_KEY_RIGHT, false);
        input.window_down(GLFW_KEY_LEFT, true);
        handle_held_keys(wb, input, t0 + 2 * kHoldDelayUs, false);
        handle_held_keys(wb, input, t0 + 3 * kHoldDelayUs, false);
        CHECK(wb.media()->target_frame() == 1);  // Left is previous-event now: it does not step
        const std::vector<int> polled = held_step_keys(wb);  // what the window reads each frame
        CHECK(std::count(polled.begin(), polled.end(), GLFW_KEY_UP) == 1);
        CHECK(std::count(polled.begin(), polled.end(), GLFW_KEY_LEFT) == 0);
        input.window_down(GLFW_KEY_LEFT, false);
        input.window_down(GLFW_KEY_UP, true);
        handle_held_keys(wb, input, t0 + 4 * kHoldDelayUs, false);  // the hold begins
        handle_held_keys(wb, input, t0 + 5 * kHoldDelayUs, false);
        CHECK(wb.media()->target_frame() == 0);  // held Up steps back
    }
}

TEST_CASE("the review reads the passes again when it is shown, and never lets A's pass be coded",
          "[intents][review]") {
    Bench b("review");
    Workbench& wb = *b.wb;
    Study& study = *wb.study();
    const Pass a = wb.pass()->pass();
    const int64_t bob =
        *ensure_pass(study, a.session_id, "bob", PassRole::Reliability, a.scheme_snapshot_id);
    Event greet;
    greet.subject = "parent", greet.behaviour = "P_GREET";
    greet.start_frame = 10, greet.start_us = 333'333;
    greet.stop_frame = 10, greet.stop_us = 333'333;                 // a point event
    REQUIRE(EventLog(study, wb.pass()->scheme(), bob).add(greet));  // only B coded it

    wb.post(intent::OpenReview{"P01"});
    apply_intents(wb);
    REQUIRE(wb.review());
    CHECK(wb.view().screen == Screen::Review);
    REQUIRE(wb.review()->comparison.disagreements.size() == 1);
    CHECK(wb.pass()->pass().id == a.id);  // the recording plays through A's pass...
    b.press("Ctrl+2");                    // ...which the Coding screen never opens on
    CHECK(wb.view().screen == Screen::Review);
    CHECK_THAT(wb.view().status, Catch::StartsWith("The review only reads alice's pass"));

    wb.post(intent::StartConsensus{});
    wb.post(intent::ShowDisagreement{0});
    wb.post(intent::Decide{ConsensusChoice::B});
    apply_intents(wb);
    REQUIRE(wb.review()->consensus.pass);
    const int64_t consensus = wb.review()->consensus.pass->id;
    CHECK(wb.pass()->pass().id == consensus);
    CHECK(wb.review()->consensus.decisions.size() == 1);
    CHECK(wb.pass()->events().size() == 1);

    b.press("Ctrl+2");
    CHECK(wb.view().screen == Screen::Coding);
    b.press("Ctrl+Z");  // the decision goes...
    CHECK(wb.pass()->events().empty());
    b.press("Ctrl+6");  // ...and the review, shown again, says so
    CHECK(wb.view().screen == Screen::Review);
    CHECK(wb.review()->consensus.decisions.empty());

    b.press("Ctrl+2");
    b.press("Ctrl+Z");  // the start of the consensus pass goes too
    b.press("Ctrl+6");
    CHECK(wb.view().screen == Screen::Review);
    CHECK_FALSE(wb.review()->consensus.pass);
    REQUIRE(wb.pass());
    CHECK(wb.pass()->pass().id == a.id);  // back to playing through A's pass
}

TEST_CASE(
    "moments: marked in, out and freeze on the frames on screen, saved, edited, undone, "
    "reordered in the plan",
    "[intents][feedback]") {
    Bench b("moments");
    Workbench& wb = *b.wb;
    auto mark_at = [&](int64_t frame, intent::MarkMoment::Which which) {
        wb.post(intent::Seek{frame});
        apply_intents(wb);
        b.settle();
        wb.post(intent::MarkMoment{which, std::nullopt});
        apply_intents(wb);
    };
    using W = intent::MarkMoment::Which;
    Moment draft;
    draft.caption = "I want to show you my tower", draft.note = "private";
    wb.post(intent::SaveMoment{draft});
    apply_intents(wb);
    CHECK(wb.view().status == "Mark the moment's in and out frames first (I and O)");
    mark_at(12, W::In);
    mark_at(20, W::Freeze);
    mark_at(40, W::Out);
    CHECK(wb.view().status == "Moment out at frame 40");
    wb.post(intent::SaveMoment{draft});
    apply_intents(wb);
    REQUIRE(wb.pass()->moments().size() == 1);
    const Moment saved = wb.pass()->moments().front();
    CHECK(saved.in.frame == 12);
    CHECK(saved.out.frame == 40);
    REQUIRE(saved.freeze);
    CHECK(saved.freeze->frame == 20);
    CHECK(saved.in.t_us == wb.media()->index()->t_us(12));  // the recording's own times
    CHECK(saved.caption == "I want to show you my tower");
    CHECK_FALSE(wb.view().marks.in);     // cleared for the next one
    CHECK(wb.pass()->events().empty());  // a moment is never an event
    REQUIRE(wb.pass()->plan().size() == 1);

    Moment edited = saved;
    edited.title = "The tower";
    wb.post(intent::SaveMoment{edited});
    apply_intents(wb);
    CHECK(wb.pass()->moments().front().title == "The tower");
    b.press("Ctrl+Z");
    CHECK(wb.pass()->moments().front().title.empty());

    mark_at(50, W::In);
    mark_at(59, W::Out);
    mark_at(5, W::Freeze);  // outside 50-59: refused, the marks kept to mark it again
    wb.post(intent::SaveMoment{Moment{}});
    apply_intents(wb);
    CHECK(
        wb.view().status ==
        "The freeze frame (5) is outside the moment: mark it again between the in and out frames");
    REQUIRE(wb.view().marks.in);
    mark_at(55, W::Freeze);
    wb.post(intent::SaveMoment{Moment{}});
    apply_intents(wb);
    REQUIRE(wb.pass()->plan().size() == 2);
    const int64_t second = wb.pass()->plan()[1].moment.id;
    wb.post(intent::MoveInPlan{second, 0});
    wb.post(intent::SetPlanScript{second, "What is she telling you?"});
    apply_intents(wb);
    CHECK(wb.pass()->plan()[0].moment.id == second);
    CHECK(wb.pass()->plan()[0].script == "What is she telling you?");
    wb.post(intent::RemoveMoment{saved.id});
    apply_intents(wb);
    CHECK(wb.pass()->moments().size() == 1);
    b.press("Ctrl+Z");
    CHECK(wb.pass()->moments().size() == 2);
    CHECK(wb.pass()->plan().size() == 2);
}

TEST_CASE(
    "feedback keys act on the feedback screen only, and F5 shows the plan once its film "
    "has consent for feedback",
    "[intents][feedback]") {
    Bench b("feedback_keys");
    Workbench& wb = *b.wb;
    auto seek = [&](int64_t frame) {
        wb.post(intent::Seek{frame});
        apply_intents(wb);
        b.settle();
    };
    seek(12);
    b.press("i");  // the coding screen: a scheme's key, or nothing, never a mark
    CHECK_FALSE(wb.view().marks.in);
    b.press("F5");  // nor a showing
    CHECK(wb.view().screen == Screen::Coding);

    wb.post(intent::ShowScreen{Screen::Feedback});
    apply_intents(wb);
    REQUIRE(wb.view().screen == Screen::Feedback);
    b.press("i");
    REQUIRE(wb.view().marks.in);
    CHECK(wb.view().marks.in->frame == 12);
    seek(20);
    b.press("f");
    seek(30);
    b.press("o");
    wb.ui().draft.caption = "Look at me!";
    b.press("Ctrl+S");
    REQUIRE(wb.pass()->moments().size() == 1);
    const Moment m = wb.pass()->moments().front();
    CHECK(m.in.frame == 12);
    CHECK(m.out.frame == 30);
    CHECK(m.caption == "Look at me!");
    REQUIRE(m.freeze);
    CHECK(m.freeze->frame == 20);
    CHECK(wb.ui().moment == m.id);
    CHECK(wb.pass()->events().empty());
    seek(0);
    b.press("Down");  // the next moment, not the next event
    b.settle();
    CHECK(wb.media()->now()->frame == 12);

    b.press("F5");  // no consent recorded: not shown, and said why
    CHECK(wb.view().screen == Screen::Feedback);
    CHECK_FALSE(wb.presentation());
    CHECK(wb.view().status_is_error);
    CHECK(wb.view().status == "No moment of the plan can be shown (see above)");
    REQUIRE(record_consent(*wb.study(), "P01", std::nullopt, {"feedback"}, std::nullopt, "T").ok());
    const SessionMedia* pass_film = wb.media();
    b.press("F5");
    REQUIRE(wb.view().screen == Screen::Present);
    REQUIRE(wb.presentation());
    CHECK(wb.media() != pass_film);  // the moment's film, opened for the showing
    // Played from frame 12, paused on the freeze frame 20; Space plays on to the out frame 30.
    auto stops_at = [&](int64_t frame) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < until) {
            wb.update_media(video::steady_now_us());
            const auto now = wb.media()->now();
            if (wb.presentation()->started() && !wb.media()->playing() && now &&
                now->frame == frame && wb.media()->settled())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return false;
    };
    CHECK(stops_at(20));
    b.press("Space");
    CHECK(b.playing_within(std::chrono::seconds(10)));
    CHECK(stops_at(30));
    b.press("r");  // again from the in frame, and paused on the freeze frame again
    CHECK(stops_at(20));
    b.press("2");
    CHECK(wb.media()->rate() == 0.5);
    b.press("4");
    CHECK(wb.media()->rate() == 0.25);
    b.press("Escape");
    CHECK(wb.view().screen == Screen::Feedback);
    CHECK_FALSE(wb.presentation());
    CHECK(wb.media() == pass_film);  // the pass's recording is back
}
