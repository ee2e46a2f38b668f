#include "presentation.hpp"

#include <algorithm>
#include <utility>

#include "attune/coding/consent.hpp"
#include "attune/coding/records.hpp"

namespace attune::app {

ShowablePlan showable_plan(Study& study, int64_t pass_id, const std::string& today) {
    ShowablePlan out;
    for (PlanItem& item : visit_plan(study, pass_id)) {
        auto session = find_session(study, item.session);
        if (!session) continue;  // a plan item always has its session; never shown without
        if (auto no = consent_refusal(study, session->id, "feedback", today)) {
            const Moment& m = item.moment;
            const std::string name = m.title.empty() ? "frames " + std::to_string(m.in.frame) +
                                                           "-" + std::to_string(m.out.frame)
                                                     : "\"" + m.title + "\"";
            out.left_out.push_back(name + " (" + item.session + "): " + *no);
            continue;
        }
        out.moments.push_back(
            {std::move(item.moment), std::move(*session), std::move(item.script)});
    }
    return out;
}

void Presentation::show(size_t index) {
    index_ = std::min(index, moments_.empty() ? 0 : moments_.size() - 1);
    phase_ = Phase::Seeking;
    frozen_ = false;
    last_ = -1;
}

void Presentation::stop_at(SessionMedia& film, int64_t frame) {
    film.pause();
    if (film.now() && film.now()->frame != frame) film.seek_frame(frame);
}

void Presentation::follow(SessionMedia& film) {
    if (moments_.empty() || !film.ready()) return;
    const Moment& m = current().moment;
    if (phase_ == Phase::Seeking) {
        film.pause();
        film.seek_frame(m.in.frame);  // clamped to the film: a shorter file stops on its end
        phase_ = Phase::Sought;
        return;
    }
    const auto now = film.now();
    if (!film.answered() || !now) return;
    if (phase_ == Phase::Sought) {  // the seek answered (or the therapist moved first)
        phase_ = Phase::Watching;
        last_ = now->frame;
        if (now->frame != m.in.frame) return;  // elsewhere: the therapist's
        if (m.freeze && m.freeze->frame == m.in.frame) {
            frozen_ = true;  // shown still first; Space plays on
            return;
        }
        if (!film.playing()) film.toggle_play();
        return;
    }
    const int64_t before = std::exchange(last_, now->frame);
    if (!film.playing()) return;  // paused, stepping: the therapist's
    // Paused once when playing crosses the freeze frame (at 4x too), never when the therapist
    // stepped past it first.
    if (m.freeze && !frozen_ && before < m.freeze->frame && now->frame >= m.freeze->frame) {
        frozen_ = true;
        last_ = m.freeze->frame;
        return stop_at(film, m.freeze->frame);
    }
    if (before < m.out.frame && now->frame >= m.out.frame) {  // Space after it plays on
        last_ = m.out.frame;
        stop_at(film, m.out.frame);
    }
}

}  // namespace attune::app
