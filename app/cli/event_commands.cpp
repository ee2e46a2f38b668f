// events export / import; rating set; classification set.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "attune/coding/event_log.hpp"
#include "attune/coding/event_table.hpp"
#include "attune/coding/ratings.hpp"
#include "commands.hpp"

namespace attune::cli {

void add_event_commands(CLI::App& app, CliContext& ctx) {
    auto* events = app.add_subcommand("events", "Export or import the events of a coding pass")
                       ->require_subcommand(1);

    struct Opts {
        std::string study, file, format = "csv", out;
        PassOptions pass;
    };
    auto ex = std::make_shared<Opts>();
    auto* exp = events->add_subcommand("export", "Write a pass's events as a tidy table");
    exp->add_option("STUDY", ex->study, "Study file")->required();
    ex->pass.add_to(exp, false);
    exp->add_option("--format", ex->format, "csv or tsv")
        ->check(CLI::IsMember({"csv", "tsv"}))
        ->capture_default_str();
    exp->add_option("--out", ex->out, "Output file (default: standard output)");
    exp->callback([&ctx, ex] {
        run_guarded(ctx, [&] {
            auto st = open_study(ex->study, ctx);
            if (!st) return fail(st.error().message);
            auto p = resolve_pass(*st, ex->pass, false);
            if (!p) return fail(p.error().message);
            const auto rows = EventLog(*st, p->scheme, p->pass.id).events();
            const std::string text = events_to_table(
                p->scheme, {p->session.label, p->session.participant, p->pass.coder, ex->pass.role},
                rows, *table_format_from(ex->format));
            if (ex->out.empty()) {
                std::fwrite(text.data(), 1, text.size(), stdout);
                return 0;
            }
            const std::string temp = ex->out + ".partial";
            {
                std::ofstream f(temp, std::ios::binary);
                f << text;
                if (!f) return fail("cannot write " + ex->out);
            }
            std::rename(temp.c_str(), ex->out.c_str());
            std::fprintf(stderr, "wrote %zu events to %s\n", rows.size(), ex->out.c_str());
            return 0;
        });
    });

    auto im = std::make_shared<Opts>();
    im->format.clear();  // import: from the file name unless given
    auto* imp = events->add_subcommand("import",
                                       "Add events from a table (as written by export) to a pass");
    imp->add_option("STUDY", im->study, "Study file")->required();
    imp->add_option("FILE", im->file, "CSV or TSV table")->required();
    im->pass.add_to(imp, true);
    imp->add_option("--format", im->format, "csv or tsv (default: from the file name)");
    imp->callback([&ctx, im] {
        run_guarded(ctx, [&] {
            const bool tsv_name =
                im->file.size() > 4 && im->file.substr(im->file.size() - 4) == ".tsv";
            const std::string format = !im->format.empty() ? im->format : tsv_name ? "tsv" : "csv";
            auto fmt = table_format_from(format);
            if (!fmt) return fail("--format must be csv or tsv");
            std::ifstream f(im->file, std::ios::binary);
            if (!f) return fail("cannot read " + im->file);
            std::stringstream ss;
            ss << f.rdbuf();
            auto st = open_study(im->study, ctx);
            if (!st) return fail(st.error().message);
            auto p = resolve_pass(*st, im->pass, true);
            if (!p) return fail(p.error().message);
            auto rows = events_from_table(p->scheme, ss.str(), *fmt);
            if (!rows) return fail(im->file + ": " + rows.error().message);
            auto ok = EventLog(*st, p->scheme, p->pass.id).add_all(*rows);
            if (!ok) return fail(ok.error().message);
            std::printf("imported %zu events into %s (%s, %s)\n", rows->size(),
                        p->session.label.c_str(), p->pass.coder.c_str(), im->pass.role.c_str());
            return 0;
        });
    });
}

void add_judgement_commands(CLI::App& app, CliContext& ctx) {
    struct RatingOpts {
        std::string study, scale, target, episode = "ALL";
        int value = 0;
        bool clear = false;
        PassOptions pass;
    };
    auto r = std::make_shared<RatingOpts>();
    auto* rating =
        app.add_subcommand("rating", "Ratings on the scheme's scales")->require_subcommand(1);
    auto* rset = rating->add_subcommand("set", "Set (or --clear) one rating cell of a pass");
    rset->add_option("STUDY", r->study, "Study file")->required();
    r->pass.add_to(rset, true);
    rset->add_option("--scale", r->scale, "Scale id, e.g. PS")->required();
    rset->add_option("--target", r->target, "Target role, e.g. parent")->required();
    rset->add_option("--episode", r->episode, "Episode id, e.g. E5 (ALL for session-level scales)")
        ->capture_default_str();
    auto* value = rset->add_option("--value", r->value, "The rating");
    rset->add_flag("--clear", r->clear, "Remove the rating instead")->excludes(value);
    rset->callback([&ctx, r, value] {
        run_guarded(ctx, [&] {
            if (!r->clear && value->count() == 0) return fail("give --value N, or --clear");
            auto st = open_study(r->study, ctx);
            if (!st) return fail(st.error().message);
            auto p = resolve_pass(*st, r->pass, true);
            if (!p) return fail(p.error().message);
            auto ok = set_rating(*st, p->scheme, p->pass.id, r->scale, r->target, r->episode,
                                 r->clear ? std::nullopt : std::optional<int>(r->value));
            if (!ok) return fail(ok.error().message);
            return 0;
        });
    });

    struct ClassOpts {
        std::string study, code, secondary, notes;
        int d_rating = 0, confidence = 0;
        PassOptions pass;
    };
    auto c = std::make_shared<ClassOpts>();
    auto* cls =
        app.add_subcommand("classification", "Classifications (e.g. entered from paper forms)")
            ->require_subcommand(1);
    auto* cset = cls->add_subcommand("set", "Set the classification of a pass");
    cset->add_option("STUDY", c->study, "Study file")->required();
    c->pass.add_to(cset, true);
    cset->add_option("--code", c->code, "A1, A2, B1-B4, C1, C2, D, CC (or A, B, C)")->required();
    cset->add_option("--secondary", c->secondary,
                     "Best-fitting organized alternative, required with D (e.g. B3)");
    cset->add_option("--d-rating", c->d_rating, "Disorganization rating, 1-9");
    cset->add_option("--confidence", c->confidence, "1 uncertain, 2 probable, 3 confident");
    cset->add_option("--notes", c->notes, "Coder's notes");
    cset->callback([&ctx, c] {
        run_guarded(ctx, [&] {
            auto st = open_study(c->study, ctx);
            if (!st) return fail(st.error().message);
            auto p = resolve_pass(*st, c->pass, true);
            if (!p) return fail(p.error().message);
            Classification k;
            k.code = c->code;
            if (!c->secondary.empty()) k.secondary = c->secondary;
            if (c->d_rating) k.d_rating = c->d_rating;
            if (c->confidence) k.confidence = c->confidence;
            k.notes = c->notes;
            auto ok = set_classification(*st, p->scheme, p->pass.id, k);
            if (!ok) return fail(ok.error().message);
            return 0;
        });
    });
}

}  // namespace attune::cli
