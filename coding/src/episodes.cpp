#include "attune/coding/episodes.hpp"

#include <algorithm>

namespace attune {

namespace {
std::optional<FrameTime> nth_occurrence(std::span<const Event> events, const std::string& behaviour,
                                        int n) {
    int seen = 0;
    for (const Event& e : events)  // events are ordered by start frame
        if (e.behaviour == behaviour && ++seen == n) return FrameTime{e.start_frame, e.start_us};
    return std::nullopt;
}
}  // namespace

std::optional<FrameTime> procedure_end(const Scheme& scheme, std::span<const Event> events) {
    if (scheme.end_event.empty()) return std::nullopt;
    return nth_occurrence(events, scheme.end_event, 1);
}

std::vector<EpisodeSpan> derive_episodes(const Scheme& scheme, std::span<const Event> events,
                                         const std::map<std::string, FrameTime>& overrides) {
    std::vector<EpisodeSpan> spans;
    for (const EpisodeDef& def : scheme.episodes) {
        EpisodeSpan s;
        s.id = def.id;
        s.nominal_sec = def.nominal_sec;
        if (auto o = overrides.find(def.id); o != overrides.end()) {
            s.source = EpisodeSpan::Source::Override;
            s.start = o->second;
        } else if (auto at = nth_occurrence(events, def.starts_event, def.starts_occurrence)) {
            s.source = EpisodeSpan::Source::Event;
            s.start = *at;
        }
        spans.push_back(s);
    }
    const auto end = [&]() -> std::optional<FrameTime> {
        if (auto o = overrides.find("END"); o != overrides.end()) return o->second;
        return procedure_end(scheme, events);
    }();
    std::vector<int64_t> curtail_marks;
    for (const Event& e : events)
        if (e.behaviour == "CURTAILED") curtail_marks.push_back(e.start_frame);
    for (size_t i = 0; i < spans.size(); ++i) {
        EpisodeSpan& s = spans[i];
        if (s.source == EpisodeSpan::Source::Missing) continue;
        // Ends where the next episode with a known start begins, else at the procedure end.
        for (size_t j = i + 1; j < spans.size() && !s.end; ++j)
            if (spans[j].source != EpisodeSpan::Source::Missing) s.end = spans[j].start;
        if (!s.end && end && end->frame >= s.start.frame) s.end = end;
        const EpisodeDef& def = scheme.episodes[i];
        if (auto actual = s.actual_us(); actual && def.nominal_sec > 0) {
            const int64_t nominal = int64_t{def.nominal_sec} * 1000000,
                          tolerance = int64_t{scheme.nominal_tolerance_sec} * 1000000;
            s.curtailed = *actual < nominal - tolerance;
            s.extended = *actual > nominal + tolerance;
        }
        for (const Event& e : events)
            if (e.behaviour == "CURTAILED" && e.start_frame >= s.start.frame &&
                (!s.end || e.start_frame <= s.end->frame))
                s.curtail_marked = true;
    }
    return spans;
}

const EpisodeSpan* episode_at(const std::vector<EpisodeSpan>& spans, int64_t frame) {
    for (const EpisodeSpan& s : spans)
        if (s.source != EpisodeSpan::Source::Missing && frame >= s.start.frame &&
            (!s.end || frame < s.end->frame))
            return &s;
    return nullptr;
}

std::map<std::string, FrameTime> load_episode_overrides(Study& study, int64_t pass_id) {
    std::map<std::string, FrameTime> out;
    auto s = study.db().prepare(
        "SELECT episode, start_frame, start_us FROM episode_override WHERE pass_id = ?");
    s.bind(1, pass_id);
    while (s.step()) out[s.text(0)] = {s.int64(1), s.int64(2)};
    return out;
}

Status set_episode_override(Study& study, int64_t pass_id, const std::string& episode,
                            std::optional<FrameTime> start) {
    return study.change(
        (start ? "set start of " : "clear start of ") + episode, pass_id, [&](sql::Db& db) {
            db.prepare("DELETE FROM episode_override WHERE pass_id = ? AND episode = ?")
                .bind_all(pass_id, episode)
                .run();
            if (start)
                db.prepare(
                      "INSERT INTO episode_override (pass_id, episode, start_frame, start_us) "
                      "VALUES (?, ?, ?, ?)")
                    .bind_all(pass_id, episode, start->frame, start->t_us)
                    .run();
            return ok_status();
        });
}

}  // namespace attune
