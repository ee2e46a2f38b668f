// Video feedback (issue 14): case (add, visit, list), moment (add, list), consent (set,
// list) and retention list. The records are coding/'s (feedback.hpp, moments.hpp,
// consent.hpp); these commands only read the command line and print.
#include <cstdio>

#include "attune/coding/blinding.hpp"
#include "attune/coding/consent.hpp"
#include "attune/coding/dates.hpp"
#include "attune/coding/event_log.hpp"
#include "attune/coding/feedback.hpp"
#include "attune/coding/moments.hpp"
#include "attune/coding/stats/fidelity.hpp"
#include "commands.hpp"
#include "option_checks.hpp"
#include "output.hpp"

namespace attune::cli {

namespace {

void add_format_option(CLI::App* cmd, std::string& format) {
    cmd->add_option("--format", format, "csv, tsv, json or md")
        ->check(CLI::IsMember({"csv", "tsv", "json", "md"}))
        ->capture_default_str();
}

void print_table(const Table& t, const std::string& format) {
    OutputFormat f;
    parse_output_format(format, f);
    std::printf("%s", render(t, f).c_str());
}

void add_protocol_check(CLI::App& app, CliContext& ctx) {
    auto* group = app.add_subcommand("protocol", "Video feedback protocols")->require_subcommand(1);
    auto file = std::make_shared<std::string>();
    auto* cmd = group->add_subcommand(
        "check", "Check a feedback protocol file; lists every problem with its line");
    cmd->add_option("FILE", *file, "Protocol (JSON), e.g. schemas/feedback-generic.json")
        ->required();
    cmd->callback([&ctx, file] {
        run_guarded(ctx, [&] {
            auto p = load_protocol_file(*file);
            if (!p) {
                std::fprintf(stderr, "%s\n", p.error().message.c_str());
                return 1;
            }
            std::printf("%s: ok: %s %s, %zu visits\n", file->c_str(), p->id.c_str(),
                        p->version.c_str(), p->visits.size());
            for (const auto& v : p->visits)
                std::printf("  visit %d: %s (%s)\n", v.visit, v.title.c_str(), v.theme.c_str());
            return 0;
        });
    });
}

// A command that opens the study and prints one table of it: STUDY [--format].
void add_table_command(CLI::App& parent, CliContext& ctx, const char* name, const char* help,
                       std::function<Table(Study&)> table) {
    struct Opts {
        std::string study, format = "md";
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = parent.add_subcommand(name, help);
    cmd->add_option("STUDY", o->study, "Study file")->required();
    add_format_option(cmd, o->format);
    cmd->callback([&ctx, o, table] {
        run_guarded(ctx, [&] {
            auto st = open_study(o->study, ctx);
            if (!st) return fail(st.error().message);
            print_table(table(*st), o->format);
            return 0;
        });
    });
}

Table case_table(Study& study) {
    Table t;
    t.header = {"case", "protocol", "visit", "session", "date", "theme"};
    t.numeric = {false, false, true, false, false, false};
    for (const auto& c : list_cases(study)) {
        const std::string protocol = c.protocol ? c.protocol->id : "";
        if (c.visits.empty()) t.rows.push_back({c.code, protocol, "", "", "", ""});
        for (const auto& v : c.visits)
            t.rows.push_back({c.code, protocol, std::to_string(v.visit), v.session,
                              v.date.value_or(""), v.theme});
    }
    return t;
}

Table consent_table(Study& study) {
    Table t;
    t.header = {"consent", "participant", "session",    "allows",
                "until",   "recorded_by", "recorded_at"};
    t.numeric = {true, false, false, false, false, false, false};
    for (const Consent& c : consent_history(study))
        t.rows.push_back({std::to_string(c.id), c.participant, c.session.value_or("(all)"),
                          c.uses_text(), c.until.value_or(""), c.recorded_by, c.recorded_at});
    return t;
}

Table exports_table(Study& study) {
    Table t;
    t.header = {"export", "session", "kind", "path", "consent", "who", "at"};
    t.numeric = {true, false, false, false, true, false, false};
    for (const MediaExport& e : list_media_exports(study))
        t.rows.push_back({std::to_string(e.id), e.session, e.kind, e.path,
                          e.consent_id ? std::to_string(*e.consent_id) : "", e.who, e.at});
    return t;
}

void add_case_add(CLI::App& group, CliContext& ctx) {
    struct Opts {
        std::string study, code, protocol;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = group.add_subcommand("add", "Add a case (a family followed over visits)");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("CODE", o->code, "The family's pseudonymous code")->required();
    cmd->add_option("--protocol", o->protocol,
                    "Feedback protocol file giving each visit its theme (e.g. "
                    "schemas/feedback-generic.json)");
    cmd->callback([&ctx, o] {
        run_guarded(ctx, [&] {
            std::optional<FeedbackProtocol> protocol;
            if (!o->protocol.empty()) {
                auto p = load_protocol_file(o->protocol);
                if (!p) return fail(p.error().message);
                protocol = *p;
            }
            auto st = open_study(o->study, ctx);
            if (!st) return fail(st.error().message);
            auto id = add_case(*st, o->code, protocol);
            if (!id) return fail(id.error().message);
            std::printf("case %s added%s\n", o->code.c_str(),
                        protocol ? (" with protocol " + protocol->id).c_str() : "");
            return 0;
        });
    });
}

void add_case_visit(CLI::App& group, CliContext& ctx) {
    struct Opts {
        std::string study, code, session, date;
        int visit = 0;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = group.add_subcommand("visit", "Make a session a numbered visit of a case");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("CODE", o->code, "The case")->required();
    cmd->add_option("--session", o->session, "The session filmed at the visit")->required();
    cmd->add_option("--visit", o->visit, "The visit's number (1, 2, ...)")
        ->required()
        ->check(options::whole_number(1, 1000));
    cmd->add_option("--date", o->date, "The visit's date, YYYY-MM-DD");
    cmd->callback([&ctx, o] {
        run_guarded(ctx, [&] {
            auto st = open_study(o->study, ctx);
            if (!st) return fail(st.error().message);
            auto session = session_named(*st, o->session);
            if (!session) return fail(session.error().message);
            auto ok = set_case_visit(*st, o->code, session->id, o->visit,
                                     o->date.empty() ? std::nullopt : std::optional(o->date));
            if (!ok) return fail(ok.error().message);
            const auto c = find_case(*st, o->code);
            std::string theme;
            for (const auto& v : c->visits)
                if (v.visit == o->visit && !v.theme.empty()) theme = " (theme " + v.theme + ")";
            std::printf("session %s is visit %d of case %s%s\n", o->session.c_str(), o->visit,
                        o->code.c_str(), theme.c_str());
            return 0;
        });
    });
}

struct MomentOpts {
    std::string study, theme, kind = "strength", title, caption, note;
    PassOptions pass;
    int64_t from = 0, to = 0;
    std::optional<int64_t> freeze;
};

// The moment as given, on the recording's frames (refused past its last frame).
Result<Moment> moment_on_frames(const MomentOpts& o, const ImportTarget& clock) {
    for (int64_t f : {o.from, o.to, o.freeze.value_or(o.from)})
        if (f < 0 || (clock.frame_count && f >= *clock.frame_count))
            return Error{"frame " + std::to_string(f) +
                         " is not a frame of the recording (it has " +
                         std::to_string(clock.frame_count.value_or(0)) + ", numbered from 0)"};
    Moment m;
    m.in = {o.from, clock.frame_us(o.from)}, m.out = {o.to, clock.frame_us(o.to)};
    if (o.freeze) m.freeze = FrameTime{*o.freeze, clock.frame_us(*o.freeze)};
    m.kind = *moment_kind_from(o.kind);
    m.theme = o.theme, m.title = o.title, m.caption = o.caption, m.note = o.note;
    return m;
}

// What the protocol's guide says about this moment and the plan it joins, if anything.
void warn_against_guide(Study& study, const PassTarget& p, const Moment& m,
                        const ImportTarget& clock) {
    const auto c = case_of_session(study, p.session.id);
    if (!c || !c->protocol) return;
    // Through the end of its last frame (that frame lasts as long as the one before it).
    const int64_t last = m.out.frame > 0 ? m.out.t_us - clock.frame_us(m.out.frame - 1) : 0;
    const double seconds = static_cast<double>(m.out.t_us + last - m.in.t_us) / 1e6;
    if (c->protocol->max_moment_seconds && seconds > *c->protocol->max_moment_seconds)
        std::fprintf(
            stderr,
            "attune-cli: note: the moment lasts %.1f s; protocol %s keeps moments to %g s\n",
            seconds, c->protocol->id.c_str(), *c->protocol->max_moment_seconds);
    const size_t planned = p.pass ? visit_plan(study, p.pass->id).size() : 0;
    if (c->protocol->max_moments_per_visit &&
        static_cast<int>(planned) >= *c->protocol->max_moments_per_visit)
        std::fprintf(
            stderr,
            "attune-cli: note: the plan now holds %zu moments; protocol %s shows %d a visit\n",
            planned + 1, c->protocol->id.c_str(), *c->protocol->max_moments_per_visit);
}

int add_moment_from(CliContext& ctx, MomentOpts& o) {
    auto st = open_study(o.study, ctx);
    if (!st) return fail(st.error().message);
    auto p = plan_pass(*st, o.pass);
    if (!p) return fail(p.error().message);
    if (p->pass)
        if (auto why = blind_refusal(*st, st->user(), p->pass->id)) return fail(*why);
    auto clock = recording_clock(*st, p->session, ctx);
    if (!clock) return fail(clock.error().message);
    if (o.theme.empty()) o.theme = theme_for_moments_of(*st, p->session.id);
    auto m = moment_on_frames(o, *clock);
    if (!m) return fail(m.error().message);
    if (auto why = moment_problem(*m)) return fail(*why);
    warn_against_guide(*st, *p, *m, *clock);
    int64_t id = 0;
    auto ok = write_to_pass(
        *st, *p, "add moment " + std::to_string(m->in.frame) + "-" + std::to_string(m->out.frame),
        [&](sql::Db& db, int64_t pass_id) {
            auto added = insert_moment(db, pass_id, *m);
            if (!added) return Status(added.error());
            id = *added;
            return ok_status();
        });
    if (!ok) return fail(ok.error().message);
    std::printf("moment %lld: frames %lld-%lld of session %s%s\n", static_cast<long long>(id),
                static_cast<long long>(m->in.frame), static_cast<long long>(m->out.frame),
                p->session.label.c_str(), m->theme.empty() ? "" : (", theme " + m->theme).c_str());
    return 0;
}

void add_moment_add(CLI::App& group, CliContext& ctx) {
    auto o = std::make_shared<MomentOpts>();
    auto* cmd = group.add_subcommand("add", "Save a moment (in and out frames) for feedback");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    o->pass.add_to(cmd, true);
    cmd->add_option("--from", o->from, "The moment's first frame")
        ->required()
        ->check(options::whole_number(0));
    cmd->add_option("--to", o->to, "Its last frame (shown too)")
        ->required()
        ->check(options::whole_number(0));
    cmd->add_option("--theme", o->theme, "Theme (default: the next visit's, from the protocol)");
    cmd->add_option("--kind", o->kind, "strength or think (something to think about)")
        ->check(CLI::IsMember({"strength", "think"}))
        ->capture_default_str();
    cmd->add_option("--title", o->title, "A short title (on the reel's title card)");
    cmd->add_option("--caption", o->caption, "The caption the family reads (first person allowed)");
    cmd->add_option("--note", o->note, "A private note for the therapist (never shown)");
    cmd->add_option("--freeze", o->freeze, "A frame inside the moment to pause on")
        ->check(options::whole_number(0));
    cmd->callback([&ctx, o] { run_guarded(ctx, [&] { return add_moment_from(ctx, *o); }); });
}

std::string seconds_text(int64_t us) {
    return fixed(static_cast<double>(us) / 1e6, 3);
}

void add_moment_rows(Table& t, const Session& s, const Pass& p, Study& study) {
    std::map<int64_t, size_t> position;
    const auto plan = visit_plan(study, p.id);
    for (size_t i = 0; i < plan.size(); ++i) position[plan[i].moment.id] = i + 1;
    for (const Moment& m : list_moments(study, p.id)) {
        const auto at = position.find(m.id);
        t.rows.push_back(
            {std::to_string(m.id), s.label, p.coder, to_string(p.role), std::to_string(m.in.frame),
             std::to_string(m.out.frame), seconds_text(m.in.t_us), seconds_text(m.out.t_us),
             m.freeze ? std::to_string(m.freeze->frame) : "", m.theme, to_string(m.kind), m.title,
             m.caption, m.note, at == position.end() ? "" : std::to_string(at->second)});
    }
}

void add_moment_list(CLI::App& group, CliContext& ctx) {
    struct Opts {
        std::string study, session, format = "csv";
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = group.add_subcommand("list", "A session's moments, with their place in the plan");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("--session", o->session, "Session label")->required();
    cmd->add_option("--format", o->format, "csv or json")
        ->check(CLI::IsMember({"csv", "json"}))
        ->capture_default_str();
    cmd->callback([&ctx, o] {
        run_guarded(ctx, [&] {
            auto st = open_study(o->study, ctx);
            if (!st) return fail(st.error().message);
            auto s = session_named(*st, o->session);
            if (!s) return fail(s.error().message);
            const auto hidden = hidden_from_user(*st, ctx);
            Table t;
            t.header = {"moment",    "session", "coder",   "role",         "in_frame",
                        "out_frame", "in_s",    "out_s",   "freeze_frame", "theme",
                        "kind",      "title",   "caption", "note",         "plan_position"};
            t.numeric = {true, false, false, false, true,  true,  true, true,
                         true, false, false, false, false, false, true};
            for (const Pass& p : list_passes(*st))
                if (p.session_id == s->id && !hidden.passes.count(p.id))
                    add_moment_rows(t, *s, p, *st);
            print_table(t, o->format);
            note_left_out(ctx, hidden.sessions.count(s->label));
            return 0;
        });
    });
}

void add_consent_set(CLI::App& group, CliContext& ctx) {
    struct Opts {
        std::string study, participant, session, allow, until, recorded_by;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = group.add_subcommand("set", "Record a participant's consent to uses of their film");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("--participant", o->participant, "Participant code")->required();
    cmd->add_option("--session", o->session,
                    "Only this session's recording (default: all of the participant's)");
    cmd->add_option("--allow", o->allow,
                    "Uses allowed: feedback,supervision,research,export (or none)")
        ->required();
    cmd->add_option("--until", o->until, "The last day the film may be used, YYYY-MM-DD");
    cmd->add_option("--recorded-by", o->recorded_by, "Who took the consent")->required();
    cmd->callback([&ctx, o] {
        run_guarded(ctx, [&] {
            auto uses = parse_consent_uses(o->allow);
            if (!uses) return fail(uses.error().message);
            auto st = open_study(o->study, ctx);
            if (!st) return fail(st.error().message);
            std::optional<int64_t> session;
            if (!o->session.empty()) {
                auto s = session_named(*st, o->session);
                if (!s) return fail(s.error().message);
                session = s->id;
            }
            auto id = record_consent(*st, o->participant, session, *uses,
                                     o->until.empty() ? std::nullopt : std::optional(o->until),
                                     o->recorded_by);
            if (!id) return fail(id.error().message);
            if (!o->until.empty() && o->until < local_date_today())
                std::fprintf(stderr,
                             "attune-cli: note: %s has passed: the film is due for deletion "
                             "now (attune-cli retention list)\n",
                             o->until.c_str());
            Consent c;
            c.uses = *uses;
            std::printf("consent %lld: participant %s%s allows %s%s\n", static_cast<long long>(*id),
                        o->participant.c_str(),
                        o->session.empty() ? "" : (" (session " + o->session + ")").c_str(),
                        c.uses_text().c_str(),
                        o->until.empty() ? "" : (" until " + o->until).c_str());
            return 0;
        });
    });
}

void add_retention_list(CLI::App& group, CliContext& ctx) {
    struct Opts {
        std::string study, format = "md", today;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = group.add_subcommand("list", "Films whose consent has run out: due for deletion");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    add_format_option(cmd, o->format);
    cmd->add_option("--today", o->today, "Judge as on this date, YYYY-MM-DD (default: today)");
    cmd->callback([&ctx, o] {
        run_guarded(ctx, [&] {
            if (!o->today.empty() && !is_calendar_date(o->today))
                return fail("--today takes a calendar date written YYYY-MM-DD");
            auto st = open_study(o->study, ctx);
            if (!st) return fail(st.error().message);
            Table t;
            t.header = {"session", "participant", "consent_until", "why"};
            t.numeric = {false, false, false, false};
            for (const auto& d :
                 due_for_deletion(*st, o->today.empty() ? local_date_today() : o->today))
                t.rows.push_back({d.session, d.participant, d.until, d.why});
            print_table(t, o->format);
            return 0;
        });
    });
}

// Where the recording's last frame ends: the end of a whole-recording stretch.
Result<FrameTime> recording_end(Study& study, const Session& s, CliContext& ctx) {
    auto clock = recording_clock(study, s, ctx);
    if (!clock) return clock.error();
    const int64_t n = clock->frame_count.value_or(0);
    if (n < 2) return Error{"the recording of session " + s.label + " has fewer than two frames"};
    const int64_t last = clock->frame_us(n - 1);
    return FrameTime{n, last + (last - clock->frame_us(n - 2))};
}

std::string kinds_text(const std::map<std::string, int64_t>& kinds) {
    std::string out;
    for (const auto& [kind, n] : kinds)
        out += (out.empty() ? "" : "; ") + (kind.empty() ? "(none given)" : kind) + " " +
               std::to_string(n);
    return out;
}

Status add_fidelity_row(Table& t, Study& study, const Session& s, const Pass& p,
                        const Scheme& scheme, CliContext& ctx) {
    const auto events = EventLog(study, scheme, p.id).events();
    FrameTime end{0, 0};
    const auto window = stats::fidelity_window(scheme, events, end);
    if (window.whole_recording) {
        auto e = recording_end(study, s, ctx);
        if (!e)
            return Error{e.error().message +
                         "; or code the stretch's start and end (SESSION_START, SESSION_END)"};
        end = *e;
    }
    const FrameTime to = window.whole_recording ? end : window.to;
    const auto f = stats::fidelity_figures(scheme, events, window.from, to);
    const auto share = f.share_on_target();
    const double standard = scheme.fidelity->standard_share;
    t.rows.push_back({s.label, p.coder, to_string(p.role),
                      window.whole_recording ? "whole recording" : scheme.episodes.front().id,
                      fixed(static_cast<double>(f.window_us) / 60e6, 2),
                      std::to_string(f.comments()), std::to_string(f.on_target),
                      std::to_string(f.off_target), fixed(f.per_minute(), 2),
                      share ? fixed(*share, 3) : "", fixed(standard, 2),
                      share ? (*share >= standard ? "yes" : "no") : "", kinds_text(f.by_kind)});
    return ok_status();
}

struct FidelityOpts {
    std::string study, session, format = "md";
};

int run_fidelity(CliContext& ctx, const FidelityOpts& o) {
    auto st = open_study(o.study, ctx);
    if (!st) return fail(st.error().message);
    const auto hidden = hidden_from_user(*st, ctx);
    Table t;
    t.header = {"session",  "coder",          "role",       "window",     "minutes",
                "comments", "on_target",      "off_target", "per_minute", "share_on_target",
                "standard", "meets_standard", "kinds"};
    t.numeric = {false, false, false, false, true,  true, true,
                 true,  true,  true,  true,  false, false};
    std::string note;
    for (const Session& s : list_sessions(*st)) {
        if (!o.session.empty() && s.label != o.session) continue;
        for (const Pass& p : list_passes(*st)) {
            if (p.session_id != s.id || hidden.passes.count(p.id)) continue;
            auto scheme = load_scheme_snapshot(*st, p.scheme_snapshot_id);
            if (!scheme || !scheme->fidelity) continue;
            if (auto ok = add_fidelity_row(t, *st, s, p, *scheme, ctx); !ok)
                return fail(ok.error().message);
            note = scheme->fidelity->standard_note;
        }
    }
    if (t.rows.empty())
        return fail(
            "no pass here is coded with a fidelity scheme (one with a \"fidelity\" "
            "section, e.g. schemas/feedback-fidelity.json)");
    print_table(t, o.format);
    if (!note.empty()) std::fprintf(stderr, "note: standard: %s\n", note.c_str());
    note_left_out(ctx, hidden.sessions.size());
    return 0;
}

void add_fidelity(CLI::App& app, CliContext& ctx) {
    auto o = std::make_shared<FidelityOpts>();
    auto* cmd = app.add_subcommand(
        "fidelity", "Comments per minute and the share on target, per filmed feedback session");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("--session", o->session, "Only this session");
    add_format_option(cmd, o->format);
    cmd->callback([&ctx, o] { run_guarded(ctx, [&] { return run_fidelity(ctx, *o); }); });
}

struct PlanOpts {
    std::string study, format = "md", script;
    PassOptions pass;
    int64_t moment = 0;
    size_t to = 1;
};

// The pass whose plan it is (never created: a plan starts with the pass's first moment).
Result<ResolvedPass> plan_owner(Study& study, const PlanOpts& o) {
    auto p = resolve_pass(study, o.pass, false);
    if (!p) return p.error();
    if (auto why = blind_refusal(study, study.user(), p->pass.id)) return Error{*why};
    return p;
}

int show_plan(CliContext& ctx, const PlanOpts& o) {
    auto st = open_study(o.study, ctx);
    if (!st) return fail(st.error().message);
    auto p = plan_owner(*st, o);
    if (!p) return fail(p.error().message);
    Table t;
    t.header = {"position", "moment", "session", "in_frame", "out_frame",
                "theme",    "kind",   "title",   "caption",  "script"};
    t.numeric = {true, true, false, true, true, false, false, false, false, false};
    const auto plan = visit_plan(*st, p->pass.id);
    for (size_t i = 0; i < plan.size(); ++i) {
        const Moment& m = plan[i].moment;
        t.rows.push_back({std::to_string(i + 1), std::to_string(m.id), plan[i].session,
                          std::to_string(m.in.frame), std::to_string(m.out.frame), m.theme,
                          to_string(m.kind), m.title, m.caption, plan[i].script});
    }
    print_table(t, o.format);
    return 0;
}

// plan add / remove / move / script: one change each in the plan's pass.
int change_plan(CliContext& ctx, const PlanOpts& o, const std::string& verb) {
    auto st = open_study(o.study, ctx);
    if (!st) return fail(st.error().message);
    auto p = plan_owner(*st, o);
    if (!p) return fail(p.error().message);
    const int64_t pass = p->pass.id;
    Status ok = verb == "add"      ? add_to_plan(*st, pass, o.moment)
                : verb == "remove" ? remove_from_plan(*st, pass, o.moment)
                : verb == "move"   ? move_in_plan(*st, pass, o.moment, o.to - 1)
                                   : set_plan_script(*st, pass, o.moment, o.script);
    if (!ok) return fail(ok.error().message);
    std::printf("the plan of %s's pass on %s now shows %zu moments\n", o.pass.coder.c_str(),
                o.pass.session.c_str(), visit_plan(*st, pass).size());
    return 0;
}

void add_plan_commands(CLI::App& app, CliContext& ctx) {
    auto* plan = app.add_subcommand("plan",
                                    "Video feedback: the visit plan (the moments to "
                                    "show, in order, with what to say)")
                     ->require_subcommand(1);
    const std::pair<const char*, const char*> verbs[] = {
        {"show", "The plan, in showing order"},
        {"add", "Add a moment (of this session or another visit of the case) to the plan's end"},
        {"remove", "Take a moment off the plan (the moment is kept)"},
        {"move", "Move a moment to another place in the showing order"},
        {"script", "Set what to say when the moment is shown"}};
    for (const auto& [verb, help] : verbs) {
        auto o = std::make_shared<PlanOpts>();
        auto* cmd = plan->add_subcommand(verb, help);
        cmd->add_option("STUDY", o->study, "Study file")->required();
        o->pass.add_to(cmd, false);
        const std::string v = verb;
        if (v == "show") add_format_option(cmd, o->format);
        if (v != "show")
            cmd->add_option("--moment", o->moment, "The moment (its number in moment list)")
                ->required();
        if (v == "move")
            cmd->add_option("--to", o->to, "Its new place, 1 for first")
                ->required()
                ->check(options::whole_number(1));
        if (v == "script") cmd->add_option("--text", o->script, "What to say")->required();
        cmd->callback([&ctx, o, v] {
            run_guarded(ctx,
                        [&] { return v == "show" ? show_plan(ctx, *o) : change_plan(ctx, *o, v); });
        });
    }
}

struct DeleteOpts {
    std::string study, session;
    bool recording = false, before_due = false;
};

int delete_film(CliContext& ctx, const DeleteOpts& o) {
    auto st = open_study(o.study, ctx);
    if (!st) return fail(st.error().message);
    auto s = session_named(*st, o.session);
    if (!s) return fail(s.error().message);
    bool due = false;
    for (const auto& d : due_for_deletion(*st, local_date_today()))
        due = due || d.session == o.session;
    if (!due && !o.before_due)
        return fail("the film of session " + o.session +
                    " is not due for deletion (attune-cli retention list); when the family "
                    "withdraws consent or the service deletes it early, add --before-due");
    auto d = delete_film_files(*st, s->id, o.recording);
    if (!d) return fail(d.error().message);
    for (const auto& f : d->deleted) std::printf("deleted %s\n", f.c_str());
    for (const auto& f : d->missing) std::printf("already gone: %s\n", f.c_str());
    std::printf(
        "the study records that the film of session %s was deleted%s; its codes are "
        "kept\n",
        o.session.c_str(),
        o.recording ? ""
                    : " (what was made from it; the recording "
                      "itself was left: --recording deletes it)");
    return 0;
}

void add_retention_delete(CLI::App& group, CliContext& ctx) {
    auto o = std::make_shared<DeleteOpts>();
    auto* cmd = group.add_subcommand(
        "delete", "Delete what was made from a session's film (reels, stills), and say so");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("--session", o->session, "The session whose film it is")->required();
    cmd->add_flag("--recording", o->recording, "Delete the recording file itself too");
    cmd->add_flag("--before-due", o->before_due, "Its consent has not run out yet: delete now");
    cmd->callback([&ctx, o] { run_guarded(ctx, [&] { return delete_film(ctx, *o); }); });
}

}  // namespace

void add_feedback_commands(CLI::App& app, CliContext& ctx) {
    add_fidelity(app, ctx);
    add_plan_commands(app, ctx);
    add_table_command(app, ctx, "exports",
                      "Every reel, still and report made from a film, with the consent it had",
                      exports_table);
    add_protocol_check(app, ctx);
    auto* cases = app.add_subcommand("case", "Video feedback: cases (families) and their visits")
                      ->require_subcommand(1);
    add_case_add(*cases, ctx);
    add_case_visit(*cases, ctx);
    add_table_command(*cases, ctx, "list", "The cases, visit by visit, with their themes",
                      case_table);
    auto* moment = app.add_subcommand("moment", "Video feedback: moments chosen to show a family")
                       ->require_subcommand(1);
    add_moment_add(*moment, ctx);
    add_moment_list(*moment, ctx);
    auto* consent = app.add_subcommand("consent", "Consent to uses of a participant's film")
                        ->require_subcommand(1);
    add_consent_set(*consent, ctx);
    add_table_command(*consent, ctx, "list", "Every consent record, oldest first", consent_table);
    auto* retention =
        app.add_subcommand("retention", "Films due for deletion")->require_subcommand(1);
    add_retention_list(*retention, ctx);
    add_retention_delete(*retention, ctx);
}

}  // namespace attune::cli
