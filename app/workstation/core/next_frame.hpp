#pragma once
// When the main loop draws next (mpv's mp_set_timeout): during a frame, everything that
// will need a redraw at a time says so (the recording's next frame due, a held key stepping, a
// script step, a status message expiring), and the loop sleeps until the earliest of those or until
// an event wakes it: input, or a worker's wake (a task's progress or its end, a decoded frame).
// Without any request it sleeps the idle interval, in which the study watch looks for other
// writers' changes.
#include <algorithm>
#include <cstdint>

namespace attune::app {

class NextFrame {
  public:
    static constexpr int64_t kIdleUs = 250'000;  // the study watch's look, at the latest
    static constexpr int64_t kSoonUs = 4'000;    // "as soon as possible", a quarter-frame

    // Starts the requests of the frame drawn at `now_us`.
    void begin(int64_t now_us) { now_us_ = now_us, due_us_ = now_us + kIdleUs; }
    void at(int64_t t_us) { due_us_ = std::min(due_us_, std::max(t_us, now_us_)); }
    void soon() { at(now_us_ + kSoonUs); }
    int64_t due_us() const { return due_us_; }
    // How long the loop may sleep from `now_us` (never negative).
    double wait_seconds(int64_t now_us) const {
        return static_cast<double>(std::max<int64_t>(0, due_us_ - now_us)) / 1e6;
    }

  private:
    int64_t now_us_ = 0;
    int64_t due_us_ = 0;  // before the first frame: draw at once
};

}  // namespace attune::app
