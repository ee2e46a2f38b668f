// scheme check; study create / info; session add.
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "attune/coding/file_identity.hpp"
#include "commands.hpp"

namespace attune::cli {

void add_scheme_commands(CLI::App& app, CliContext& ctx) {
    auto* scheme = app.add_subcommand("scheme", "Coding schemes")->require_subcommand(1);
    auto* check =
        scheme->add_subcommand("check", "Check a scheme file; lists every problem with its line");
    auto file = std::make_shared<std::string>();
    check->add_option("FILE", *file, "Scheme (JSON)")->required();
    check->callback([&ctx, file] {
        run_guarded(ctx, [&] {
            auto s = load_scheme_file(*file);
            if (!s) {
                std::fprintf(stderr, "%s\n", s.error().message.c_str());
                return 1;
            }
            std::printf(
                "%s: ok: %s %s, %zu roles, %zu episodes, %zu behaviours, %zu rating scales, %zu "
                "codes, %zu norms\nsha256 %s\n",
                file->c_str(), s->id.c_str(), s->version.c_str(), s->roles.size(),
                s->episodes.size(), s->behaviours.size(), s->scales.size(), s->codes.size(),
                s->norms.size(), s->hash.c_str());
            return 0;
        });
    });
}

void add_study_commands(CLI::App& app, CliContext& ctx) {
    auto* study =
        app.add_subcommand("study", "Create a study file or describe one")->require_subcommand(1);

    struct CreateOpts {
        std::string path, name, scheme;
    };
    auto c = std::make_shared<CreateOpts>();
    auto* create = study->add_subcommand("create", "Create a new study file (*.attune)");
    create->add_option("FILE", c->path, "New study file")->required();
    create->add_option("--name", c->name, "Study name")->required();
    create->add_option("--scheme", c->scheme, "Store this coding scheme in the study now");
    create->callback([&ctx, c] {
        run_guarded(ctx, [&] {
            std::optional<Scheme> scheme;
            if (!c->scheme.empty()) {  // check the scheme first: a bad one must not leave a
                                       // half-made study
                auto s = load_scheme_file(c->scheme);
                if (!s) return fail(s.error().message);
                scheme = std::move(*s);
            }
            auto st = Study::create(c->path, c->name, ctx.user);
            if (!st) return fail(st.error().message);
            if (scheme) {
                if (auto id = add_scheme_snapshot(*st, *scheme); !id)
                    return fail(id.error().message);
            }
            std::printf("created %s\n", c->path.c_str());
            return 0;
        });
    });

    struct InfoOpts {
        std::string path;
        bool json = false;
    };
    auto i = std::make_shared<InfoOpts>();
    auto* info = study->add_subcommand("info", "Describe a study: counts, sessions, passes");
    info->add_option("FILE", i->path, "Study file")->required();
    info->add_flag("--json", i->json, "Print JSON");
    info->callback([&ctx, i] {
        run_guarded(ctx, [&] {
            auto st = open_study(i->path, ctx);
            if (!st) return fail(st.error().message);
            const StudyInfo in = st->info();
            const auto sessions = list_sessions(*st);
            const auto passes = list_passes(*st);
            if (i->json) {
                nlohmann::json j = {{"name", in.name},
                                    {"created_at", in.created_at},
                                    {"created_by", in.created_by},
                                    {"attune_version", in.attune_version},
                                    {"format_version", in.format_version},
                                    {"participants", in.participants},
                                    {"sessions", in.sessions},
                                    {"passes", in.passes},
                                    {"events", in.events},
                                    {"scheme_snapshots", in.scheme_snapshots}};
                j["session_list"] = nlohmann::json::array();
                for (const auto& s : sessions) {
                    nlohmann::json sj = {{"label", s.label},
                                         {"participant", s.participant},
                                         {"variables", s.variables}};
                    if (s.date) sj["date"] = *s.date;
                    if (s.child_age_months) sj["child_age_months"] = *s.child_age_months;
                    if (s.recording_path) sj["recording"] = *s.recording_path;
                    sj["passes"] = nlohmann::json::array();
                    for (const auto& p : passes)
                        if (p.session_id == s.id)
                            sj["passes"].push_back(
                                {{"coder", p.coder}, {"role", to_string(p.role)}});
                    j["session_list"].push_back(sj);
                }
                std::printf("%s\n", j.dump(2).c_str());
                return 0;
            }
            std::printf("%s\n  created %s by %s (Attune %s, study format %d)\n", in.name.c_str(),
                        in.created_at.c_str(), in.created_by.c_str(), in.attune_version.c_str(),
                        in.format_version);
            std::printf(
                "  %lld participants, %lld sessions, %lld coding passes, %lld events, %lld scheme "
                "snapshots\n",
                static_cast<long long>(in.participants), static_cast<long long>(in.sessions),
                static_cast<long long>(in.passes), static_cast<long long>(in.events),
                static_cast<long long>(in.scheme_snapshots));
            for (const auto& s : sessions) {
                std::string line = "  " + s.label + "  participant " + s.participant;
                if (s.date) line += "  " + *s.date;
                for (const auto& p : passes)
                    if (p.session_id == s.id)
                        line += "  [" + p.coder + " " + to_string(p.role) + "]";
                std::printf("%s\n", line.c_str());
            }
            return 0;
        });
    });

    struct SessionOpts {
        std::string path;
        Session s;
        std::string date, recording;
        double age = -1;
        std::vector<std::string> vars;
    };
    auto so = std::make_shared<SessionOpts>();
    auto* session = app.add_subcommand("session", "Sessions of a study")->require_subcommand(1);
    auto* add = session->add_subcommand("add", "Add a session (and its participant, if new)");
    add->add_option("STUDY", so->path, "Study file")->required();
    add->add_option("--label", so->s.label, "Unique session label, e.g. P014-T1")->required();
    add->add_option("--participant", so->s.participant, "Pseudonymous participant code, e.g. P014")
        ->required();
    add->add_option("--date", so->date, "Session date, YYYY-MM-DD");
    add->add_option("--age-months", so->age, "Child age in months");
    add->add_option("--recording", so->recording, "Path of the session's recording");
    add->add_option("--var", so->vars,
                    "Independent variable NAME=VALUE (repeatable), e.g. --var site=Leiden");
    add->callback([&ctx, so] {
        run_guarded(ctx, [&] {
            Session s = so->s;
            if (!so->date.empty()) s.date = so->date;
            if (so->age >= 0) s.child_age_months = so->age;
            if (!so->recording.empty()) {
                auto identity = file_identity(so->recording);
                if (!identity) return fail(identity.error().message);
                s.recording_path = std::filesystem::absolute(so->recording).string();
                s.recording_identity = *identity;
            }
            for (const auto& v : so->vars) {
                const auto eq = v.find('=');
                if (eq == std::string::npos || eq == 0)
                    return fail("--var takes NAME=VALUE, not '" + v + "'");
                s.variables[v.substr(0, eq)] = v.substr(eq + 1);
            }
            auto st = open_study(so->path, ctx);
            if (!st) return fail(st.error().message);
            auto id = add_session(*st, s);
            if (!id) return fail(id.error().message);
            std::printf("added session %s\n", s.label.c_str());
            return 0;
        });
    });
}

}  // namespace attune::cli
