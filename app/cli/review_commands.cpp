// audit (verify the hash chain, list who changed what), pass (sign off, unlock).
#include <cstdio>

#include <algorithm>

#include "attune/coding/audit_trail.hpp"
#include "attune/coding/blinding.hpp"
#include "attune/coding/sign_off.hpp"
#include "attune/coding/text_table.hpp"
#include "commands.hpp"
#include "option_checks.hpp"

namespace attune::cli {

namespace {

Table audit_table(const std::vector<AuditEntry>& entries) {
    Table t;
    t.header = {"row", "at", "who", "action", "table", "op", "row id", "pass", "change"};
    t.numeric = {true, false, false, false, false, false, true, true, false};
    for (const auto& e : entries)
        t.rows.push_back({std::to_string(e.id), e.at, e.who, e.action, e.table, e.op,
                          std::to_string(e.row_id), e.pass_id ? std::to_string(*e.pass_id) : "",
                          e.change_label});
    return t;
}

void add_verify(CLI::App& audit, CliContext& ctx) {
    auto study = std::make_shared<std::string>();
    auto* verify = audit.add_subcommand(
        "verify", "Check the audit log's hash chain; exit 1 naming the first broken row");
    verify->add_option("STUDY", *study, "Study file")->required();
    verify->callback([&ctx, study] {
        run_guarded(ctx, [&] {
            auto st = open_study(*study, ctx);
            if (!st) return fail(st.error().message);
            auto v = verify_audit_chain(*st);
            if (!v) return fail(v.error().message);
            std::printf("%s\n", v->describe().c_str());
            return v->intact() ? 0 : 1;
        });
    });
}

void add_list(CLI::App& audit, CliContext& ctx) {
    struct Opts {
        std::string study, session, coder, role = "primary", who, format = "md";
        int64_t limit = 500;
    };
    auto o = std::make_shared<Opts>();
    auto* list = audit.add_subcommand("list", "Who changed what and when (newest first)");
    list->add_option("STUDY", o->study, "Study file")->required();
    auto* session =
        list->add_option("--session", o->session, "Only changes in this session's pass...");
    list->add_option("--coder", o->coder, "...by this coder")->needs(session);
    list->add_option("--role", o->role, "...in this role")
        ->check(CLI::IsMember({"primary", "reliability", "consensus"}))
        ->capture_default_str();
    list->add_option("--who", o->who, "Only changes made by this user");
    list->add_option("--limit", o->limit, "At most this many rows")
        ->check(options::whole_number(1))
        ->capture_default_str();
    list->add_option("--format", o->format, "csv, tsv, json or md")
        ->check(CLI::IsMember({"csv", "tsv", "json", "md"}))
        ->capture_default_str();
    list->callback([&ctx, o, session] {
        run_guarded(ctx, [&] {
            auto st = open_study(o->study, ctx);
            if (!st) return fail(st.error().message);
            AuditFilter filter;
            filter.limit = o->limit;
            if (!o->who.empty()) filter.who = o->who;
            if (session->count()) {
                if (o->coder.empty()) return fail("--session needs --coder (whose pass?)");
                auto p = resolve_pass(*st, {o->session, o->coder, o->role, ""}, false);
                if (!p) return fail(p.error().message);
                if (auto why = blind_refusal(*st, st->user(), p->pass.id)) return fail(*why);
                filter.pass_id = p->pass.id;
            }
            // Audit rows carry the primary pass's codes: a blind coder's list leaves them out.
            const auto hidden = hidden_from_user(*st, ctx);
            for (const auto& [pass, session] : hidden.passes) filter.hidden_passes.insert(pass);
            OutputFormat f;
            parse_output_format(o->format, f);
            std::printf("%s", render(audit_table(audit_entries(*st, filter)), f).c_str());
            note_left_out(ctx, hidden.sessions.size());
            return 0;
        });
    });
}

// sign-off and unlock share their options: the pass, and for unlock a reason.
void add_lock_command(CLI::App& pass, CliContext& ctx, bool unlock) {
    struct Opts {
        std::string study, reason;
        PassOptions pass;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = pass.add_subcommand(
        unlock ? "unlock" : "sign-off",
        unlock ? "Unlock a signed-off pass so it can be changed; the reason is kept"
               : "Sign off a pass (as a supervisor): from then on nothing in it can change");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    o->pass.add_to(cmd, false);
    if (unlock) cmd->add_option("--reason", o->reason, "Why it is unlocked")->required();
    cmd->callback([&ctx, o, unlock] {
        run_guarded(ctx, [&] {
            auto st = open_study(o->study, ctx);
            if (!st) return fail(st.error().message);
            auto p = resolve_pass(*st, o->pass, false);
            if (!p) return fail(p.error().message);
            auto done =
                unlock ? unlock_pass(*st, p->pass.id, o->reason) : sign_off_pass(*st, p->pass.id);
            if (!done) return fail(done.error().message);
            std::printf("%s the %s pass of %s in session %s\n", unlock ? "unlocked" : "signed off",
                        o->pass.role.c_str(), o->pass.coder.c_str(), o->pass.session.c_str());
            return 0;
        });
    });
}

}  // namespace

void add_review_commands(CLI::App& app, CliContext& ctx) {
    auto* audit = app.add_subcommand("audit", "The audit log: verify its hash chain, list it")
                      ->require_subcommand(1);
    add_verify(*audit, ctx);
    add_list(*audit, ctx);
    auto* pass =
        app.add_subcommand("pass", "Coding passes: sign off, unlock")->require_subcommand(1);
    add_lock_command(*pass, ctx, false);
    add_lock_command(*pass, ctx, true);
}

}  // namespace attune::cli
