// When the loop draws next: the earliest request of the frame, never in the past, and
// the idle interval (the study watch) when nothing asked; and when the recording asks.
#include "next_frame.hpp"

#include <catch2/catch.hpp>

#include "session_media.hpp"

using namespace attune::app;

TEST_CASE("the loop sleeps until the earliest request", "[next_frame]") {
    NextFrame next;
    SECTION("before the first frame it draws at once") {
        CHECK(next.wait_seconds(0) == 0.0);
    }
    SECTION("nothing asked: the idle interval") {
        next.begin(1'000'000);
        CHECK(next.due_us() == 1'000'000 + NextFrame::kIdleUs);
        CHECK(next.wait_seconds(1'000'000) == 0.25);
    }
    SECTION("the earliest of several requests wins") {
        next.begin(1'000'000);
        next.at(1'100'000);  // a status message expires
        next.at(1'040'000);  // the next video frame is due
        next.at(1'200'000);
        CHECK(next.due_us() == 1'040'000);
        CHECK(next.wait_seconds(1'010'000) == Approx(0.03));
    }
    SECTION("soon is a quarter-frame away") {
        next.begin(1'000'000);
        next.soon();
        CHECK(next.due_us() == 1'000'000 + NextFrame::kSoonUs);
    }
    SECTION("a request in the past is now; a deadline passed is no sleep") {
        next.begin(1'000'000);
        next.at(500'000);
        CHECK(next.due_us() == 1'000'000);
        CHECK(next.wait_seconds(1'002'000) == 0.0);
    }
    SECTION("each frame starts its requests again") {
        next.begin(1'000'000);
        next.soon();
        next.begin(2'000'000);
        CHECK(next.due_us() == 2'000'000 + NextFrame::kIdleUs);
    }
}

// The defect: a session whose recording is missing asked for a frame every 4 ms for as long
// as it stayed open (no player, so never "settled"), and so did one being indexed.
TEST_CASE("a recording that cannot play, or is being indexed, asks for no frames", "[next_frame]") {
    TaskRunner tasks;
    SECTION("missing") {
        SessionMedia media("/nonexistent/attune/recording.mp4", tasks, {},
                           attune::video::Player::Sound::Off);
        REQUIRE(media.problem());
        CHECK_FALSE(media.next_frame_due_us(0));
    }
    SECTION("being indexed (its task wakes the loop)") {
        SessionMedia media(std::string(ATTUNE_FIXTURE_DIR) + "/format1-study.sql", tasks, {},
                           attune::video::Player::Sound::Off);
        REQUIRE(media.indexing().running());  // no update() yet: the index is not taken
        CHECK_FALSE(media.ready());
        CHECK_FALSE(media.next_frame_due_us(0));
    }
}
