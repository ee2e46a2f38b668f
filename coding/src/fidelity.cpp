#include "attune/coding/stats/fidelity.hpp"

#include "attune/coding/episodes.hpp"

namespace attune::stats {

double FidelityFigures::per_minute() const {
    return window_us > 0 ? static_cast<double>(comments()) * 60e6 / static_cast<double>(window_us)
                         : 0.0;
}

std::optional<double> FidelityFigures::share_on_target() const {
    if (comments() == 0) return std::nullopt;
    return static_cast<double>(on_target) / static_cast<double>(comments());
}

FidelityFigures fidelity_figures(const Scheme& scheme, std::span<const Event> events,
                                 FrameTime from, FrameTime to) {
    FidelityFigures f;
    f.window_us = std::max<int64_t>(0, to.t_us - from.t_us);
    if (!scheme.fidelity) return f;
    const FidelityDef& d = *scheme.fidelity;
    for (const Event& e : events) {
        if (e.start_frame < from.frame || e.start_frame >= to.frame) continue;
        const bool on = e.behaviour == d.on_target;
        if (!on && e.behaviour != d.off_target) continue;
        ++(on ? f.on_target : f.off_target);
        const auto kind = e.modifiers.find(d.kind_modifier);
        ++f.by_kind[kind == e.modifiers.end() ? "" : kind->second];
    }
    return f;
}

FidelityWindow fidelity_window(const Scheme& scheme, std::span<const Event> events,
                               FrameTime recording_end) {
    const auto spans = derive_episodes(scheme, events, {});
    if (!spans.empty() && spans.front().source != EpisodeSpan::Source::Missing && spans.front().end)
        return {spans.front().start, *spans.front().end, false};
    return {{0, 0}, recording_end, true};
}

}  // namespace attune::stats
