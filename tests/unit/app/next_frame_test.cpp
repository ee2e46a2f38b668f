// When the loop draws next: the earliest request of the frame, never in the past, and
// the idle interval (the study watch) when nothing asked.
#include "next_frame.hpp"

#include <catch2/catch.hpp>

using attune::app::NextFrame;

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
