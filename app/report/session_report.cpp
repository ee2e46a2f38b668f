#include "session_report.hpp"

#include <algorithm>
#include <map>

#include "attune/coding/episodes.hpp"
#include "attune/coding/event_log.hpp"
#include "attune/coding/moments.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/rule_hints.hpp"
#include "attune/coding/study_queries.hpp"
#include "attune/coding/validity.hpp"

namespace attune::report {

namespace {

double seconds(int64_t us) {
    return static_cast<double>(us) / 1e6;
}

std::vector<ReportLane> lanes_of(const std::vector<Event>& events, double end_s) {
    std::map<std::string, ReportLane> by_name;
    std::vector<std::string> order;
    for (const Event& e : events) {
        const std::string name = e.behaviour + " (" + e.subject + ")";
        if (!by_name.count(name)) order.push_back(name), by_name[name].name = name;
        const double to = e.stop_us ? seconds(*e.stop_us) : end_s;
        by_name[name].bouts.push_back({seconds(e.start_us), to, e.open()});
    }
    std::vector<ReportLane> out;
    for (const auto& n : order) out.push_back(by_name[n]);
    return out;
}

std::string episode_flags(const EpisodeSpan& e) {
    std::vector<std::string> f;
    if (e.source == EpisodeSpan::Source::Missing) f.push_back("not coded");
    if (e.source == EpisodeSpan::Source::Override) f.push_back("start set by hand");
    if (const std::string word = length_word(e); !word.empty()) f.push_back(word);
    std::string out;
    for (const auto& x : f) out += (out.empty() ? "" : ", ") + x;
    return out;
}

void add_episodes(SessionReport& r, const Scheme& scheme, const std::vector<EpisodeSpan>& spans) {
    for (const EpisodeSpan& e : spans) {
        const EpisodeDef* def = scheme.episode(e.id);
        ReportEpisode row{e.id,         def ? def->label : e.id, std::nullopt,
                          std::nullopt, e.nominal_sec,           episode_flags(e)};
        if (e.source != EpisodeSpan::Source::Missing) row.start_s = seconds(e.start.t_us);
        if (e.end && e.source != EpisodeSpan::Source::Missing) row.end_s = seconds(e.end->t_us);
        r.episodes.push_back(std::move(row));
    }
}

// The grid's columns in the scheme's episode order (ALL last), its rows in the scales' order.
void add_grid(SessionReport& r, const Scheme& scheme, const std::vector<Rating>& ratings) {
    const std::vector<Rating> cells = rating_grid(scheme);
    auto has = [](const std::vector<std::string>& v, const std::string& x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    };
    for (const EpisodeDef& e : scheme.episodes)
        for (const Rating& c : cells)
            if (c.episode == e.id && !has(r.grid_episodes, e.id)) r.grid_episodes.push_back(e.id);
    for (const Rating& c : cells) {
        if (!has(r.grid_episodes, c.episode)) r.grid_episodes.push_back(c.episode);  // ALL
        if (!has(r.scale_rows, c.scale + " to " + c.target))
            r.scale_rows.push_back(c.scale + " to " + c.target);
    }
    r.grid.assign(r.scale_rows.size(), std::vector<std::string>(r.grid_episodes.size(), "-"));
    auto cell = [&](const Rating& c) -> std::string* {
        const auto row =
            std::find(r.scale_rows.begin(), r.scale_rows.end(), c.scale + " to " + c.target);
        const auto col = std::find(r.grid_episodes.begin(), r.grid_episodes.end(), c.episode);
        if (row == r.scale_rows.end() || col == r.grid_episodes.end()) return nullptr;
        return &r.grid[static_cast<size_t>(row - r.scale_rows.begin())]
                      [static_cast<size_t>(col - r.grid_episodes.begin())];
    };
    for (const Rating& c : cells) *cell(c) = "";
    for (const Rating& c : ratings)
        if (std::string* at = cell(c))
            *at = std::to_string(c.value);  // one outside the grid: left out
}

// The rule hints that hold, with the ratings they read.
void add_hint_evidence(SessionReport& r, const Scheme& scheme, const PassContent& content) {
    for (const HintResult& h : evaluate_hints(scheme, content.ratings)) {
        if (h.state != HintResult::State::Holds) continue;
        std::string cells;
        for (const Rating& c : h.cells)
            cells += (cells.empty() ? "" : ", ") + c.scale + "/" + c.target + "/" + c.episode +
                     " = " + std::to_string(c.value);
        r.evidence.push_back(h.id + (h.suggests.empty() ? "" : " suggests " + h.suggests) + ": " +
                             h.message + (cells.empty() ? "" : " (" + cells + ")"));
    }
}

void add_validity(SessionReport& r, const Scheme& scheme, const PassContent& content) {
    for (const ValidityIssue& v : check_validity(scheme, content))
        r.validity.push_back(std::string(to_string(v.severity)) + ": " + v.message);
}

// The classification, the rule hints that hold beside it (when they may show) and validity.
void add_judgement(SessionReport& r, const Scheme& scheme, const PassContent& content) {
    if (const auto& c = content.classification) {
        r.classification = c->code;
        if (c->secondary) r.classification += " (secondary " + *c->secondary + ")";
        if (c->confidence)
            r.classification += ", confidence " + std::to_string(*c->confidence) + "/3";
    } else {
        r.classification = "not classified";
    }
    if (hints_may_show(content.role, content.classification))
        add_hint_evidence(r, scheme, content);
    else
        r.no_evidence = why_hints_hidden(content.role, content.classification);
    add_validity(r, scheme, content);
}

void add_plan(SessionReport& r, Study& study, int64_t pass_id) {
    for (const PlanItem& i : visit_plan(study, pass_id))
        r.plan.push_back({i.moment.title, i.moment.caption, i.moment.theme, i.script, i.session,
                          seconds(i.moment.in.t_us), seconds(i.moment.out.t_us), ""});
    if (const auto moments = list_moments(study, pass_id); !moments.empty())
        r.lanes.push_back({"moments", {}});
    for (const Moment& m : list_moments(study, pass_id))
        r.lanes.back().bouts.push_back({seconds(m.in.t_us), seconds(m.out.t_us), false});
}

}  // namespace

Result<SessionReport> build_session_report(Study& study, int64_t pass_id,
                                           const ReportOptions& options) {
    const auto pass = get_pass(study, pass_id);
    if (!pass) return Error{"there is no pass " + std::to_string(pass_id)};
    auto scheme = load_scheme_snapshot(study, pass->scheme_snapshot_id);
    if (!scheme) return scheme.error();
    std::optional<Session> session;
    for (const Session& s : list_sessions(study))
        if (s.id == pass->session_id) session = s;
    if (!session) return Error{"the pass's session is missing"};
    SessionReport r;
    r.session = session->label, r.participant = session->participant;
    r.date = session->date.value_or("");
    r.scheme = scheme->name + " (" + scheme->id + " " + scheme->version + ")";
    r.coder =
        options.with_coders ? pass->coder : std::string("the ") + to_string(pass->role) + " coder";
    r.role = to_string(pass->role);
    if (options.with_paths && session->recording_path) r.recording = *session->recording_path;
    const PassContent content = load_pass_content(study, *scheme, pass_id);
    // The timeline runs to the last thing coded: an event, an episode's edge or a moment.
    for (const Event& e : content.events)
        r.length_s = std::max(r.length_s, seconds(e.stop_us.value_or(e.start_us)));
    for (const EpisodeSpan& e : content.episodes)
        r.length_s = std::max(r.length_s, seconds(e.end ? e.end->t_us : e.start.t_us));
    for (const Moment& m : list_moments(study, pass_id))
        r.length_s = std::max(r.length_s, seconds(m.out.t_us));
    r.lanes = lanes_of(content.events, r.length_s);
    add_episodes(r, *scheme, content.episodes);
    add_grid(r, *scheme, content.ratings);
    add_judgement(r, *scheme, content);
    add_plan(r, study, pass_id);
    return r;
}

}  // namespace attune::report
