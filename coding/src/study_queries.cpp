#include "attune/coding/study_queries.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <thread>

#include "attune/coding/event_log.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/records.hpp"
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
    if (auto pass = get_pass(study, pass_id)) {
        c.role = pass->role;
        if (auto session = get_session(study, pass->session_id))
            c.child_age_months = child_age_months(*session);
    }
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

// Streams the events of the passes with ids in [lo, hi) ordered by pass and start frame,
// handing each pass's events to `visit` in a buffer whose events are reused, read into in
// place (so a study-wide read stays in cache instead of building one large list, and builds
// no event twice). The (pass_id, start_frame, ...) index gives that order and covers the
// columns read; its entries end in the rowid, so ties stay in insertion order. Statistics
// read neither modifiers nor comments.
template <typename Visit>
void scan_passes(sql::Db& db, int64_t lo, int64_t hi, Visit&& visit) {
    auto s = db.prepare(std::string("SELECT ") + kEventTimingColumns +
                        " FROM event WHERE pass_id >= ?1 AND pass_id < ?2 "
                        "ORDER BY pass_id, start_frame");
    s.bind_all(lo, hi);
    std::vector<Event> buffer;
    size_t used = 0;
    int64_t current = -1;
    while (s.step()) {
        const int64_t pass = s.int64(1);
        if (pass != current) {
            if (used) visit(current, std::span<const Event>(buffer.data(), used));
            used = 0;
            current = pass;
        }
        if (used == buffer.size()) buffer.emplace_back();
        read_event_timing(s, buffer[used++]);
    }
    if (used) visit(current, std::span<const Event>(buffer.data(), used));
}

// One pass's events, as scan_passes hands them.
std::vector<Event> pass_event_timings(Study& study, int64_t pass) {
    auto& s = study_db(study).cached(std::string("SELECT ") + kEventTimingColumns +
                                     " FROM event WHERE pass_id = ? ORDER BY start_frame");
    s.bind(1, pass);
    std::vector<Event> out;
    while (s.step()) out.push_back(read_event_timing(s));
    s.reset();
    return out;
}

int64_t newest_audit_id(sql::Db& db) {
    auto s = db.prepare("SELECT coalesce(max(id), 0) FROM audit");
    s.step();
    return s.int64(0);
}

