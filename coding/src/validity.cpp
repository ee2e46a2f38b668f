#include "attune/coding/validity.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>
#include <unordered_map>

#include "attune/coding/event_log.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/rule_hints.hpp"

namespace attune {

const char* to_string(ValidityIssue::Severity s) {
    switch (s) {
        case ValidityIssue::Severity::Error:
            return "error";
        case ValidityIssue::Severity::Warning:
            return "warning";
        case ValidityIssue::Severity::Info:
            return "info";
    }
    return "warning";
}

namespace {

using Sev = ValidityIssue::Severity;

std::string frame_text(int64_t f) {
    return "frame " + std::to_string(f);
}

// Overlapping members of an exclusive group (possible after edits or imports), by sort and
// sweep: bouts in start order, each compared only with the earlier ones still running.
// Reports every overlapping pair as the every-pair check did, in the same order (by the
// pair's positions in the pass), naming the later-listed event.
void check_exclusive_overlaps(const Scheme& scheme, const PassContent& p,
                              std::vector<ValidityIssue>& out) {
    std::unordered_map<std::string, std::vector<size_t>> groups_of;  // a member of several
    for (size_t g = 0; g < scheme.exclusive_groups.size(); ++g)
        for (const auto& member : scheme.exclusive_groups[g].members)
            if (auto& gs = groups_of[member]; gs.empty() || gs.back() != g) gs.push_back(g);
    std::vector<std::vector<size_t>> members(scheme.exclusive_groups.size());  // event positions
    for (size_t i = 0; i < p.events.size(); ++i)
        if (auto g = groups_of.find(p.events[i].behaviour); g != groups_of.end())
            for (size_t group : g->second) members[group].push_back(i);
    const auto end_of = [&](size_t i) { return p.events[i].stop_frame.value_or(INT64_MAX); };
    for (size_t g = 0; g < members.size(); ++g) {
        auto& group = members[g];
        std::stable_sort(group.begin(), group.end(), [&](size_t a, size_t b) {
            return p.events[a].start_frame < p.events[b].start_frame;
        });
        std::vector<size_t> running;  // started, not ended before the bout being looked at
        std::vector<std::pair<size_t, size_t>> pairs;
        for (size_t j : group) {
            const Event& b = p.events[j];
            std::erase_if(running, [&](size_t i) { return end_of(i) <= b.start_frame; });
            for (size_t i : running)  // started at or before b and still running: overlap
                if (p.events[i].start_frame < end_of(j))
                    pairs.emplace_back(std::min(i, j), std::max(i, j));
            running.push_back(j);
        }
        std::sort(pairs.begin(), pairs.end());
        const ExclusiveGroup& def = scheme.exclusive_groups[g];
        for (const auto& [i, j] : pairs) {
            const Event& a = p.events[i];
            const Event& b = p.events[j];
            const int64_t from = std::max(a.start_frame, b.start_frame);
            out.push_back({Sev::Error, "exclusive_overlap",
                           a.behaviour + " and " + b.behaviour + " overlap from " +
                               frame_text(from) + "; they are exclusive (" + def.id +
                               "): shorten one",
                           from, b.id, "", std::nullopt});
        }
    }
}

void check_events(const Scheme& scheme, const PassContent& p, std::vector<ValidityIssue>& out) {
    const auto end = procedure_end(scheme, p.events);
    for (const Event& e : p.events) {
        const BehaviourDef* b = scheme.behaviour(e.behaviour);
        if (!b) {
            out.push_back({Sev::Error, "unknown_behaviour",
                           e.behaviour + " at " + frame_text(e.start_frame) +
                               " is not in the scheme; recode or delete it",
                           e.start_frame, e.id, "", std::nullopt});
            continue;
        }
        if (e.open())
            out.push_back({Sev::Warning, "open_state",
                           e.behaviour + " started at " + frame_text(e.start_frame) +
                               " is still running; press its key where it ends",
                           e.start_frame, e.id, "", std::nullopt});
        if (end && e.start_frame > end->frame && e.behaviour != scheme.end_event)
            out.push_back({Sev::Warning, "after_end",
                           e.behaviour + " at " + frame_text(e.start_frame) +
                               " is after the procedure end and is left out of statistics",
                           e.start_frame, e.id, "", std::nullopt});
        for (const auto& problem : modifier_problems(*b, e.modifiers))
            out.push_back({Sev::Error, "missing_modifier",
                           problem + " (at " + frame_text(e.start_frame) + ")", e.start_frame, e.id,
                           "", std::nullopt});
    }
    for (const RepeatedMarker& r : repeated_markers(scheme, p.events))
        out.push_back({Sev::Warning, "repeated_marker",
                       r.event.behaviour + " at " + frame_text(r.event.start_frame) + " repeats " +
                           r.repeats.behaviour + " at " + frame_text(r.repeats.start_frame) +
                           " with no other episode boundary between; it is left out of the "
                           "episodes: delete the one that is wrong",
                       r.event.start_frame, r.event.id, "", std::nullopt});
    check_exclusive_overlaps(scheme, p, out);
}

std::string window_text(const EpisodeSpan& s) {
    if (s.min_sec <= 0) return "at most " + std::to_string(s.max_sec) + " s";
    return std::to_string(s.min_sec) + "-" + std::to_string(s.max_sec) + " s";
}

std::string join(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
    return out;
}

// An episode outside its window: shorter without a CURTAILED marker (curtailment is a
// decision the procedure records, not a length), curtailed where it may not be, or longer than
// an episode that may not be extended.
void check_length(const EpisodeDef& def, const EpisodeSpan& s, std::vector<ValidityIssue>& out) {
    const auto actual = s.actual_us();
    if (!actual || def.nominal_sec == 0) return;
    std::string why;
    if (s.too_short && !s.curtail_marked)
        why = def.curtailable ? "shorter than its window (" + window_text(s) +
                                    "): if it was curtailed, code CURTAILED with the reason"
                              : "shorter than its window (" + window_text(s) +
                                    ") and not curtailable: check its boundaries";
    else if (s.curtail_marked && !def.curtailable)
        why = "marked CURTAILED, but this episode is not curtailable: check the marker";
    else if (s.too_long && !def.extendable)
        why = "longer than its window (" + window_text(s) + ") and not extendable: " +
              (def.duration_note.empty() ? "check its boundaries" : def.duration_note);
    if (why.empty()) return;
    char buf[120];
    std::snprintf(buf, sizeof buf, "%s lasts %.1f s (nominal %d s), ", def.id.c_str(),
                  static_cast<double>(*actual) / 1e6, def.nominal_sec);
    out.push_back({Sev::Warning, "episode_duration", buf + why, s.start.frame, std::nullopt, def.id,
                   std::nullopt});
}

// A separation with more crying than the curtailment threshold that was not curtailed.
void check_crying(const Scheme& scheme, const EpisodeDef& def, const EpisodeSpan& s,
                  const std::vector<Event>& events, std::vector<ValidityIssue>& out) {
    if (!def.curtailable || s.curtail_marked || !s.end || scheme.curtail_crying.empty()) return;
    int64_t crying_us = 0;
    for (const Event& e : events) {
        if (std::find(scheme.curtail_crying.begin(), scheme.curtail_crying.end(), e.behaviour) ==
            scheme.curtail_crying.end())
            continue;
        const int64_t from = std::max(e.start_us, s.start.t_us);
        const int64_t to = std::min(e.stop_us.value_or(s.end->t_us), s.end->t_us);
        crying_us += std::max<int64_t>(0, to - from);
    }
    if (crying_us <= int64_t{scheme.curtail_threshold_sec} * 1000000) return;
    char buf[240];
    std::snprintf(buf, sizeof buf,
                  "%s has %.1f s of crying (%s), more than the curtailment threshold of %d s, and "
                  "was not curtailed: check the protocol, or code CURTAILED where it was cut short",
                  def.id.c_str(), static_cast<double>(crying_us) / 1e6,
                  join(scheme.curtail_crying).c_str(), scheme.curtail_threshold_sec);
    out.push_back({Sev::Warning, "uncurtailed_crying", buf, s.start.frame, std::nullopt, def.id,
                   std::nullopt});
}

void check_episodes(const Scheme& scheme, const PassContent& p, std::vector<ValidityIssue>& out) {
    for (size_t i = 0; i < p.episodes.size(); ++i) {
        const EpisodeSpan& s = p.episodes[i];
        const EpisodeDef& def = scheme.episodes[i];
        if (s.out_of_order) {
            // The latest episode found before this one, which it would have started before.
            const EpisodeSpan* earlier = nullptr;
            for (size_t j = 0; j < i; ++j)
                if (p.episodes[j].source != EpisodeSpan::Source::Missing) earlier = &p.episodes[j];
            const std::string what = s.out_of_order->source == EpisodeSpan::Source::Override
                                         ? "change or clear the start set by hand"
                                         : "move or delete " + def.starts_event;
            out.push_back({Sev::Error, "episode_order",
                           def.id + " would start at " + frame_text(s.out_of_order->at.frame) +
                               ", before " + (earlier ? earlier->id : "an earlier episode") +
                               " starts" +
                               (earlier ? " (" + frame_text(earlier->start.frame) + ")" : "") +
                               "; it is left out of the episodes: " + what,
                           s.out_of_order->at.frame, std::nullopt, def.id, std::nullopt});
            continue;
        }
        if (s.source == EpisodeSpan::Source::Missing) {
            out.push_back({Sev::Warning, "missing_boundary",
                           def.id + " has no start: code " + def.starts_event +
                               (def.starts_occurrence > 1
                                    ? " (occurrence " + std::to_string(def.starts_occurrence) + ")"
                                    : "") +
                               " or set its start by hand",
                           std::nullopt, std::nullopt, def.id, std::nullopt});
            continue;
        }
        check_length(def, s, out);
        check_crying(scheme, def, s, p.events, out);
    }
}

std::string months_text(double m) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", m);
    return buf;
}

// A child older or younger than the scheme is meant for: its classifications are not
// validated there.
void check_age(const Scheme& scheme, const PassContent& p, std::vector<ValidityIssue>& out) {
    if (!scheme.age_months || !p.child_age_months) return;
    const AgeRange& r = *scheme.age_months;
    const double age = *p.child_age_months;
    if (age >= r.min && age <= r.max) return;
    out.push_back({Sev::Warning, "age_outside_range",
                   "the child is " + months_text(age) + " months old at the session; " +
                       scheme.name + " is for " + months_text(r.min) + " to " + months_text(r.max) +
                       " months and its classifications are not validated outside that range: "
                       "check the age, or code the session with a scheme for the child's age",
                   std::nullopt, std::nullopt, "", std::nullopt});
}

void check_judgement(const Scheme& scheme, const PassContent& p, std::vector<ValidityIssue>& out) {
    for (const Rating& cell : rating_grid(scheme)) {
        const bool rated = std::any_of(p.ratings.begin(), p.ratings.end(), [&](const Rating& r) {
            return r.scale == cell.scale && r.target == cell.target && r.episode == cell.episode;
        });
        const EpisodeDef* ep = scheme.episode(cell.episode);
        if (!rated && (!ep || ep->scored))
            out.push_back({Sev::Info, "empty_rating",
                           cell.scale + " toward " + cell.target + " in " + cell.episode +
                               " is not rated yet",
                           std::nullopt, std::nullopt, cell.episode == "ALL" ? "" : cell.episode,
                           cell});
    }
    if (!p.classification) return;
    const Classification& c = *p.classification;
    const ClassificationCode* linked = scheme.linked_code();
    const RatingScale* d_scale = linked ? scheme.scale(linked->linked_scale) : nullptr;
    const std::optional<int> cutoff =
        d_scale && d_scale->cutoff ? d_scale->cutoff : (linked ? linked->threshold : std::nullopt);
    if (linked && c.code == linked->code) {
        if (linked->secondary_required && !c.secondary)
            out.push_back({Sev::Error, "d_without_secondary",
                           c.code +
                               " needs a secondary (best-fitting organized) classification, e.g. " +
                               c.code + "/B3",
                           std::nullopt, std::nullopt, "", std::nullopt});
        if (cutoff && c.d_rating && *c.d_rating < *cutoff)
            out.push_back({Sev::Warning, "d_rating_vs_code",
                           "classified " + c.code + " but the D rating is " +
                               std::to_string(*c.d_rating) + ", below the cutoff " +
                               std::to_string(*cutoff),
                           std::nullopt, std::nullopt, "", std::nullopt});
    } else if (linked && cutoff && c.d_rating && *c.d_rating >= *cutoff) {
        out.push_back({Sev::Warning, "d_rating_vs_code",
                       "the D rating is " + std::to_string(*c.d_rating) +
                           ", at or above the cutoff " + std::to_string(*cutoff) +
                           ", but the classification is " + c.code + ": classify " + linked->code +
                           " with " + c.code + " as its secondary, or lower the rating",
                       std::nullopt, std::nullopt, "", std::nullopt});
    }

    if (!hints_may_show(p.role, p.classification)) return;
    const std::string group = scheme.code(c.code) ? scheme.code(c.code)->group : c.code;
    std::vector<std::string> agreeing, disagreeing;
    for (const HintResult& h : evaluate_hints(scheme, p.ratings)) {
        if (h.state != HintResult::State::Holds) continue;
        if (h.strength == HintStrength::Flag) {
            out.push_back(
                {Sev::Warning, "hint_flag",
                 "advisory: " + (h.message.empty() ? h.id : h.message) + " (" + h.id + ")",
                 std::nullopt, std::nullopt, "", std::nullopt});
            continue;
        }
        bool match = false;
        std::stringstream ss(h.suggests);
        for (std::string code; std::getline(ss, code, '|');)
            match =
                match || code == c.code || code == group || (c.secondary && code == *c.secondary);
        (match ? agreeing : disagreeing).push_back(h.id + " suggests " + h.suggests);
    }
    if (agreeing.empty() && !disagreeing.empty()) {
        std::string list;
        for (const auto& d : disagreeing) list += (list.empty() ? "" : "; ") + d;
        out.push_back({Sev::Info, "hint_disagrees",
                       "advisory: classification " + c.code + " differs from the rule hints (" +
                           list + "); hints are not binding, check the reunion ratings",
                       std::nullopt, std::nullopt, "", std::nullopt});
    }
}

}  // namespace

std::vector<ValidityIssue> check_validity(const Scheme& scheme, const PassContent& pass) {
    std::vector<ValidityIssue> out;
    check_events(scheme, pass, out);
    check_episodes(scheme, pass, out);
    check_judgement(scheme, pass, out);
    check_age(scheme, pass, out);
    return out;
}

}  // namespace attune
