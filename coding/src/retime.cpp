// Frames re-derived from times (see the header).
#include "attune/coding/retime.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "attune/coding/event_log.hpp"

namespace attune {

namespace {

std::string seconds(int64_t us) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(us) / 1e6);
    return buf;
}

// The frame a time falls on, with the frame's own time; nullopt past the recording's end.
std::optional<FrameTime> frame_of(const ImportTarget& index, int64_t t_us) {
    const int64_t frame = index.frame_at(t_us + 500);
    if (index.frame_count && frame >= *index.frame_count) return std::nullopt;
    return FrameTime{frame, index.frame_us(frame)};
}

}  // namespace

bool on_its_frames(const Event& e, const ImportTarget& index) {
    return index.frame_us(e.start_frame) == e.start_us &&
           (!e.stop_frame || index.frame_us(*e.stop_frame) == *e.stop_us);
}

size_t events_off_their_frames(const std::vector<Event>& events, const ImportTarget& index) {
    return size_t(std::count_if(events.begin(), events.end(),
                                [&](const Event& e) { return !on_its_frames(e, index); }));
}

// The pass's events with frames re-derived (only those off their frames), or why not.
Result<std::vector<Event>> retimed_events(const std::vector<Event>& events,
                                          const ImportTarget& index, Retimed& r) {
    std::vector<Event> changed;
    for (Event e : events) {
        if (on_its_frames(e, index)) {
            ++r.unchanged;
            continue;
        }
        const auto start = frame_of(index, e.start_us);
        const auto stop = e.stop_us ? frame_of(index, *e.stop_us) : start;
        if (!start || !stop)
            return Error{e.behaviour + " at " + seconds(e.stop_us.value_or(e.start_us)) +
                         " lies past the end of the recording; is it the recording this pass "
                         "was coded on? Nothing was changed"};
        r.largest_shift =
            std::max<int64_t>(r.largest_shift, std::llabs(start->frame - e.start_frame));
        e.start_frame = start->frame, e.start_us = start->t_us;
        if (e.stop_frame) {
            r.largest_shift =
                std::max<int64_t>(r.largest_shift, std::llabs(stop->frame - *e.stop_frame));
            e.stop_frame = stop->frame, e.stop_us = stop->t_us;
        }
        changed.push_back(std::move(e));
    }
    r.events = changed.size();
    return changed;
}

Result<Retimed> rederive_frames(Study& study, const Scheme& scheme, int64_t pass_id,
                                const ImportTarget& index) {
    if (!index.frame_at || !index.frame_us)
        return Error{
            "the study holds no frame index for this recording; open the session once "
            "so the recording is indexed, then try again"};
    Retimed r;
    auto planned = retimed_events(EventLog(study, scheme, pass_id).events(), index, r);
    if (!planned) return planned.error();
    if (planned->empty()) return r;
    // Read again inside the change: an edit made meanwhile is never written over.
    auto ok = study.change(
        "re-derive the frames of " + std::to_string(planned->size()) +
            " events from their times (the recording's frame index)",
        pass_id, [&](sql::Db& db) -> Status {
            Retimed again;
            auto changed = retimed_events(EventLog(study, scheme, pass_id).events(), index, again);
            if (!changed) return changed.error();
            if (*changed != *planned)
                return Error{
                    "the pass changed while its frames were being re-derived; nothing "
                    "was changed; run it again"};
            for (const Event& e : *changed) {
                db.prepare(
                      "UPDATE event SET start_frame = ?, start_us = ?, stop_frame = ?, "
                      "stop_us = ? WHERE id = ? AND pass_id = ?")
                    .bind_all(e.start_frame, e.start_us, e.stop_frame, e.stop_us, e.id, pass_id)
                    .run();
                if (db.changes() != 1)
                    return Error{"event " + std::to_string(e.id) + " is no longer in this pass"};
            }
            return ok_status();
        });
    if (!ok) return ok.error();
    return r;
}

}  // namespace attune