// `compute(pass, events)` for every pass in [lo, hi) of `wanted` that has events, in one
// read transaction on `db` (the caller's, when one is open already); the newest audit id
// that transaction saw.
template <typename R, typename Compute>
int64_t compute_range(sql::Db& db, int64_t lo, int64_t hi, const std::set<int64_t>& wanted,
                      const Compute& compute, std::vector<std::pair<int64_t, R>>& out) {
    const bool own = sqlite3_get_autocommit(db.get()) != 0;
    if (own) db.exec("BEGIN");
    try {
        const int64_t seen = newest_audit_id(db);
        scan_passes(db, lo, hi, [&](int64_t pass, std::span<const Event> ev) {
            if (wanted.count(pass)) out.emplace_back(pass, compute(pass, ev));
        });
        if (own) db.exec("COMMIT");
        return seen;
    } catch (...) {
        // Ends the read; an error here (SQLite may have rolled back already) must not hide
        // the one that brought us here.
        if (own) sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

// The whole event table on two connections at once, the passes split in halves by id, each
// half on its own thread (these machines have two cores). The two read transactions must
// have seen the same study (the same newest audit row): otherwise a change landed between
// them and nothing is returned. Nothing either for a study that is not a file (or no longer
// the file at its path), or when the second connection fails in any way: the caller then
// reads on one connection, which reports its own errors.
template <typename R, typename Compute>
std::optional<std::vector<std::pair<int64_t, R>>> compute_in_halves(Study& study,
                                                                    const std::set<int64_t>& wanted,
                                                                    const Compute& compute) {
    if (study.path() == ":memory:" || wanted.size() < 2 || study.replaced_on_disk())
        return std::nullopt;
    auto reader = sql::Db::open(study.path(), SQLITE_OPEN_READONLY);
    if (!reader) return std::nullopt;
    sqlite3_busy_timeout(reader->get(), 5000);
    const int64_t split = *std::next(wanted.begin(), static_cast<long>(wanted.size() / 2));
    std::vector<std::pair<int64_t, R>> first, second;
    int64_t seen_second = -1;  // stays -1 when the second connection failed
    std::thread worker([&] {
        try {
            seen_second = compute_range(*reader, split, INT64_MAX, wanted, compute, second);
        } catch (...) {
            seen_second = -1;
        }
    });
    int64_t seen_first = -1;
    try {
        seen_first = compute_range(study_db(study), INT64_MIN, split, wanted, compute, first);
    } catch (...) {
        worker.join();
        throw;
    }
    worker.join();
    if (seen_first != seen_second || study.replaced_on_disk()) return std::nullopt;
    first.insert(first.end(), std::make_move_iterator(second.begin()),
                 std::make_move_iterator(second.end()));
    return first;
}

// `compute(pass, events)` for each of the `wanted` passes that has events, in pass order.
// `compute` must be safe to run on two threads at once. Most of the study's passes: the
// event table read in two halves at once; a few: each pass's own rows.
// `in_halves`, when given, says whether the two halves were read at once.
template <typename R, typename Compute>
std::vector<std::pair<int64_t, R>> compute_passes(Study& study, const std::set<int64_t>& wanted,
                                                  size_t passes_in_study, const Compute& compute,
                                                  bool* in_halves = nullptr) {
    std::vector<std::pair<int64_t, R>> out;
    if (in_halves) *in_halves = false;
    if (wanted.size() * 2 < passes_in_study) {
        for (int64_t pass : wanted)
            if (auto ev = pass_event_timings(study, pass); !ev.empty())
                out.emplace_back(pass, compute(pass, std::span<const Event>(ev)));
        return out;
    }
    if (auto halves = compute_in_halves<R>(study, wanted, compute)) {
        if (in_halves) *in_halves = true;
        return std::move(*halves);
    }
    compute_range(study_db(study), INT64_MIN, INT64_MAX, wanted, compute, out);
    return out;
}

size_t count_passes(Study& study) {
    auto s = study_db(study).prepare("SELECT count(*) FROM pass");
    s.step();
    return static_cast<size_t>(s.int64(0));
}

// Manual episode boundaries of every pass, in one query.
std::map<int64_t, std::map<std::string, FrameTime>> all_overrides(Study& study) {
    std::map<int64_t, std::map<std::string, FrameTime>> out;
    auto s = study_db(study).prepare(
        "SELECT pass_id, episode, start_frame, start_us FROM episode_override");
    while (s.step()) out[s.int64(0)][s.text(1)] = {s.int64(2), s.int64(3)};
    return out;
}

using SchemeMap = std::map<int64_t, std::unique_ptr<Scheme>>;

// What per-pass statistics are computed from besides the events, all read before any pass
// is computed, so that computing reads nothing shared that changes (it may run on two
// threads): who coded each pass, each snapshot's scheme parsed (into `kept`, a caller's
// cache: snapshots are immutable), and the manual episode boundaries.
struct PassInputs {
    std::map<int64_t, PassHeader> headers;
    std::map<int64_t, const Scheme*> schemes;  // by snapshot id; null: could not be read
    std::map<int64_t, std::map<std::string, FrameTime>> overrides;

    PassInputs(Study& study, const std::optional<std::string>& session, SchemeMap& kept) {
        for (PassHeader& h : pass_headers(study, session)) headers.emplace(h.pass_id, std::move(h));
        for (const auto& [pass, h] : headers) {
            auto it = kept.find(h.snapshot_id);
            if (it == kept.end()) {
                auto s = load_scheme_snapshot(study, h.snapshot_id);
                it = kept.emplace(h.snapshot_id,
                                  s ? std::make_unique<Scheme>(std::move(*s)) : nullptr)
                         .first;
            }
            schemes[h.snapshot_id] = it->second.get();
        }
        overrides = all_overrides(study);
    }
    std::set<int64_t> passes() const {
        std::set<int64_t> out;
        for (const auto& [pass, h] : headers) out.insert(pass);
        return out;
    }
    // The pass's rows from `stat(scheme, events, episodes)`; none when its scheme is unread.
    template <typename Stat>
    auto rows(int64_t pass, std::span<const Event> ev, const Stat& stat) const
        -> decltype(stat(std::declval<const Scheme&>(), ev, std::vector<EpisodeSpan>{})) {
        static const std::map<std::string, FrameTime> none;
        const Scheme* scheme = schemes.at(headers.at(pass).snapshot_id);
        if (!scheme) return {};
        const auto o = overrides.find(pass);
        return stat(*scheme, ev,
                    derive_episodes(*scheme, ev, o == overrides.end() ? none : o->second));
    }
};

template <typename Row, typename Stat>
std::vector<Row> per_pass(Study& study, const std::optional<std::string>& session,
                          const Stat& stat) {
    SchemeMap schemes;
    const PassInputs in(study, session, schemes);
    using Rows = decltype(in.rows(0, {}, stat));
    const auto computed = compute_passes<Rows>(
        study, in.passes(), count_passes(study),
        [&](int64_t pass, std::span<const Event> ev) { return in.rows(pass, ev, stat); });
    // Passes without events have no episodes and so no rows.
    std::vector<Row> rows;
    for (const auto& [pass, pass_rows] : computed) {
        const PassHeader& h = in.headers.at(pass);
        for (const auto& r : pass_rows)
            rows.push_back({h.session, h.participant, h.coder, h.role, r});
    }
    return rows;
}

std::vector<stats::BudgetRow> budget_of(const Scheme& s, std::span<const Event> ev,
                                        const std::vector<EpisodeSpan>& eps) {
    return stats::time_budget(s, ev, eps);
}

std::vector<stats::IntervalRow> intervals_of(const Scheme& s, std::span<const Event> ev,
                                             const std::vector<EpisodeSpan>& eps) {
    return stats::interval_frequencies(s, ev, eps);
}

}  // namespace

std::vector<PassBudgetRow> study_time_budget(Study& study,
                                             const std::optional<std::string>& session) {
    return per_pass<PassBudgetRow>(study, session, budget_of);
}

std::vector<PassIntervalRow> study_intervals(Study& study,
                                             const std::optional<std::string>& session) {
    return per_pass<PassIntervalRow>(study, session, intervals_of);
}

// The passes whose budget inputs the audit rows after audit_seen_ touched: an event or an
// episode boundary (before and after the change: an event may move between passes), or the
// pass row itself (its scheme snapshot). `newest` becomes the newest audit id there is.
std::set<int64_t> StudyBudgetCache::passes_changed_since(Study& study, int64_t& newest) const {
    std::set<int64_t> out;
    newest = newest_audit_id(study_db(study));
    if (audit_seen_ < 0 || newest < audit_seen_) return out;  // every pass is computed
    auto s = study_db(study).prepare(
        "SELECT id, table_name, row_id, json_extract(old_row, '$.pass_id'), "
        "json_extract(new_row, '$.pass_id') FROM audit WHERE id > ?1 AND id <= ?2 ORDER BY id");
    s.bind_all(audit_seen_, newest);
    while (s.step()) {
        const std::string table = s.text(1);
        if (table == "pass") out.insert(s.int64(2));
        if (table != "event" && table != "episode_override") continue;
        for (int col : {3, 4})
            if (!s.is_null(col)) out.insert(s.int64(col));
    }
    return out;
}

std::vector<PassBudget> StudyBudgetCache::budgets(Study& study) {
    int64_t newest = 0;
    const std::set<int64_t> changed = passes_changed_since(study, newest);
    // A first call, another study, or an audit log that went back (the file restored from a
    // backup): start afresh.
    if (audit_seen_ < 0 || newest < audit_seen_ || &study != study_ || study.path() != study_path_)
        passes_.clear();
    study_ = &study, study_path_ = study.path();
    for (int64_t pass : changed) passes_.erase(pass);
    audit_seen_ = newest;
    const PassInputs in(study, std::nullopt, schemes_);
    std::erase_if(passes_, [&](const auto& kv) {
        const auto h = in.headers.find(kv.first);
        return h == in.headers.end() || h->second.snapshot_id != kv.second.snapshot_id;
    });
    std::set<int64_t> missing;
    for (const auto& [pass, h] : in.headers)
        if (!passes_.count(pass)) missing.insert(pass);
    computed_last_ = missing.size();
    using Rows = std::shared_ptr<const std::vector<stats::BudgetRow>>;
    const auto computed = compute_passes<Rows>(
        study, missing, in.headers.size(),
        [&](int64_t pass, std::span<const Event> ev) {
            return std::make_shared<const std::vector<stats::BudgetRow>>(
                in.rows(pass, ev, budget_of));
        },
        &in_halves_last_);
    for (const auto& [pass, rows] : computed)
        passes_[pass] = Entry{in.headers.at(pass).snapshot_id, rows};
    static const auto none = std::make_shared<const std::vector<stats::BudgetRow>>();
    for (int64_t pass : missing)  // passes without events
        passes_.try_emplace(pass, Entry{in.headers.at(pass).snapshot_id, none});
    std::vector<PassBudget> out;
    out.reserve(passes_.size());
    for (const auto& [pass, entry] : passes_) {
        const PassHeader& h = in.headers.at(pass);
        out.push_back({h.session, h.participant, h.coder, h.role, entry.rows});
    }
    return out;
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
