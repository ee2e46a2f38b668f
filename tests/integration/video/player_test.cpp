// The media worker: commands stamped with serials, frames tagged with them, and a
// stale frame never delivered after a newer command. Checked by the barcode.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "attune/video/player.hpp"
#include "attune/video/proxy.hpp"
#include "barcode.hpp"
#include "clip_cache.hpp"

using namespace attune::testing;
using namespace attune::video;
using Clock = std::chrono::steady_clock;

namespace {

std::unique_ptr<Player> open_player(Player::Sound sound = Player::Sound::Device) {
    ClipSpec s;
    s.video.gop = 15;
    s.video.bframes = 2;
    s.seconds = 8;
    auto path = ensure_clip("player", s);
    REQUIRE(path.ok());
    auto index = build_frame_index(*path);
    REQUIRE(index.ok());
    auto p = Player::open(*path, std::make_shared<const FrameIndex>(std::move(*index)), {}, sound);
    REQUIRE(p.ok());
    return std::move(*p);
}

int64_t now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch())
        .count();
}

// Waits (at most 10 s) for the frame answering `serial`.
PlayerFrame wait_for(Player& p, uint64_t serial) {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
        if (auto f = p.take(now_us())) {
            REQUIRE(f->serial >= serial);  // never a stale frame
            if (f->serial == serial) return std::move(*f);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    FAIL("no frame for command " << serial
                                 << (p.last_error() ? ": " + *p.last_error() : std::string()));
    return {};
}

// Waits (at most 10 s) until a frame is queued, and says when it falls due at `now`.
int64_t wait_for_due(const Player& p, int64_t now) {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
        if (auto due = p.next_due_us(now)) return *due;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    FAIL("no frame was queued");
    return 0;
}

uint32_t barcode(const PlayerFrame& f) {
    auto v = read_frame_barcode({f.planes[0].data, f.planes[0].stride, f.width, f.height, 8});
    REQUIRE(v.has_value());
    return *v;
}

}  // namespace

TEST_CASE("seek, step and seek-to-time answer with exactly the frame asked for",
          "[video][player]") {
    auto p = open_player();
    CHECK(barcode(wait_for(*p, p->seek_frame(120))) == 120);
    CHECK(barcode(wait_for(*p, p->step(1))) == 121);
    CHECK(barcode(wait_for(*p, p->step(-1))) == 120);
    CHECK(barcode(wait_for(*p, p->step(-5))) == 115);
    CHECK(barcode(wait_for(*p, p->step(10))) == 125);
    const int64_t t = p->index().t_us(77);
    CHECK(barcode(wait_for(*p, p->seek_time_us(t + 10))) == 77);  // inside frame 77's display time
    CHECK(barcode(wait_for(*p, p->seek_frame(100000))) ==
          static_cast<uint32_t>(p->index().frame_count() - 1));
}

TEST_CASE("a burst of commands: only the newest is answered, stale frames never arrive",
          "[video][player]") {
    auto p = open_player();
    p->seek_frame(10);
    p->seek_frame(200);
    p->step(3);
    const uint64_t last = p->seek_frame(42);
    const PlayerFrame f = wait_for(*p, last);
    CHECK(f.index == 42);
    CHECK(barcode(f) == 42);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    while (auto more = p->take(now_us())) CHECK(more->serial >= last);
}

