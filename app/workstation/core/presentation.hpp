#pragma once
// Showing a visit plan to the family (issue 14 point 4): the plan's moments in showing order,
// each played from its in frame, paused once on its freeze frame, stopped on its out frame.
// The family sees the picture and the caption only; the therapist's window keeps the plan,
// the scripts and the private notes. A moment whose film has no consent for feedback today is
// left out, and the therapist is told why.
//
// The Workbench opens each moment's film in place of the pass's recording while the plan is
// shown (so the transport keys, the renderer and the frame on screen all follow it) and puts
// the pass's recording back afterwards; this class only says what to show and follows the
// playing film.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/moments.hpp"
#include "attune/coding/study.hpp"
#include "session_media.hpp"

namespace attune::app {

struct ShownMoment {
    Moment moment;
    Session session;  // the film it is from
    std::string script;
};

// The plan of `pass_id` as it can be shown today (YYYY-MM-DD): its moments in showing order,
// and for each one left out, why.
struct ShowablePlan {
    std::vector<ShownMoment> moments;
    std::vector<std::string> left_out;
};
ShowablePlan showable_plan(Study& study, int64_t pass_id, const std::string& today);

class Presentation {
  public:
    explicit Presentation(std::vector<ShownMoment> moments) : moments_(std::move(moments)) {}

    const std::vector<ShownMoment>& moments() const { return moments_; }
    size_t index() const { return index_; }
    const ShownMoment& current() const { return moments_[index_]; }
    // True once the moment's film has shown its in frame and played from it.
    bool started() const { return phase_ != Phase::Seeking; }

    // The moment to show next (clamped to the plan): played from its in frame once its film
    // is on screen.
    void show(size_t index);
    void replay() { show(index_); }
    // Every frame, with the film of the current moment: seeks to the in frame, plays from it
    // once it is on screen, pauses on the freeze frame the first time playing reaches it, and
    // stops on the out frame (also after the therapist played on from the freeze).
    void follow(SessionMedia& film);

  private:
    enum class Phase { Seeking, Sought, Watching };
    void stop_at(SessionMedia& film, int64_t frame);

    std::vector<ShownMoment> moments_;
    size_t index_ = 0;
    Phase phase_ = Phase::Seeking;
    bool frozen_ = false;  // the freeze frame was paused on
    int64_t last_ = -1;    // the frame on screen when last followed
};

}  // namespace attune::app
