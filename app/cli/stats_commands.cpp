// budget, tally, validate.
#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "attune/coding/research_use.hpp"
#include "attune/coding/study_queries.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace attune::cli {

namespace {

Table budget_table(const std::vector<PassBudgetRow>& rows) {
    Table t;
    t.header = {
        "session",          "participant",  "coder",     "pass_role", "subject", "behaviour",
        "episode",          "episode_s",    "count",     "total_s",   "mean_s",  "sd_s",
        "share_of_episode", "rate_per_min", "latency_s", "open_bouts"};
    t.numeric = {false, false, false, false, false, false, false, true,
                 true,  true,  true,  true,  true,  true,  true,  true};
    for (const auto& p : rows) {
        const auto& r = p.row;
        t.rows.push_back({p.session, p.participant, p.coder, p.role, r.subject, r.behaviour,
                          r.episode, fixed(static_cast<double>(r.episode_us) / 1e6, 3),
                          std::to_string(r.count), fixed(static_cast<double>(r.total_us) / 1e6, 3),
                          opt_fixed(r.mean_s, 3), opt_fixed(r.sd_s, 3), fixed(r.share, 4),
                          fixed(r.rate_per_min, 3), opt_fixed(r.latency_s, 3),
                          std::to_string(r.open_bouts)});
    }
    return t;
}

Table interval_table(const std::vector<PassIntervalRow>& rows) {
    Table t;
    t.header = {"session",   "participant",   "coder",
                "pass_role", "subject",       "behaviour",
                "episode",   "intervals_15s", "intervals_with_behaviour"};
    t.numeric = {false, false, false, false, false, false, false, true, true};
    for (const auto& p : rows)
        t.rows.push_back({p.session, p.participant, p.coder, p.role, p.row.subject, p.row.behaviour,
                          p.row.episode, std::to_string(p.row.intervals),
                          std::to_string(p.row.with_behaviour)});
    return t;
}

// Leaves out the rows of passes the user is blind to; returns how many of the sessions asked
// for (all, or --session) are left out that way.
template <class Row>
size_t drop_hidden(std::vector<Row>& rows, const HiddenFromUser& hidden,
                   const std::optional<std::string>& session) {
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [&](const Row& r) {
                                  return r.role != "reliability" &&
                                         hidden.sessions.count(r.session);
                              }),
               rows.end());
    if (session) return hidden.sessions.count(*session);
    return hidden.sessions.size();
}

// --session names a session of the study (exit 1 with suggestions otherwise).
Status check_session(Study& st, const std::string& label) {
    if (label.empty() || find_session(st, label)) return ok_status();
    std::vector<std::string> labels;
    for (const auto& s : list_sessions(st)) labels.push_back(s.label);
    return Error{no_such("session", label, labels, "in this study")};
}

// Why a pass gives no time-budget rows: no events, or none that starts an episode.
void explain_empty_passes(Study& st, const std::optional<std::string>& session,
                          const std::vector<PassBudgetRow>& rows,
                          const std::map<int64_t, std::string>& hidden) {
    const auto sessions = list_sessions(st);
    for (const Pass& p : list_passes(st)) {
        if (hidden.count(p.id)) continue;
        auto s = std::find_if(sessions.begin(), sessions.end(),
                              [&](const Session& x) { return x.id == p.session_id; });
        if (s == sessions.end() || (session && s->label != *session)) continue;
        const std::string role = to_string(p.role);
        if (std::any_of(rows.begin(), rows.end(), [&](const PassBudgetRow& r) {
                return r.session == s->label && r.coder == p.coder && r.role == role;
            }))
            continue;
        auto scheme = load_scheme_snapshot(st, p.scheme_snapshot_id);
        if (!scheme) continue;
        std::string starts;
        for (const auto& e : scheme->episodes)
            if (!e.starts_event.empty() && starts.find(e.starts_event) == std::string::npos)
                starts += (starts.empty() ? "" : ", ") + e.starts_event;
        const int64_t events = count_pass_events(st, p.id);
        std::fprintf(
            stderr,
            "note: %s (%s, %s) has no rows: %s; the time budget counts behaviour within "
            "episodes, which the procedure's events start (%s)\n",
            s->label.c_str(), p.coder.c_str(), role.c_str(),
            events == 0 ? "the pass has no events" : "no event of the pass starts an episode",
            starts.c_str());
    }
}

