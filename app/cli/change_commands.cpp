// changes (the change log), revert (undo one named change).
#include <algorithm>
#include <cstdio>

#include "attune/coding/blinding.hpp"
#include "attune/coding/change_log.hpp"
#include "attune/coding/text_table.hpp"
#include "commands.hpp"
#include "option_checks.hpp"

namespace attune::cli {

namespace {

Table change_table(const std::vector<ChangeRecord>& changes) {
    Table t;
    t.header = {"change", "at",   "who",   "program", "session",
                "coder",  "role", "label", "status",  "rows"};
    t.numeric = {true, false, false, false, false, false, false, false, false, true};
    for (const auto& c : changes)
        t.rows.push_back({std::to_string(c.id), c.at, c.who, c.program, c.session, c.coder, c.role,
                          c.label, c.status, std::to_string(c.rows)});
    return t;
}

}  // namespace

void add_change_commands(CLI::App& app, CliContext& ctx) {
    struct ChangesOpts {
        std::string study, session, coder, role = "primary", format = "md";
    };
    auto c = std::make_shared<ChangesOpts>();
    auto* changes = app.add_subcommand(
        "changes", "The change log: who changed what, when, with which program (newest first)");
    changes->add_option("STUDY", c->study, "Study file")->required();
    auto* session = changes->add_option("--session", c->session, "Only this session's pass...");
    changes->add_option("--coder", c->coder, "...by this coder")->needs(session);
    changes->add_option("--role", c->role, "...in this role")
        ->check(CLI::IsMember({"primary", "reliability", "consensus"}))
        ->capture_default_str();
    changes->add_option("--format", c->format, "csv, tsv, json or md")
        ->check(CLI::IsMember({"csv", "tsv", "json", "md"}))
        ->capture_default_str();
    changes->callback([&ctx, c, session] {
        run_guarded(ctx, [&] {
            auto st = open_study(c->study, ctx);
            if (!st) return fail(st.error().message);
            std::optional<int64_t> pass;
            if (session->count()) {
                if (c->coder.empty()) return fail("--session needs --coder (whose pass?)");
                auto p = resolve_pass(*st, {c->session, c->coder, c->role, ""}, false);
                if (!p) return fail(p.error().message);
                if (auto why = blind_refusal(*st, st->user(), p->pass.id)) return fail(*why);
                pass = p->pass.id;
            }
            // Change labels name codes ("classify B"): a blind coder's list leaves them out.
            const auto hidden = hidden_from_user(*st, ctx);
            auto changes = list_changes(*st, pass);
            std::set<std::string> left_out;
            changes.erase(std::remove_if(changes.begin(), changes.end(),
                                         [&](const ChangeRecord& r) {
                                             const bool drop =
                                                 r.pass_id && hidden.passes.count(*r.pass_id);
                                             if (drop) left_out.insert(r.session);
                                             return drop;
                                         }),
                          changes.end());
            OutputFormat f;
            parse_output_format(c->format, f);
            std::printf("%s", render(change_table(changes), f).c_str());
            note_left_out(ctx, left_out.size());
            return 0;
        });
    });

    struct RevertOpts {
        std::string study;
        int64_t change = 0;
    };
    auto r = std::make_shared<RevertOpts>();
    auto* revert = app.add_subcommand(
        "revert",
        "Undo one change named by its number (from 'changes'), if nothing changed its rows since");
    revert->add_option("STUDY", r->study, "Study file")->required();
    revert->add_option("--change", r->change, "The change's number")
        ->required()
        ->check(options::whole_number(1));
    revert->callback([&ctx, r] {
        run_guarded(ctx, [&] {
            auto st = open_study(r->study, ctx);
            if (!st) return fail(st.error().message);
            for (const auto& c : list_changes(*st, std::nullopt))  // a hidden pass's change
                if (c.id == r->change && c.pass_id)
                    if (auto why = blind_refusal(*st, st->user(), *c.pass_id)) return fail(*why);
            auto done = st->revert(r->change);
            if (!done) return fail(done.error().message);
            std::printf("reverted change %lld (%s)\n", static_cast<long long>(done->id),
                        done->label.c_str());
            return 0;
        });
    });
}

}  // namespace attune::cli
