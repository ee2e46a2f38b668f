#include "attune/coding/study_queries.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <span>

#include "attune/coding/event_log.hpp"
#include "attune/coding/ratings.hpp"
#include "study_access.hpp"

namespace attune {

int64_t count_pass_events(Study& study, int64_t pass_id) {
    auto s = study_db(study).prepare("SELECT count(*) FROM event WHERE pass_id = ?");
    s.bind(1, pass_id);
    s.step();
    return s.int64(0);
}

PassContent load_pass_content(Study& study, const Scheme& scheme, int64_t pass_id) {
    PassContent c;
    c.events = EventLog(study, scheme, pass_id).events();
    c.episodes = derive_episodes(scheme, c.events, load_episode_overrides(study, pass_id));
    c.ratings = load_ratings(study, pass_id);
    c.classification = load_classification(study, scheme, pass_id);
    return c;
}

namespace {

struct PassHeader {
    int64_t pass_id, snapshot_id;
    std::string session, participant, coder, role;
};

std::vector<PassHeader> pass_headers(Study& study, const std::optional<std::string>& session) {
    std::vector<PassHeader> out;
    auto s = study_db(study).prepare(
        "SELECT p.id, p.scheme_snapshot_id, s.label, pt.code, c.name, p.role FROM pass p "
        "JOIN session s ON s.id = p.session_id JOIN participant pt ON pt.id = s.participant_id "
        "JOIN coder c ON c.id = p.coder_id WHERE ?1 IS NULL OR s.label = ?1 ORDER BY p.id");
    s.bind(1, session);
    while (s.step())
        out.push_back({s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), s.text(5)});
    return out;
}

// Streams every event of the study ordered by pass and start frame, handing each
// pass's events to `visit` in a buffer that is reused (so a study-wide read stays in
// cache instead of building one large list). The (pass_id, start_frame, ...) index
// gives that order and covers the columns read; its entries end in the rowid, so
// ties stay in insertion order. Statistics read neither modifiers nor comments.
template <typename Visit>
void for_each_pass_events(Study& study, Visit&& visit) {
    auto s = study_db(study).prepare(std::string("SELECT ") + kEventTimingColumns +
                                     " FROM event ORDER BY pass_id, start_frame");
    std::vector<Event> buffer;
    int64_t current = -1;
    while (s.step()) {
        const int64_t pass = s.int64(1);
        if (pass != current) {
            if (!buffer.empty()) visit(current, std::span<const Event>(buffer));
            buffer.clear();
            current = pass;
        }
        buffer.push_back(read_event_timing(s));
    }
    if (!buffer.empty()) visit(current, std::span<const Event>(buffer));
}

// Manual episode boundaries of every pass, in one query.
std::map<int64_t, std::map<std::string, FrameTime>> all_overrides(Study& study) {
    std::map<int64_t, std::map<std::string, FrameTime>> out;
    auto s = study_db(study).prepare(
        "SELECT pass_id, episode, start_frame, start_us FROM episode_override");
    while (s.step()) out[s.int64(0)][s.text(1)] = {s.int64(2), s.int64(3)};
    return out;
}

class SchemeCache {
  public:
    explicit SchemeCache(Study& study) : study_(study) {}
    const Scheme* get(int64_t snapshot) {
        auto it = cache_.find(snapshot);
        if (it == cache_.end()) {
            auto s = load_scheme_snapshot(study_, snapshot);
            it = cache_.emplace(snapshot, s ? std::make_unique<Scheme>(std::move(*s)) : nullptr)
                     .first;
        }
        return it->second.get();
    }

  private:
    Study& study_;
    std::map<int64_t, std::unique_ptr<Scheme>> cache_;
};

template <typename Row, typename Fn>
std::vector<Row> per_pass(Study& study, const std::optional<std::string>& session, Fn&& fn) {
    std::vector<Row> rows;
    SchemeCache schemes(study);
    std::map<int64_t, PassHeader> headers;
    for (PassHeader& h : pass_headers(study, session)) headers.emplace(h.pass_id, std::move(h));
    const auto overrides = all_overrides(study);
    const std::map<std::string, FrameTime> none;
    // Passes without events have no episodes and so no rows.
    for_each_pass_events(study, [&](int64_t pass, std::span<const Event> ev) {
        const auto h = headers.find(pass);
        if (h == headers.end()) return;  // another session's pass
        const Scheme* scheme = schemes.get(h->second.snapshot_id);
        if (!scheme) return;
        const auto o = overrides.find(pass);
        const auto episodes = derive_episodes(*scheme, ev, o == overrides.end() ? none : o->second);
        for (auto& r : fn(*scheme, ev, episodes))
            rows.push_back({h->second.session, h->second.participant, h->second.coder,
                            h->second.role, std::move(r)});
    });
    return rows;
}

}  // namespace

std::vector<PassBudgetRow> study_time_budget(Study& study,
                                             const std::optional<std::string>& session) {
    return per_pass<PassBudgetRow>(study, session,
                                   [](const Scheme& s, const auto& ev, const auto& eps) {
                                       return stats::time_budget(s, ev, eps);
                                   });
}

std::vector<PassIntervalRow> study_intervals(Study& study,
                                             const std::optional<std::string>& session) {
    return per_pass<PassIntervalRow>(study, session,
                                     [](const Scheme& s, const auto& ev, const auto& eps) {
                                         return stats::interval_frequencies(s, ev, eps);
                                     });
}

Result<TallySource> study_tally_inputs(Study& study) {
    TallySource out;
    auto s = study_db(study).prepare(
        "SELECT s.id, s.label, p.role, c.code, c.secondary, p.scheme_snapshot_id FROM session s "
        "LEFT JOIN pass p ON p.session_id = s.id AND p.role IN ('primary', 'consensus') "
        "LEFT JOIN classification c ON c.pass_id = p.id ORDER BY s.id, p.role = 'consensus' DESC, "
        "p.id");
    auto vars = study_db(study).prepare("SELECT session_id, name, value FROM session_variable");
    std::map<int64_t, std::map<std::string, std::string>> variables;
    while (vars.step()) variables[vars.int64(0)][vars.text(1)] = vars.text(2);
    int64_t newest_snapshot = 0, last_session = 0;
    bool counted = true;
    while (s.step()) {
        const int64_t session = s.int64(0);
        if (session != last_session) {
            if (!counted) ++out.sessions_without_classification;
            last_session = session, counted = false;
        }
        if (counted || s.is_null(3))
            continue;  // first classified pass wins: consensus, then primary
        out.inputs.push_back({s.text(1), s.text(3), s.opt_text(4), variables[session]});
        newest_snapshot = std::max(newest_snapshot, s.int64(5));
        counted = true;
    }
    if (last_session != 0 && !counted) ++out.sessions_without_classification;
    if (newest_snapshot) {
        auto scheme = load_scheme_snapshot(study, newest_snapshot);
        if (!scheme) return scheme.error();
        out.scheme = std::move(*scheme);
    }
    return out;
}

size_t leave_out_sessions(TallySource& source, const std::set<std::string>& labels) {
    size_t classified = 0;
    for (const auto& in : source.inputs) classified += labels.count(in.session);
    source.sessions_without_classification -= static_cast<int>(labels.size() - classified);
    std::erase_if(source.inputs,
                  [&](const stats::TallyInput& in) { return labels.count(in.session) > 0; });
    return labels.size();
}

}  // namespace attune