struct BudgetOpts {
    std::string study, session, format = "csv";
    bool intervals = false;
};

int run_budget(CliContext& ctx, const BudgetOpts& b) {
    auto st = open_study(b.study, ctx);
    if (!st) return fail(st.error().message);
    if (auto ok = check_session(*st, b.session); !ok) return fail(ok.error().message);
    OutputFormat f;
    parse_output_format(b.format, f);
    const std::optional<std::string> session =
        b.session.empty() ? std::nullopt : std::optional(b.session);
    const auto hidden = hidden_from_user(*st, ctx);
    if (b.intervals) {
        auto rows = study_intervals(*st, session);
        const size_t left_out = drop_hidden(rows, hidden, session);
        std::printf("%s", render(interval_table(rows), f).c_str());
        note_left_out(ctx, left_out);
        return 0;
    }
    auto rows = study_time_budget(*st, session);
    const size_t left_out = drop_hidden(rows, hidden, session);
    std::printf("%s", render(budget_table(rows), f).c_str());
    explain_empty_passes(*st, session, rows, hidden.passes);
    note_left_out(ctx, left_out);
    return 0;
}

void add_budget_command(CLI::App& app, CliContext& ctx) {
    auto b = std::make_shared<BudgetOpts>();
    auto* budget = app.add_subcommand(
        "budget", "Time budget per behaviour x subject x episode, every pass (tidy table)");
    budget->add_option("STUDY", b->study, "Study file")->required();
    budget->add_option("--session", b->session, "Only this session");
    budget->add_option("--format", b->format, "csv, tsv, json or md")
        ->check(CLI::IsMember({"csv", "tsv", "json", "md"}))
        ->capture_default_str();
    budget->add_flag("--intervals", b->intervals,
                     "Ainsworth's 15-second interval frequencies instead");
    budget->callback([&ctx, b] { run_guarded(ctx, [&] { return run_budget(ctx, *b); }); });
}

struct TallyOpts {
    std::string study, norm, ways = "4", by, format = "md";
};

// --by names a variable some session has, --norm a norm of the scheme (suggestions if not).
Status check_tally_names(Study& st, const Scheme& scheme, const TallyOpts& t) {
    if (!t.by.empty()) {
        std::set<std::string> names;
        for (const auto& s : list_sessions(st))
            for (const auto& [name, value] : s.variables) names.insert(name);
        if (!names.count(t.by))
            return Error{no_such("independent variable", t.by, {names.begin(), names.end()},
                                 "in any session (add one with session add --var)")};
    }
    if (!t.norm.empty()) {
        std::vector<std::string> norms;
        for (const auto& n : scheme.norms) norms.push_back(n.id);
        if (std::find(norms.begin(), norms.end(), t.norm) == norms.end())
            return Error{no_such("norm", t.norm, norms, "in scheme " + scheme.id)};
    }
    return ok_status();
}

// Notes go to standard error so the table stays machine-readable.
void print_tally_notes(const std::vector<stats::TallyTable>& tables, int unclassified) {
    for (const auto& tab : tables) {
        if (const auto& c = tab.comparison)
            std::fprintf(stderr, "[%s] vs %s (%s%s): %s p %.4f; chi-square %.3f, df %d, p %.4f\n",
                         tab.group.c_str(), c->norm_id.c_str(), c->norm_population.c_str(),
                         c->norm_n ? (", n=" + std::to_string(*c->norm_n)).c_str() : "",
                         stats::norm_test_name(c->test), c->p, c->chi_square, c->df,
                         c->chi_square_p);
        for (const auto& n : tab.notes)
            std::fprintf(stderr, "[%s] note: %s\n", tab.group.c_str(), n.c_str());
    }
    if (unclassified)
        std::fprintf(stderr, "note: %d sessions have no classification yet and are not counted\n",
                     unclassified);
}

int run_tally(CliContext& ctx, const TallyOpts& t) {
    auto st = open_study(t.study, ctx);
    if (!st) return fail(st.error().message);
    auto src = study_tally_inputs(*st);
    if (!src) return fail(src.error().message);
    const auto hidden = hidden_from_user(*st, ctx);
    const size_t left_out = leave_out_sessions(*src, hidden.sessions);
    if (!src->scheme)
        return fail(
            "no session has a classification yet; set one with: attune-cli classification set");
    if (auto ok = check_tally_names(*st, *src->scheme, t); !ok) return fail(ok.error().message);
    auto tables = stats::tally(*src->scheme, src->inputs, *stats::ways_from(t.ways),
                               t.by.empty() ? std::nullopt : std::optional(t.by),
                               t.norm.empty() ? std::nullopt : std::optional(t.norm));
    if (!tables) return fail(tables.error().message);
    OutputFormat f;
    parse_output_format(t.format, f);
    std::printf("%s", render(tally_report(*tables), f).c_str());
    print_tally_notes(*tables, src->sessions_without_classification);
    std::fprintf(stderr, "note: %s\n", research_use_caution());
    note_left_out(ctx, left_out);
    return 0;
}

