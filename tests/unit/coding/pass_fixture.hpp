#pragma once
// An in-memory study with one coding pass under the tiny scheme (or the one given).
#include "attune/coding/event_log.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/study.hpp"
#include "scheme_fixture.hpp"

namespace attune::testing {

struct PassFixture {
    Study study = Study::in_memory("tester");
    Scheme scheme;
    int64_t pass = 0;
    explicit PassFixture(Scheme s = tiny_scheme()) : scheme(std::move(s)) {
        const int64_t snap = *add_scheme_snapshot(study, scheme);
        const int64_t session = *add_session(study, {0, "P01", "P01-T1", {}, {}, {}, {}, {}});
        pass = *ensure_pass(study, session, "ab", PassRole::Primary, snap);
    }
    EventLog log() { return EventLog(study, scheme, pass); }
};

// 30 fps: frame n is on screen from n/30 s.
inline FrameTime at_frame(int64_t frame) {
    return {frame, frame * 1000000 / 30};
}
inline FrameTime at_seconds(double s) {
    return at_frame(static_cast<int64_t>(s * 30 + 0.5));
}

}  // namespace attune::testing
