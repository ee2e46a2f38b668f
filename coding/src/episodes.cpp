#include "attune/coding/episodes.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include "study_access.hpp"

namespace attune {

namespace {
// The behaviours that mark an episode boundary: each episode's start and end events and the
// procedure end.
std::set<std::string> boundary_behaviours(const Scheme& scheme) {
    std::set<std::string> out;
    for (const EpisodeDef& def : scheme.episodes) {
        if (!def.starts_event.empty()) out.insert(def.starts_event);
        if (!def.ends_event.empty()) out.insert(def.ends_event);
    }
    if (!scheme.end_event.empty()) out.insert(scheme.end_event);
    return out;
}

// A marker may follow itself only where the scheme has it start two episodes in a row.
std::set<std::string> may_repeat(const Scheme& scheme) {
    std::set<std::string> out;
    for (size_t i = 1; i < scheme.episodes.size(); ++i)
        if (scheme.episodes[i].starts_event == scheme.episodes[i - 1].starts_event)
            out.insert(scheme.episodes[i].starts_event);
    return out;
}

// The boundary markers that count, in frame order (events are ordered by start frame): a
// marker coded again with no other boundary between is a repeat, left out (and listed).
std::vector<const Event*> kept_markers(const Scheme& scheme, std::span<const Event> events,
                                       std::vector<RepeatedMarker>* repeats) {
    const auto boundaries = boundary_behaviours(scheme);
    const auto repeatable = may_repeat(scheme);
    std::vector<const Event*> kept;
    for (const Event& e : events) {
        if (!boundaries.count(e.behaviour)) continue;
        if (!kept.empty() && kept.back()->behaviour == e.behaviour &&
            !repeatable.count(e.behaviour)) {
            if (repeats) repeats->push_back({e, *kept.back()});
            continue;
        }
        kept.push_back(&e);
    }
    return kept;
}

std::optional<FrameTime> nth_occurrence(const std::vector<const Event*>& markers,
                                        const std::string& behaviour, int n) {
    int seen = 0;
    for (const Event* e : markers)
        if (e->behaviour == behaviour && ++seen == n) return FrameTime{e->start_frame, e->start_us};
    return std::nullopt;
}
}  // namespace

std::vector<RepeatedMarker> repeated_markers(const Scheme& scheme, std::span<const Event> events) {
    std::vector<RepeatedMarker> out;
    kept_markers(scheme, events, &out);
    return out;
}

std::optional<FrameTime> procedure_end(const Scheme& scheme, std::span<const Event> events) {
    if (scheme.end_event.empty()) return std::nullopt;
    for (const Event& e : events)  // the first is the end; a repeat never is
        if (e.behaviour == scheme.end_event) return FrameTime{e.start_frame, e.start_us};
    return std::nullopt;
}

std::vector<EpisodeSpan> derive_episodes(const Scheme& scheme, std::span<const Event> events,
                                         const std::map<std::string, FrameTime>& overrides) {
    const auto markers = kept_markers(scheme, events, nullptr);
    std::vector<EpisodeSpan> spans;
    std::optional<int64_t> latest_start;  // of the episodes found so far, in the scheme's order
    for (const EpisodeDef& def : scheme.episodes) {
        EpisodeSpan s;
        s.id = def.id;
        s.nominal_sec = def.nominal_sec;
        if (auto o = overrides.find(def.id); o != overrides.end()) {
            s.source = EpisodeSpan::Source::Override;
            s.start = o->second;
        } else if (auto at = nth_occurrence(markers, def.starts_event, def.starts_occurrence)) {
            s.source = EpisodeSpan::Source::Event;
            s.start = *at;
        }
        if (s.source != EpisodeSpan::Source::Missing) {
            if (latest_start && s.start.frame < *latest_start) {
                s.out_of_order = EpisodeSpan::OutOfOrder{s.start, s.source};
                s.source = EpisodeSpan::Source::Missing;
                s.start = {};
            } else {
                latest_start = s.start.frame;
            }
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
    std::sort(curtail_marks.begin(), curtail_marks.end());
    for (size_t i = 0; i < spans.size(); ++i) {
        EpisodeSpan& s = spans[i];
        if (s.source == EpisodeSpan::Source::Missing) continue;
        // Ends where the next episode found begins (never before this one: see above), else
        // at the procedure end.
        for (size_t j = i + 1; j < spans.size() && !s.end; ++j)
            if (spans[j].source != EpisodeSpan::Source::Missing) s.end = spans[j].start;
        if (!s.end && end && end->frame >= s.start.frame) s.end = end;
        const EpisodeDef& def = scheme.episodes[i];
        if (auto actual = s.actual_us(); actual && def.nominal_sec > 0) {
            // A bound the scheme does not give is nominal -+ the tolerance: a separation the
            // scheme only limits above is still "short" when it ends early without a marker.
            // (In 64 bits: a hostile scheme's lengths near INT_MAX must not overflow.)
            const int64_t nominal = def.nominal_sec, tolerance = scheme.nominal_tolerance_sec;
            const auto clamp = [](int64_t x) {
                return static_cast<int>(std::clamp<int64_t>(x, 0, std::numeric_limits<int>::max()));
            };
            s.min_sec = def.min_sec.value_or(clamp(nominal - tolerance));
            s.max_sec = def.max_sec.value_or(clamp(nominal + tolerance));
            s.too_short = *actual < int64_t{s.min_sec} * 1000000;
            s.too_long = s.max_sec > 0 && *actual > int64_t{s.max_sec} * 1000000;
        }
        // After its start, up to and on its end: a marker coded on the frame the parent comes
        // back belongs to the separation that ends there, not to the reunion.
        const auto mark =
            std::upper_bound(curtail_marks.begin(), curtail_marks.end(), s.start.frame);
        s.curtail_marked = mark != curtail_marks.end() && (!s.end || *mark <= s.end->frame);
    }
    return spans;
}

const char* length_word(const EpisodeSpan& s) {
    if (s.curtail_marked) return "curtailed";
    if (s.too_short) return "short";
    if (s.too_long) return "long";
    return "";
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
    auto s = study_db(study).prepare(
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