void add_tally_command(CLI::App& app, CliContext& ctx) {
    auto t = std::make_shared<TallyOpts>();
    auto* tally = app.add_subcommand(
        "tally", "Classification tallies with exact 95% intervals and a norm comparison");
    tally->add_option("STUDY", t->study, "Study file")->required();
    tally
        ->add_option("--ways", t->ways,
                     "2 (secure/insecure), 3 (A/B/C), 4 (A/B/C/D) or sub (subgroups)")
        ->check(CLI::IsMember({"2", "3", "4", "sub"}))
        ->capture_default_str();
    tally->add_option("--norm", t->norm,
                      "Compare with this published norm of the scheme (e.g. vij1999_fourway_NA)");
    tally->add_option("--by", t->by, "Split by this independent variable (e.g. site)");
    tally->add_option("--format", t->format, "csv, json or md")
        ->check(CLI::IsMember({"csv", "tsv", "json", "md"}))
        ->capture_default_str();
    tally->callback([&ctx, t] { run_guarded(ctx, [&] { return run_tally(ctx, *t); }); });
}

struct ValidateOpts {
    std::string study, session, format = "md";
};

int run_validate(CliContext& ctx, const ValidateOpts& v) {
    auto st = open_study(v.study, ctx);
    if (!st) return fail(st.error().message);
    if (auto ok = check_session(*st, v.session); !ok) return fail(ok.error().message);
    Table out;
    out.header = {"session", "coder",   "pass_role", "severity", "check",
                  "frame",   "episode", "event_id",  "message"};
    out.numeric = {false, false, false, false, false, true, false, true, false};
    int errors = 0;
    const auto sessions = list_sessions(*st);
    const auto hidden = hidden_from_user(*st, ctx);
    std::set<int64_t> left_out;
    for (const Pass& p : list_passes(*st)) {
        auto s = std::find_if(sessions.begin(), sessions.end(),
                              [&](const Session& x) { return x.id == p.session_id; });
        if (!v.session.empty() && s->label != v.session) continue;
        if (hidden.passes.count(p.id)) {
            left_out.insert(p.session_id);
            continue;
        }
        auto scheme = load_scheme_snapshot(*st, p.scheme_snapshot_id);
        if (!scheme) return fail(scheme.error().message);
        for (const auto& i : check_validity(*scheme, load_pass_content(*st, *scheme, p.id))) {
            errors += i.severity == ValidityIssue::Severity::Error;
            out.rows.push_back({s->label, p.coder, to_string(p.role), to_string(i.severity),
                                i.check, i.frame ? std::to_string(*i.frame) : "", i.episode,
                                i.event_id ? std::to_string(*i.event_id) : "", i.message});
        }
    }
    OutputFormat f;
    parse_output_format(v.format, f);
    std::printf("%s", render(out, f).c_str());
    note_left_out(ctx, left_out.size());
    return errors > 0 ? 1 : 0;
}

void add_validate_command(CLI::App& app, CliContext& ctx) {
    auto v = std::make_shared<ValidateOpts>();
    auto* validate = app.add_subcommand(
        "validate", "Validity checks on every pass; exit 1 when an error is found");
    validate->add_option("STUDY", v->study, "Study file")->required();
    validate->add_option("--session", v->session, "Only this session");
    validate->add_option("--format", v->format, "csv, tsv, json or md")
        ->check(CLI::IsMember({"csv", "tsv", "json", "md"}))
        ->capture_default_str();
    validate->callback([&ctx, v] { run_guarded(ctx, [&] { return run_validate(ctx, *v); }); });
}

}  // namespace

void add_stats_commands(CLI::App& app, CliContext& ctx) {
    add_budget_command(app, ctx);
    add_tally_command(app, ctx);
    add_validate_command(app, ctx);
}

}  // namespace attune::cli
