#include "attune/coding/validity.hpp"

#include <set>
#include <sstream>

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
    // Overlapping members of an exclusive group (possible after edits or imports).
    for (const ExclusiveGroup& g : scheme.exclusive_groups) {
        std::vector<const Event*> members;
        for (const Event& e : p.events)
            if (std::find(g.members.begin(), g.members.end(), e.behaviour) != g.members.end())
                members.push_back(&e);
        for (size_t i = 0; i < members.size(); ++i)
            for (size_t j = i + 1; j < members.size(); ++j) {
                const Event& a = *members[i];
                const Event& b = *members[j];
                const int64_t a_end = a.stop_frame.value_or(INT64_MAX),
                              b_end = b.stop_frame.value_or(INT64_MAX);
                if (b.start_frame < a_end && a.start_frame < b_end)
                    out.push_back({Sev::Error, "exclusive_overlap",
                                   a.behaviour + " and " + b.behaviour + " overlap from " +
                                       frame_text(std::max(a.start_frame, b.start_frame)) +
                                       "; they are exclusive (" + g.id + "): shorten one",
                                   std::max(a.start_frame, b.start_frame), b.id, "", std::nullopt});
            }
    }
}

void check_episodes(const Scheme& scheme, const PassContent& p, std::vector<ValidityIssue>& out) {
    for (size_t i = 0; i < p.episodes.size(); ++i) {
        const EpisodeSpan& s = p.episodes[i];
        const EpisodeDef& def = scheme.episodes[i];
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
        const auto actual = s.actual_us();
        if (!actual || def.nominal_sec == 0) continue;
        const bool justified =
            (s.curtailed && def.curtailable && s.curtail_marked) || (s.extended && def.extendable);
        if ((s.curtailed || s.extended) && !justified) {
            char buf[200];
            std::snprintf(buf, sizeof buf, "%s lasts %.1f s against a nominal %d s", def.id.c_str(),
                          static_cast<double>(*actual) / 1e6, def.nominal_sec);
            std::string msg = buf;
            msg += s.curtailed ? (def.curtailable
                                      ? "; mark the reason with CURTAILED"
                                      : "; this episode is not curtailable: check its boundaries")
                               : "; this episode is not extendable: check its boundaries";
            out.push_back({Sev::Warning, "episode_duration", msg, s.start.frame, std::nullopt,
                           def.id, std::nullopt});
        }
    }
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

    const std::string group = scheme.code(c.code) ? scheme.code(c.code)->group : c.code;
    std::vector<std::string> agreeing, disagreeing;
    for (const HintResult& h : evaluate_hints(scheme, p.ratings)) {
        if (h.state != HintResult::State::Holds) continue;
        if (h.strength == "flag") {
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
    return out;
}

}  // namespace attune
