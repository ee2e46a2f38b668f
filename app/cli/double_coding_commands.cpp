// double-coding select / list / unblind: which sessions a second coder codes blind, and
// when a supervisor lets that coder see the primary pass (attune/coding/blinding.hpp).
#include <algorithm>
#include <cstdio>

#include "attune/coding/blinding.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace attune::cli {

namespace {

std::string joined(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
    return out;
}

struct SelectOpts {
    std::string study;
    double percent = 0;
    uint64_t seed = 0;
    std::vector<std::string> sessions;
};

int run_select(CliContext& ctx, const SelectOpts& o, bool by_percent, bool has_seed) {
    auto st = open_study(o.study, ctx);
    if (!st) return fail(st.error().message);
    auto chosen =
        by_percent ? select_percent(*st, o.percent, has_seed ? std::optional(o.seed) : std::nullopt)
                   : select_sessions(*st, o.sessions);
    if (!chosen) return fail(chosen.error().message);
    if (by_percent)
        std::printf("chose %zu of %zu sessions for double coding (%g%%, seed %llu): %s\n",
                    chosen->sessions.size(), list_sessions(*st).size(), chosen->percent,
                    static_cast<unsigned long long>(chosen->seed),
                    joined(chosen->sessions).c_str());
    else
        std::printf("chose %zu sessions for double coding: %s\n", chosen->sessions.size(),
                    joined(chosen->sessions).c_str());
    return 0;
}

void add_select(CLI::App& group, CliContext& ctx) {
    auto o = std::make_shared<SelectOpts>();
    auto* cmd = group.add_subcommand(
        "select", "Choose the sessions to double-code: a seeded share, or a list (recorded)");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    auto* percent = cmd->add_option("--percent", o->percent,
                                    "This share of the sessions, chosen at random (ceil)");
    auto* seed = cmd->add_option("--seed", o->seed,
                                 "Seed of the random choice (default: drawn and recorded)")
                     ->needs(percent);
    auto* sessions = cmd->add_option("--sessions", o->sessions, "These sessions (A,B,...)")
                         ->delimiter(',')
                         ->excludes(percent);
    cmd->callback([&ctx, o, percent, seed, sessions] {
        run_guarded(ctx, [&] {
            if (!percent->count() && !sessions->count())
                return fail("give --percent P [--seed N], or --sessions A,B");
            return run_select(ctx, *o, percent->count() > 0, seed->count() > 0);
        });
    });
}

Table selection_table(Study& st, const DoubleCodingSelection& s) {
    Table t;
    t.header = {"method",    "percent",      "seed",        "chosen_by",
                "chosen_at", "session",      "selected",    "reliability_coder",
                "unblinded", "unblinded_by", "unblinded_at"};
    t.numeric = {false, true, true, false, false, false, false, false, false, false, false};
    const bool pct = s.method == DoubleCodingSelection::Method::Percent;
    for (const auto& session : list_sessions(st)) {
        const bool selected =
            std::binary_search(s.sessions.begin(), s.sessions.end(), session.label);
        const auto coders = reliability_coders(st, session.id);
        if (!selected && coders.empty()) continue;
        const auto unblinded = unblinding_of(st, session.id);
        t.rows.push_back({to_string(s.method), pct ? fixed(s.percent, 1) : "",
                          pct ? std::to_string(s.seed) : "", s.who, s.at, session.label,
                          selected ? "yes" : "no", joined(coders, ";"), unblinded ? "yes" : "no",
                          unblinded ? unblinded->who : "", unblinded ? unblinded->at : ""});
    }
    return t;
}

void add_list(CLI::App& group, CliContext& ctx) {
    struct Opts {
        std::string study, format = "md";
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = group.add_subcommand(
        "list", "The recorded selection, each session's reliability coder, and unblinding");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("--format", o->format, "md, csv or json")
        ->check(CLI::IsMember({"csv", "json", "md"}))
        ->capture_default_str();
    cmd->callback([&ctx, o] {
        run_guarded(ctx, [&] {
            auto st = open_study(o->study, ctx);
            if (!st) return fail(st.error().message);
            auto s = double_coding_selection(*st);
            if (!s) return fail(s.error().message);
            if (!*s)
                return fail(
                    "no sessions are selected for double coding yet; choose them with: "
                    "attune-cli double-coding select " +
                    o->study + " --percent 20 (or --sessions A,B)");
            OutputFormat f;
            parse_output_format(o->format, f);
            std::printf("%s", render(selection_table(*st, **s), f).c_str());
            return 0;
        });
    });
}

void add_unblind(CLI::App& group, CliContext& ctx) {
    struct Opts {
        std::string study, session;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = group.add_subcommand(
        "unblind", "Let the session's reliability coder see its primary pass (a supervisor)");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("--session", o->session, "The session")->required();
    cmd->callback([&ctx, o] {
        run_guarded(ctx, [&] {
            auto st = open_study(o->study, ctx);
            if (!st) return fail(st.error().message);
            const auto session = find_session(*st, o->session);
            if (!session) {
                std::vector<std::string> labels;
                for (const auto& s : list_sessions(*st)) labels.push_back(s.label);
                return fail(no_such("session", o->session, labels, "in this study"));
            }
            if (auto ok = unblind_session(*st, session->id); !ok) return fail(ok.error().message);
            std::printf(
                "unblinded session %s: its reliability coder (%s) may now see the "
                "primary pass; the reliability pass is signed off as it was coded blind\n",
                o->session.c_str(), joined(reliability_coders(*st, session->id)).c_str());
            return 0;
        });
    });
}

}  // namespace

void add_double_coding_commands(CLI::App& app, CliContext& ctx) {
    auto* group = app.add_subcommand("double-coding",
                                     "Blind reliability coding: choose sessions, list, unblind")
                      ->require_subcommand(1);
    add_select(*group, ctx);
    add_list(*group, ctx);
    add_unblind(*group, ctx);
}

HiddenFromUser hidden_from_user(Study& study, const CliContext& ctx) {
    HiddenFromUser h;
    const auto blind = sessions_blind_for(study, ctx.user);
    std::map<int64_t, std::string> labels;
    for (const auto& s : list_sessions(study))
        if (blind.count(s.id)) h.sessions.insert(labels[s.id] = s.label);
    for (const auto& p : list_passes(study))
        if (p.role != PassRole::Reliability && labels.count(p.session_id))
            h.passes[p.id] = labels[p.session_id];
    return h;
}

void note_left_out(const CliContext& ctx, size_t sessions) {
    if (sessions == 0) return;
    std::fprintf(stderr,
                 "note: %zu session%s left out: %s codes %s reliability pass and is blind to the "
                 "primary pass until a supervisor unblinds it (attune-cli double-coding "
                 "unblind)\n",
                 sessions, sessions == 1 ? " is" : "s are", ctx.user.c_str(),
                 sessions == 1 ? "its" : "their");
}

}  // namespace attune::cli
