// comment (add, reply, list): a supervisor's threaded comments on a pass's events, rating
// cells, episodes and classification (attune/coding/review_comments.hpp).
#include <cstdio>

#include "attune/coding/blinding.hpp"
#include "attune/coding/event_log.hpp"
#include "attune/coding/review_comments.hpp"
#include "attune/coding/text_table.hpp"
#include "commands.hpp"
#include "option_checks.hpp"

namespace attune::cli {

namespace {

struct TargetOptions {
    std::optional<int64_t> event_frame;
    std::string behaviour, rating, episode;
    bool classification = false;
};

// The event of the pass starting on `frame` (of `behaviour`, when given): exactly one.
Result<int64_t> event_at(Study& study, const ResolvedPass& p, int64_t frame,
                         const std::string& behaviour) {
    std::vector<int64_t> found;
    for (const Event& e : EventLog(study, p.scheme, p.pass.id).events())
        if (e.start_frame == frame && (behaviour.empty() || e.behaviour == behaviour))
            found.push_back(e.id);
    if (found.empty())
        return Error{"no event of the pass starts on frame " + std::to_string(frame) +
                     (behaviour.empty() ? "" : " with behaviour " + behaviour) +
                     " (attune-cli events export lists its start frames)"};
    if (found.size() > 1)
        return Error{std::to_string(found.size()) + " events start on frame " +
                     std::to_string(frame) + ": name one with --behaviour"};
    return found.front();
}

Result<CommentTarget> target_of(Study& study, const ResolvedPass& p, const TargetOptions& t) {
    const int given = (t.event_frame ? 1 : 0) + (t.rating.empty() ? 0 : 1) +
                      (t.episode.empty() ? 0 : 1) + (t.classification ? 1 : 0);
    if (given != 1)
        return Error{
            "say what the comment is about: one of --event FRAME, --rating "
            "SCALE/TARGET/EPISODE, --episode EPISODE or --classification"};
    if (t.event_frame) {
        auto id = event_at(study, p, *t.event_frame, t.behaviour);
        if (!id) return id.error();
        return event_comment_target(*id);
    }
    if (!t.episode.empty()) return episode_comment_target(t.episode);
    if (t.classification) return classification_comment_target();
    const auto a = t.rating.find('/'), b = t.rating.find('/', a == std::string::npos ? a : a + 1);
    // Each of the three parts present (no empty one, and no fourth).
    if (a == std::string::npos || b == std::string::npos || a == 0 || b == a + 1 ||
        b + 1 == t.rating.size() || t.rating.find('/', b + 1) != std::string::npos)
        return Error{"--rating takes SCALE/TARGET/EPISODE, e.g. PROXIMITY_SEEKING/parent/E5"};
    return rating_comment_target(t.rating.substr(0, a), t.rating.substr(a + 1, b - a - 1),
                                 t.rating.substr(b + 1));
}

void add_add(CLI::App& comment, CliContext& ctx) {
    struct Opts {
        std::string study, text;
        PassOptions pass;
        TargetOptions target;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = comment.add_subcommand("add", "Open a comment thread on something a pass holds");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    o->pass.add_to(cmd, false);
    cmd->add_option("--event", o->target.event_frame, "The event starting on this frame...");
    cmd->add_option("--behaviour", o->target.behaviour, "...of this behaviour (when several)");
    cmd->add_option("--rating", o->target.rating, "A rating cell: SCALE/TARGET/EPISODE");
    cmd->add_option("--episode", o->target.episode, "An episode (its id in the scheme)");
    cmd->add_flag("--classification", o->target.classification, "The pass's classification");
    cmd->add_option("--text", o->text, "The comment")->required();
    cmd->callback([&ctx, o] {
        run_guarded(ctx, [&] {
            auto st = open_study(o->study, ctx);
            if (!st) return fail(st.error().message);
            auto p = resolve_pass(*st, o->pass, false);
            if (!p) return fail(p.error().message);
            if (auto why = blind_refusal(*st, st->user(), p->pass.id)) return fail(*why);
            auto about = target_of(*st, *p, o->target);
            if (!about) return fail(about.error().message);
            auto id = add_review_comment(*st, p->pass.id, *about, o->text);
            if (!id) return fail(id.error().message);
            std::printf("comment %lld on %s of the %s pass of %s in session %s\n",
                        static_cast<long long>(*id), about->text().c_str(), o->pass.role.c_str(),
                        o->pass.coder.c_str(), o->pass.session.c_str());
            return 0;
        });
    });
}

void add_reply(CLI::App& comment, CliContext& ctx) {
    struct Opts {
        std::string study, text;
        int64_t to = 0;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = comment.add_subcommand("reply", "Reply in a comment's thread");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("COMMENT", o->to, "A comment of the thread (its number in comment list)")
        ->required();
    cmd->add_option("--text", o->text, "The reply")->required();
    cmd->callback([&ctx, o] {
        run_guarded(ctx, [&] {
            auto st = open_study(o->study, ctx);
            if (!st) return fail(st.error().message);
            const auto to = get_review_comment(*st, o->to);
            if (!to) return fail("there is no comment " + std::to_string(o->to));
            if (auto why = blind_refusal(*st, st->user(), to->pass_id)) return fail(*why);
            auto id = reply_to_review_comment(*st, o->to, o->text);
            if (!id) return fail(id.error().message);
            std::printf("comment %lld in thread %lld\n", static_cast<long long>(*id),
                        static_cast<long long>(to->thread_id));
            return 0;
        });
    });
}

// "CRY (child) at frame 300" for an event comment; the target's own text otherwise.
std::string about_text(Study& study, const Pass& pass, const CommentTarget& t,
                       std::map<int64_t, std::vector<Event>>& events) {
    if (t.about != CommentAbout::Event) return t.text();
    if (!events.count(pass.id)) {
        auto scheme = load_scheme_snapshot(study, pass.scheme_snapshot_id);
        events[pass.id] =
            scheme ? EventLog(study, *scheme, pass.id).events() : std::vector<Event>{};
    }
    for (const Event& e : events[pass.id])
        if (e.id == t.event_id)
            return "event " + e.behaviour + " (" + e.subject + ") at frame " +
                   std::to_string(e.start_frame);
    return t.text() + " (since deleted)";
}

void add_list(CLI::App& comment, CliContext& ctx) {
    struct Opts {
        std::string study, session, format = "md";
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = comment.add_subcommand("list", "The comment threads, pass by pass");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("--session", o->session, "Only this session's passes");
    cmd->add_option("--format", o->format, "csv, tsv, json or md")
        ->check(CLI::IsMember({"csv", "tsv", "json", "md"}))
        ->capture_default_str();
    cmd->callback([&ctx, o] {
        run_guarded(ctx, [&] {
            auto st = open_study(o->study, ctx);
            if (!st) return fail(st.error().message);
            const auto hidden = hidden_from_user(*st, ctx);
            Table t;
            t.header = {"comment", "thread", "session", "coder", "role",
                        "about",   "who",    "at",      "text"};
            t.numeric = {true, true, false, false, false, false, false, false, false};
            std::map<int64_t, std::string> labels;
            for (const Session& s : list_sessions(*st)) labels[s.id] = s.label;
            std::map<int64_t, std::vector<Event>> events;
            for (const Pass& p : list_passes(*st)) {
                if (hidden.passes.count(p.id)) continue;
                if (!o->session.empty() && labels[p.session_id] != o->session) continue;
                for (const ReviewComment& c : review_comments(*st, p.id))
                    t.rows.push_back({std::to_string(c.id), std::to_string(c.thread_id),
                                      labels[p.session_id], p.coder, to_string(p.role),
                                      about_text(*st, p, c.about, events), c.author, c.created_at,
                                      c.text});
            }
            OutputFormat f;
            parse_output_format(o->format, f);
            std::printf("%s", render(t, f).c_str());
            note_left_out(ctx, hidden.sessions.size());
            return 0;
        });
    });
}

}  // namespace

void add_comment_commands(CLI::App& app, CliContext& ctx) {
    auto* comment =
        app.add_subcommand("comment", "Threaded review comments on a pass")->require_subcommand(1);
    add_add(*comment, ctx);
    add_reply(*comment, ctx);
    add_list(*comment, ctx);
}

}  // namespace attune::cli