TEST_CASE(
    "play delivers frames in order on the clock, passing over only late ones, pause stops "
    "on the frame on screen",
    "[video][player]") {
    auto p = open_player();
    wait_for(*p, p->seek_frame(30));
    p->set_rate(4.0);
    CHECK(p->rate() == 4.0);
    p->set_rate(99);
    CHECK(p->rate() == Player::kMaxRate);
    const uint64_t play = p->play();
    std::vector<int64_t> shown, taken_at;
    int64_t first_wall = -1, first_t = 0;
    const auto end = Clock::now() + std::chrono::milliseconds(500);
    while (Clock::now() < end) {
        const int64_t now = now_us();
        if (auto f = p->take(now)) {
            CHECK(f->serial == play);
            CHECK(barcode(*f) == static_cast<uint32_t>(f->index));
            if (first_wall < 0) first_wall = now, first_t = f->t_us;
            // Never shown before its time on the 4x clock (late is allowed on a busy machine).
            CHECK(now - first_wall >= (f->t_us - first_t) / 4);
            shown.push_back(f->index);
            taken_at.push_back(now);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    REQUIRE(shown.size() > 5);
    CHECK(shown.front() == 31);
    CHECK(std::is_sorted(shown.begin(), shown.end()));
    CHECK(std::adjacent_find(shown.begin(), shown.end()) == shown.end());
    // Consecutive unless late: a frame passed over was already due (on the 4x clock of this
    // 30 fps clip) when the one after it was taken. The slack covers how late the first
    // frame itself was taken (this loop sleeps 2 ms between polls).
    const int64_t slack_us = 20'000;
    for (size_t i = 1; i < shown.size(); ++i)
        for (int64_t k = shown[i - 1] + 1; k < shown[i]; ++k) {
            INFO("frame " << k << " passed over before frame " << shown[i]);
            CHECK(first_wall + (k - shown.front()) * 1'000'000 / 30 / 4 <= taken_at[i] + slack_us);
        }
    p->pause();
    const int64_t on_screen = shown.back();
    CHECK(barcode(wait_for(*p, p->step(1))) ==
          static_cast<uint32_t>(on_screen + 1));  // no skip ahead after pause
}

// The loop sleeps until the next frame is due instead of polling every 4 ms: the due time
// must be exactly when take() hands the frame over (here on the wall clock, without sound,
// with a made-up "now" so no scheduling delay enters).
TEST_CASE(
    "the next frame's due time is when take() gives it: at once for a seek, a frame's "
    "time later during playback, none while nothing is on its way",
    "[video][player]") {
    auto p = open_player(Player::Sound::Off);
    const uint64_t seek = p->seek_frame(30);
    CHECK(wait_for_due(*p, 5'000'000) == 5'000'000);  // a seek's answer is due at once
    wait_for(*p, seek);
    CHECK_FALSE(p->next_due_us(now_us()));  // paused on frame 30: nothing comes
    p->play();
    const int64_t t0 = now_us();
    CHECK(wait_for_due(*p, t0) == t0);  // the first frame of playback starts the clock
    auto first = p->take(t0);
    REQUIRE(first);
    CHECK(first->index == 31);
    const int64_t due = wait_for_due(*p, t0);
    CHECK(due == t0 + p->index().t_us(32) - p->index().t_us(31));  // a frame later, not 4 ms
    CHECK_FALSE(p->take(due - 1));
    auto second = p->take(due);
    REQUIRE(second);
    CHECK(barcode(*second) == 32);
    CHECK(wait_for_due(*p, due + 1'000'000) == due + 1'000'000);  // late frames: due now
}

namespace {

// A player of a GOP-250 clip with its seek proxy built (a seek into the original decodes far),
// in a proxy folder of the test's own (`name`): tests run in parallel, and a second build in
// the same folder is refused while the first holds it.
std::unique_ptr<Player> open_player_with_proxy(const std::string& name) {
    ClipSpec s;
    s.video.gop = 250;
    s.video.bframes = 2;
    s.seconds = 10;
    s.audio = false;
    auto path = ensure_clip("player_proxy_gop250", s);
    REQUIRE(path.ok());
    auto built = build_frame_index(*path);
    REQUIRE(built.ok());
    const auto index = std::make_shared<const FrameIndex>(std::move(*built));
    const std::string proxy = *path + "." + name + ".proxy";
    std::filesystem::remove_all(proxy);
    REQUIRE(build_proxy(*path, index, proxy).ok());
    auto p = Player::open(*path, index, {}, Player::Sound::Off, {}, size_t{2} << 20,
                          proxy);  // ~6 frames
    REQUIRE(p.ok());
    return std::move(*p);
}

// The frames answering `serial`, in the order taken, until the original's arrives.
std::vector<PlayerFrame> until_original(Player& p, uint64_t serial) {
    std::vector<PlayerFrame> got;
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
        if (auto f = p.take(now_us())) {
            REQUIRE(f->serial >= serial);  // never a stale frame
            got.push_back(std::move(*f));
            if (!got.back().proxy) return got;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    FAIL("the original's frame never came after the proxy's");
    return got;
}

}  // namespace

TEST_CASE("with a seek proxy a seek shows the proxy's picture of the frame, then the original's",
          "[video][player][proxy]") {
    auto p = open_player_with_proxy("picture");
    for (int64_t target : {240, 17, 130}) {
        INFO("seek to " << target);
        const uint64_t serial = p->seek_frame(target);
        const auto got = until_original(*p, serial);
        REQUIRE(got.size() == 2);
        CHECK(got[0].proxy);
        CHECK(got[0].width < 640 + 1);  // the proxy's size (the clip is small: not scaled)
        for (const auto& f : got) {
            CHECK(f.index == target);
            CHECK(f.serial == serial);
            CHECK(barcode(f) == static_cast<uint32_t>(target));
        }
    }
    // Stepping back decodes the stretch before the frame into the cache (nothing skipped):
    // the step after it is served from the cache, with no proxy picture.
    CHECK(until_original(*p, p->step(-1)).back().index == 129);
    const auto back = until_original(*p, p->step(-1));
    REQUIRE(back.size() == 1);
    CHECK(back[0].index == 128);
    CHECK(barcode(back[0]) == 128);
}

TEST_CASE(
    "with a seek proxy a burst of seeks answers only the newest and a rate change keeps "
    "the original's frame owed",
    "[video][player][proxy]") {
    auto p = open_player_with_proxy("burst");
    p->seek_frame(200);
    p->seek_frame(40);
    const uint64_t last = p->seek_frame(230);
    const auto got = until_original(*p, last);
    CHECK(got.back().index == 230);
    CHECK(barcode(got.back()) == 230);

    // A rate change while the original's frame is decoded interrupts that decode; the frame
    // is still owed and comes.
    const uint64_t seek = p->seek_frame(120);
    p->set_rate(2.0);
    const auto after_rate = until_original(*p, seek);
    CHECK(after_rate.back().index == 120);
    CHECK(barcode(after_rate.back()) == 120);
}
