#include "attune/coding/stats/time_budget.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

namespace attune::stats {
namespace {

struct Window {
    std::string episode;
    int64_t start_us, end_us;  // [start, end)
};

// The scored windows: every episode with both ends known, and the whole procedure.
std::vector<Window> windows_of(const std::vector<EpisodeSpan>& episodes) {
    std::vector<Window> w;
    std::optional<int64_t> first, last;
    for (const EpisodeSpan& s : episodes) {
        if (s.source == EpisodeSpan::Source::Missing || !s.end) continue;
        w.push_back({s.id, s.start.t_us, s.end->t_us});
        first = first ? std::min(*first, s.start.t_us) : s.start.t_us;
        last = last ? std::max(*last, s.end->t_us) : s.end->t_us;
    }
    if (first) w.push_back({"ALL", *first, *last});
    return w;
}

struct Group {
    const BehaviourDef* def = nullptr;
    std::string subject;
    std::vector<const Event*> events;
};

// Events that count: known behaviours, not after the procedure end; grouped by
// subject and behaviour (in that order), each behaviour looked up once.
std::vector<Group> counted_events(const Scheme& scheme, std::span<const Event> events) {
    const auto end = procedure_end(scheme, events);
    std::vector<Group> groups;
    for (const Event& e : events) {
        if (e.behaviour == scheme.end_event || (end && e.start_frame > end->frame)) continue;
        const BehaviourDef* def = scheme.behaviour(e.behaviour);
        if (!def) continue;
        auto g = std::find_if(groups.begin(), groups.end(), [&](const Group& x) {
            return x.def == def && x.subject == e.subject;
        });
        if (g == groups.end()) g = groups.insert(groups.end(), Group{def, e.subject, {}});
        g->events.push_back(&e);
    }
    std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
        return a.subject != b.subject ? a.subject < b.subject : a.def->id < b.def->id;
    });
    return groups;
}

}  // namespace

namespace {

// Running figures of one behaviour in one window; Welford's update for the sd.
struct Accumulator {
    int count = 0, open = 0;
    int64_t total_us = 0;
    double mean = 0, m2 = 0;
    std::optional<double> latency_s;

    void add(const Window& w, const Event& e, bool point) {
        const int64_t stop = e.stop_us.value_or(w.end_us);
        const int64_t in = point ? 0 : std::min(stop, w.end_us) - std::max(e.start_us, w.start_us);
        ++count;
        open += e.open();
        total_us += in;
        const double d = static_cast<double>(in) / 1e6, delta = d - mean;
        mean += delta / count;
        m2 += delta * (d - mean);
        const double latency =
            static_cast<double>(std::max<int64_t>(0, e.start_us - w.start_us)) / 1e6;
        latency_s = latency_s ? std::min(*latency_s, latency) : latency;
    }
};

bool overlaps(const Window& w, const Event& e, bool point) {
    const int64_t stop = e.stop_us.value_or(w.end_us);
    if (point || e.start_us == stop) return e.start_us >= w.start_us && e.start_us < w.end_us;
    return e.start_us < w.end_us && stop > w.start_us;
}

}  // namespace

std::vector<BudgetRow> time_budget(const Scheme& scheme, std::span<const Event> events,
                                   const std::vector<EpisodeSpan>& episodes) {
    std::vector<BudgetRow> rows;
    const auto windows = windows_of(episodes);
    // Episode windows by start time for one sweep per behaviour; "ALL" is checked on its own.
    std::vector<size_t> by_start;
    for (size_t i = 0; i < windows.size(); ++i)
        if (windows[i].episode != "ALL") by_start.push_back(i);
    std::sort(by_start.begin(), by_start.end(),
              [&](size_t a, size_t b) { return windows[a].start_us < windows[b].start_us; });

    for (const Group& group : counted_events(scheme, events)) {
        const bool point = !group.def->is_state();
        std::vector<Accumulator> acc(windows.size());
        size_t first = 0;  // episodes ending at or before the current start hold no later event
        for (const Event* e : group.events) {
            while (first < by_start.size() && windows[by_start[first]].end_us <= e->start_us)
                ++first;
            const int64_t reach = std::max(e->stop_us.value_or(INT64_MAX), e->start_us + 1);
            for (size_t k = first; k < by_start.size() && windows[by_start[k]].start_us < reach;
                 ++k)
                if (overlaps(windows[by_start[k]], *e, point))
                    acc[by_start[k]].add(windows[by_start[k]], *e, point);
            if (!windows.empty() && windows.back().episode == "ALL" &&
                overlaps(windows.back(), *e, point))
                acc.back().add(windows.back(), *e, point);
        }
        for (size_t i = 0; i < windows.size(); ++i) {
            const Window& w = windows[i];
            const Accumulator& a = acc[i];
            BudgetRow r;
            r.subject = group.subject;
            r.behaviour = group.def->id;
            r.episode = w.episode;
            r.episode_us = w.end_us - w.start_us;
            r.count = a.count;
            r.open_bouts = a.open;
            r.total_us = a.total_us;
            r.latency_s = a.latency_s;
            if (!point && a.count > 0) r.mean_s = a.mean;
            if (!point && a.count >= 2) r.sd_s = std::sqrt(a.m2 / (a.count - 1));
            if (r.episode_us > 0) {
                r.share = static_cast<double>(r.total_us) / static_cast<double>(r.episode_us);
                r.rate_per_min = r.count / (static_cast<double>(r.episode_us) / 60e6);
            }
            rows.push_back(std::move(r));
        }
    }
    return rows;
}

std::vector<IntervalRow> interval_frequencies(const Scheme& scheme, std::span<const Event> events,
                                              const std::vector<EpisodeSpan>& episodes,
                                              int64_t interval_us) {
    std::vector<IntervalRow> rows;
    auto windows = windows_of(episodes);
    std::erase_if(windows, [](const Window& w) { return w.episode == "ALL"; });
    for (const Group& group : counted_events(scheme, events)) {
        const auto& list = group.events;
        const bool point = !group.def->is_state();
        for (const Window& w : windows) {
            // Interval boundaries after the partial-interval rule.
            std::vector<int64_t> starts;
            for (int64_t t = w.start_us; t < w.end_us; t += interval_us) starts.push_back(t);
            if (starts.size() > 1 && w.end_us - starts.back() < interval_us / 2) starts.pop_back();
            IntervalRow r{group.subject, group.def->id, w.episode, static_cast<int>(starts.size()),
                          0};
            for (size_t k = 0; k < starts.size(); ++k) {
                const int64_t a = starts[k], b = k + 1 < starts.size() ? starts[k + 1] : w.end_us;
                const Window interval{w.episode, a,
                                      b};  // an open state runs past any interval's end
                const bool occurs = std::any_of(list.begin(), list.end(), [&](const Event* e) {
                    return overlaps(interval, *e, point);
                });
                r.with_behaviour += occurs;
            }
            rows.push_back(std::move(r));
        }
    }
    return rows;
}

}  // namespace attune::stats
