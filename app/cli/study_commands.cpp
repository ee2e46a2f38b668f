// scheme check; study create / info; session add.
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "attune/coding/dates.hpp"
#include "attune/coding/file_identity.hpp"
#include "attune/coding/reliability.hpp"
#include "attune/coding/study_settings.hpp"
#include "attune/video/probe.hpp"
#include "commands.hpp"
#include "option_checks.hpp"
#include "output.hpp"

namespace attune::cli {

void add_scheme_commands(CLI::App& app, CliContext& ctx) {
    auto* scheme = app.add_subcommand("scheme", "Coding schemes")->require_subcommand(1);
    auto* check =
        scheme->add_subcommand("check", "Check a scheme file; lists every problem with its line");
    auto file = std::make_shared<std::string>();
    check->add_option("FILE", *file, "Scheme (JSON)")->required();
    check->callback([&ctx, file] {
        run_guarded(ctx, [&] {
            if (std::filesystem::is_directory(*file))
                return fail(*file + " is a folder; give the scheme's JSON file, e.g. " +
                            (std::filesystem::path(*file) / "ssp-infant.json").string());
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

namespace {

// Why a study cannot be made in `path`'s folder, said so the user knows what to do, or
// nothing when the folder takes new files.
std::optional<std::string> unwritable_folder(const std::string& path) {
    const auto folder = std::filesystem::absolute(path).parent_path();
    if (::access(folder.c_str(), W_OK) == 0) return std::nullopt;
    switch (errno) {
        case ENOENT:
        case ENOTDIR:
            return "the folder " + folder.string() + " does not exist; create it first (mkdir -p " +
                   folder.string() + ") or choose another";
        case EROFS:
            return "the folder " + folder.string() +
                   " is on a read-only disk (mounted read-only); choose a folder on a disk you "
                   "can write to";
        default:  // EACCES, or EPERM for a folder made immutable
            return "no permission to write in the folder " + folder.string() +
                   "; choose a folder you can write to, or ask for write permission (chmod u+w)";
    }
}

struct CreateOpts {
    std::string path, name, scheme;
};

int create_study(CliContext& ctx, const CreateOpts& c) {
    std::optional<Scheme> scheme;
    if (!c.scheme.empty()) {  // check the scheme first: a bad one must not leave a half-made study
        auto s = load_scheme_file(c.scheme);
        if (!s) return fail(s.error().message);
        scheme = std::move(*s);
    }
    if (std::filesystem::path(c.path).extension() != ".attune")
        return fail("a study file's name ends in .attune (" + c.path + " does not); try " +
                    std::filesystem::path(c.path).replace_extension(".attune").string());
    if (auto why = unwritable_folder(c.path)) return fail("cannot create " + c.path + ": " + *why);
    auto st = Study::create(c.path, c.name, ctx.user);
    if (!st) return fail(st.error().message);
    if (scheme)
        if (auto id = add_scheme_snapshot(*st, *scheme); !id) return fail(id.error().message);
    std::printf("created %s\n", c.path.c_str());
    return 0;
}

void add_create_command(CLI::App* study, CliContext& ctx) {
    auto c = std::make_shared<CreateOpts>();
    auto* create = study->add_subcommand("create", "Create a new study file (*.attune)");
    create->add_option("FILE", c->path, "New study file")->required();
    create->add_option("--name", c->name, "Study name")->required();
    create->add_option("--scheme", c->scheme, "Store this coding scheme in the study now");
    create->callback([&ctx, c] { run_guarded(ctx, [&] { return create_study(ctx, *c); }); });
}

nlohmann::json info_json(const StudyInfo& in, const std::vector<Session>& sessions,
                         const std::vector<Pass>& passes) {
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
        nlohmann::json sj = {
            {"label", s.label}, {"participant", s.participant}, {"variables", s.variables}};
        if (s.date) sj["date"] = *s.date;
        if (s.child_age_months) sj["child_age_months"] = *s.child_age_months;
        if (s.recording_path) sj["recording"] = *s.recording_path;
        sj["passes"] = nlohmann::json::array();
        for (const auto& p : passes)
            if (p.session_id == s.id)
                sj["passes"].push_back({{"coder", p.coder}, {"role", to_string(p.role)}});
        j["session_list"].push_back(sj);
    }
    return j;
}

void print_info(const StudyInfo& in, const std::vector<Session>& sessions,
                const std::vector<Pass>& passes) {
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
            if (p.session_id == s.id) line += "  [" + p.coder + " " + to_string(p.role) + "]";
        std::printf("%s\n", line.c_str());
    }
}

void add_info_command(CLI::App* study, CliContext& ctx) {
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
            if (i->json)
                std::printf("%s\n", info_json(in, sessions, passes).dump(2).c_str());
            else
                print_info(in, sessions, passes);
            return 0;
        });
    });
}

struct SessionOpts {
    std::string path;
    Session s;
    std::string date, recording;
    double age = -1;
    bool has_age = false;
    std::vector<std::string> vars;
};

// The session as the options describe it, every value checked, or what is wrong.
Result<Session> session_from(const SessionOpts& o) {
    Session s = o.s;
    if (!o.date.empty()) {
        if (!is_calendar_date(o.date))
            return Error{"--date '" + o.date +
                         "' is not a date; write it YYYY-MM-DD, e.g. 2026-10-02"};
        s.date = o.date;
    }
    if (o.has_age) s.child_age_months = o.age;
    if (!o.recording.empty()) {
        auto identity = file_identity(o.recording);
        if (!identity) return identity.error();
        auto probed = video::probe(o.recording);
        if (!probed)
            return Error{o.recording + " cannot be opened as video (" + probed.error().message +
                         ")"};
        if (!probed->video)
            return Error{o.recording + " cannot be opened as video: it has no video stream"};
        s.recording_path = std::filesystem::absolute(o.recording).string();
        s.recording_identity = *identity;
    }
    for (const auto& v : o.vars) {
        const auto eq = v.find('=');
        if (eq == std::string::npos || eq == 0)
            return Error{"--var takes NAME=VALUE, not '" + v + "'"};
        const std::string name = v.substr(0, eq);
        if (auto [it, fresh] = s.variables.emplace(name, v.substr(eq + 1)); !fresh)
            return Error{"--var " + name + " is given twice ('" + it->second + "' and '" +
                         v.substr(eq + 1) + "'); a session has one value per variable"};
    }
    return s;
}

int add_session_to(CliContext& ctx, const SessionOpts& o) {
    auto s = session_from(o);
    if (!s) return fail(s.error().message);
    auto st = open_study(o.path, ctx);
    if (!st) return fail(st.error().message);
    auto id = add_session(*st, *s);
    if (!id) return fail(id.error().message);
    std::printf("added session %s\n", s->label.c_str());
    return 0;
}

void add_session_command(CLI::App& app, CliContext& ctx) {
    auto so = std::make_shared<SessionOpts>();
    auto* session = app.add_subcommand("session", "Sessions of a study")->require_subcommand(1);
    auto* add = session->add_subcommand("add", "Add a session (and its participant, if new)");
    add->add_option("STUDY", so->path, "Study file")->required();
    add->add_option("--label", so->s.label, "Unique session label, e.g. P014-T1")->required();
    add->add_option("--participant", so->s.participant, "Pseudonymous participant code, e.g. P014")
        ->required();
    add->add_option("--date", so->date, "Session date, YYYY-MM-DD");
    auto* age = add->add_option("--age-months", so->age, "Child age in months, 0 to 240")
                    ->check(options::number_between(0, 240));
    add->add_option("--recording", so->recording, "Path of the session's recording");
    add->add_option("--var", so->vars,
                    "Independent variable NAME=VALUE (repeatable), e.g. --var site=Leiden");
    add->callback([&ctx, so, age] {
        so->has_age = age->count() > 0;
        run_guarded(ctx, [&] { return add_session_to(ctx, *so); });
    });
}

struct CriterionOpts {
    std::string path, kind, statistic;
    double at_least = 0;
    bool clear = false, at_least_given = false;
};

// The study's own reliability convention, quoted beside the matching figures of
// attune-cli reliability (never a pass/fail verdict).
int set_criterion(CliContext& ctx, const CriterionOpts& c) {
    if (!c.clear && (c.kind.empty() || c.statistic.empty() || !c.at_least_given))
        return fail("give --kind, --statistic and --at-least (or --clear to remove the criterion)");
    auto st = open_study(c.path, ctx);
    if (!st) return fail(st.error().message);
    if (c.clear) {
        if (auto ok = set_study_setting(*st, criterion_setting, std::nullopt,
                                        "clear the reliability criterion");
            !ok)
            return fail(ok.error().message);
        std::printf("reliability criterion removed\n");
        return 0;
    }
    auto parsed = parse_criterion(criterion_json({c.kind, c.statistic, c.at_least}));
    if (!parsed) return fail(parsed.error().message);
    const std::string text = criterion_json({c.kind, c.statistic, c.at_least});
    if (auto ok = set_study_setting(*st, criterion_setting, text,
                                    "set the reliability criterion: " + c.statistic + " on " +
                                        c.kind + " at least " + fixed(c.at_least, 2));
        !ok)
        return fail(ok.error().message);
    std::printf(
        "reliability criterion: %s on %s of at least %s (the study's own convention, "
        "shown beside the matching figures)\n",
        c.statistic.c_str(), c.kind.c_str(), fixed(parsed->at_least, 2).c_str());
    return 0;
}

void add_criterion_command(CLI::App* study, CliContext& ctx) {
    auto c = std::make_shared<CriterionOpts>();
    auto* cmd = study->add_subcommand(
        "criterion", "Set the study's own reliability convention, e.g. 80% agreement on A/B/C/D");
    cmd->add_option("STUDY", c->path, "Study file")->required();
    cmd->add_option("--kind", c->kind, "Which figure it applies to")
        ->check(CLI::IsMember(criterion_kinds()));
    cmd->add_option("--statistic", c->statistic, "Which statistic")
        ->check(CLI::IsMember(criterion_statistics()));
    auto* at_least = cmd->add_option(
        "--at-least", c->at_least,
        "The convention's threshold (percentages 0-100, a fraction below 1 such as 0.8 read as "
        "80%; kappa-like statistics -1 to 1)");
    cmd->add_flag("--clear", c->clear, "Remove the criterion");
    cmd->callback([&ctx, c, at_least] {
        c->at_least_given = at_least->count() > 0;
        run_guarded(ctx, [&] { return set_criterion(ctx, *c); });
    });
}

}  // namespace

void add_study_commands(CLI::App& app, CliContext& ctx) {
    auto* study =
        app.add_subcommand("study", "Create a study file or describe one")->require_subcommand(1);
    add_create_command(study, ctx);
    add_info_command(study, ctx);
    add_criterion_command(study, ctx);
    add_session_command(app, ctx);
}

}  // namespace attune::cli
