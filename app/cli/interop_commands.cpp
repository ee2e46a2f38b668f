// import (a peer's project: BORIS, ELAN, Datavyu; or our own table), export, and
// scheme from-boris|from-elan|from-datavyu|from-otx.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "attune/coding/interop/export_files.hpp"
#include "attune/coding/interop/foreign_import.hpp"
#include "attune/coding/interop/import_mapping.hpp"
#include "attune/coding/interop/study_export.hpp"
#include "commands.hpp"
#include "option_checks.hpp"
#include "recording_target.hpp"

namespace attune::cli {

namespace {

namespace fs = std::filesystem;
using interop::ForeignObservation;
using interop::ForeignProject;
using interop::ImportMapping;

struct ImportOpts {
    std::string study, file, format, mapping, write_mapping, observation, session, coder,
        role = "primary", scheme;
    double fps = 0;
    bool force = false;
};

struct ImportScheme {
    Scheme scheme;
    int64_t snapshot_id = 0;
};

// The pass's scheme when the session's pass exists, else --scheme, else the study's.
Result<ImportScheme> scheme_for_import(Study& study, const ImportOpts& o,
                                       const std::string& coder) {
    if (!o.session.empty()) {
        auto target = plan_pass(study, {o.session, coder, o.role, o.scheme});
        if (!target) return target.error();
        return ImportScheme{std::move(target->scheme), target->snapshot_id};
    }
    if (!o.scheme.empty()) {
        auto scheme = load_scheme_file(o.scheme);
        if (!scheme) return scheme.error();
        return ImportScheme{std::move(*scheme), 0};
    }
    const auto snapshot = scheme_for_new_pass(study);
    if (!snapshot)
        return Error{
            "the study holds no scheme yet: name one with --scheme FILE (attune-cli "
            "scheme from-boris FILE --out SCHEME.json makes one from the project)"};
    auto scheme = load_scheme_snapshot(study, *snapshot);
    if (!scheme) return scheme.error();
    return ImportScheme{std::move(*scheme), *snapshot};
}

Result<std::string> file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot read " + path};
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Result<ImportMapping> import_mapping(const ImportOpts& o, const ForeignProject& project,
                                     const std::vector<const ForeignObservation*>& chosen,
                                     const Scheme& scheme) {
    auto proposal =
        interop::propose_mapping(project, chosen, scheme, fs::path(o.file).filename().string());
    if (o.mapping.empty()) return proposal;
    auto text = file_text(o.mapping);
    if (!text) return text.error();
    auto given = interop::parse_mapping(*text);
    if (!given) return Error{o.mapping + ": " + given.error().message};
    auto merged = interop::merge_mapping(std::move(proposal), *given, project, scheme);
    if (!merged) return Error{o.mapping + ": " + merged.error().message};
    return merged;
}

int write_mapping(const ImportOpts& o, const ImportMapping& m, const Scheme& scheme) {
    if (auto ok = check_output_path(o.write_mapping, o.force, {o.study, o.file}); !ok)
        return fail(ok.error().message);
    auto ok = write_text_output(o.write_mapping, interop::mapping_json(m, &scheme));
    if (!ok) return fail(ok.error().message);
    const auto open = m.undecided();
    std::printf("wrote %s: %zu codes and %zu modifier sets, %zu still to decide\n",
                o.write_mapping.c_str(), m.codes.size(), m.modifiers.size(), open.size());
    for (const auto& u : open) std::printf("  to decide: %s\n", u.c_str());
    std::printf(
        "edit \"to\" (a scheme id, or null to drop), then import with --mapping %s; nothing "
        "was imported\n",
        o.write_mapping.c_str());
    return 0;
}

int import_foreign(CliContext& ctx, const ImportOpts& o, const std::string& format) {
    auto project = interop::read_foreign(format, o.file);
    if (!project) return fail(project.error().message);
    auto chosen =
        interop::observations_to_import(*project, o.file, o.observation, !o.session.empty());
    if (!chosen) return fail(chosen.error().message);
    auto st = open_study(o.study, ctx);
    if (!st) return fail(st.error().message);
    const std::string coder = o.coder.empty() ? ctx.user : o.coder;
    if (coder.empty()) return fail("name the coder whose passes these are with --coder");
    auto scheme = scheme_for_import(*st, o, coder);
    if (!scheme) return fail(scheme.error().message);
    auto mapping = import_mapping(o, *project, *chosen, scheme->scheme);
    if (!mapping) return fail(mapping.error().message);
    if (!o.write_mapping.empty()) return write_mapping(o, *mapping, scheme->scheme);

    interop::ImportRequest request;
    request.file = o.file, request.project = &*project, request.observations = *chosen;
    request.mapping = std::move(*mapping), request.session = o.session, request.coder = coder;
    request.role = pass_role_from(o.role).value_or(PassRole::Primary);
    if (o.fps > 0) request.fps = o.fps;
    request.recording_target = [&](const Session& s) { return indexed_recording(*st, s); };
    auto plan = interop::plan_import(*st, request, scheme->scheme, scheme->snapshot_id);
    if (!plan) return fail(o.file + ": " + plan.error().message);
    std::printf("%s", plan->summary().c_str());
    ProgressLine progress(ctx, "importing " + o.file, plan->events(), "events");
    auto ok = interop::commit_import(*st, *plan, [&](size_t n) { progress.update(n); });
    progress.finish();
    if (!ok) return fail(ok.error().message);
    std::printf("imported %zu events into %zu session%s from %s\n", plan->events(),
                plan->observations.size(), plan->observations.size() == 1 ? "" : "s",
                o.file.c_str());
    return 0;
}

int run_import(CliContext& ctx, const ImportOpts& o) {
    auto format = o.format.empty() ? interop::import_format_of(o.file) : o.format;
    if (!format) return fail(format.error().message);
    if (*format != "csv") return import_foreign(ctx, o, *format);
    if (!o.mapping.empty() || !o.write_mapping.empty() || !o.observation.empty())
        return fail("a CSV table is Attune's own: it needs no mapping and has no observations");
    if (o.session.empty()) return fail("name the session the table's events go to with --session");
    PassOptions pass{o.session, o.coder.empty() ? ctx.user : o.coder, o.role, o.scheme};
    return import_event_table(ctx, o.study, o.file, pass);
}

void add_import_command(CLI::App& app, CliContext& ctx) {
    auto o = std::make_shared<ImportOpts>();
    auto* cmd = app.add_subcommand(
        "import",
        "Import a peer's coded observations (BORIS .boris/.boris.gz, ELAN .eaf, Datavyu .opf or "
        "its .csv) or an Attune table (CSV) into a study, through one mapping of the file's "
        "codes to the scheme's");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("FILE", o->file, "The file to import")->required();
    cmd->add_option("--format", o->format,
                    "boris, eaf, datavyu (or opf), otx or csv (default: from the name)")
        ->check(CLI::IsMember({"boris", "eaf", "datavyu", "opf", "otx", "csv"}));
    cmd->add_option("--mapping", o->mapping,
                    "Mapping of the file's codes to the scheme's (JSON, see --write-mapping)");
    cmd->add_option("--write-mapping", o->write_mapping,
                    "Write the proposed mapping to this file, list what is left to decide, and "
                    "import nothing");
    cmd->add_option("--observation", o->observation, "Import only this observation of the file");
    cmd->add_option("--session", o->session,
                    "Put the observation into this existing session (default: one new session "
                    "per observation, labelled with its id)");
    cmd->add_option("--coder", o->coder, "Coder whose pass the events become (default: --user)");
    cmd->add_option("--role", o->role, "Pass role")
        ->check(CLI::IsMember({"primary", "reliability", "consensus"}))
        ->capture_default_str();
    cmd->add_option("--fps", o->fps,
                    "Frame rate for observations whose rate neither the file nor the study knows")
        ->check(options::number_between(0.1, 1000));
    cmd->add_option("--scheme", o->scheme, "Scheme file for new passes (default: the study's)");
    cmd->add_flag("--force", o->force, "--write-mapping may replace an existing file");
    cmd->callback([&ctx, o] { run_guarded(ctx, [&] { return run_import(ctx, *o); }); });
}

struct FromOpts {
    std::string file, out, id;
    bool force = false;
};

int scheme_from(const FromOpts& o, const std::string& format) {
    auto project = interop::read_foreign(format, o.file);
    if (!project) return fail(project.error().message);
    if (auto ok = check_output_path(o.out, o.force, {o.file}); !ok) return fail(ok.error().message);
    std::string stem = fs::path(o.file).filename().string();
    stem = stem.substr(0, stem.find('.'));
    std::string id = o.id.empty() ? interop::as_scheme_id(stem) : o.id;
    std::transform(id.begin(), id.end(), id.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::vector<std::string> notes = project->notes;
    const std::string text = interop::scheme_json_from(*project, id, notes);
    auto checked = load_scheme_text(text, o.out);
    if (!checked)
        return fail(
            "the derived scheme does not pass its own checks (a bug; please "
            "report it with the file):\n" +
            checked.error().message);
    auto ok = write_text_output(o.out, text);
    if (!ok) return fail(ok.error().message);
    std::printf("wrote %s: scheme %s, %zu roles, %zu behaviours from %s\n", o.out.c_str(),
                checked->id.c_str(), checked->roles.size(), checked->behaviours.size(),
                o.file.c_str());
    for (const auto& n : notes) std::printf("note: %s\n", n.c_str());
    return 0;
}

void add_scheme_from_command(CLI::App* scheme, CliContext& ctx, const std::string& format,
                             const std::string& what, const std::string& file_help) {
    auto o = std::make_shared<FromOpts>();
    auto* cmd = scheme->add_subcommand("from-" + format, "Write an Attune scheme holding " + what);
    cmd->add_option("FILE", o->file, file_help)->required();
    cmd->add_option("--out", o->out, "The scheme to write (JSON)")->required();
    cmd->add_option("--id", o->id, "Scheme id (default: from the file's name)");
    cmd->add_flag("--force", o->force, "Replace an existing --out file");
    cmd->callback([&ctx, o, format] { run_guarded(ctx, [&] { return scheme_from(*o, format); }); });
}

void add_scheme_from_commands(CLI::App& app, CliContext& ctx) {
    CLI::App* scheme = app.get_subcommand("scheme");
    add_scheme_from_command(scheme, ctx, "boris", "a BORIS project's ethogram and subjects",
                            "BORIS project (.boris or .boris.gz)");
    add_scheme_from_command(scheme, ctx, "elan",
                            "an ELAN document's tiers (as roles) and the values coded on them "
                            "and in their controlled vocabularies (as behaviours)",
                            "ELAN document (.eaf)");
    add_scheme_from_command(scheme, ctx, "datavyu",
                            "a Datavyu spreadsheet's columns (as behaviours) and their arguments "
                            "(as modifiers, with the values coded)",
                            "Datavyu project (.opf) or spreadsheet (.csv)");
    add_scheme_from_command(scheme, ctx, "otx",
                            "an Observer XT template's subjects (as roles) and behaviours (their "
                            "groups as categories)",
                            "Observer XT template (.otx, or the .otb archive holding one)");
}

struct ExportOpts {
    std::string study, to, format, session;
    bool with_paths = false, with_coders = false, force = false;
};

int run_export(CliContext& ctx, const ExportOpts& o) {
    auto st = open_study(o.study, ctx);
    if (!st) return fail(st.error().message);
    std::vector<int64_t> hidden;
    const auto blind = hidden_from_user(*st, ctx);
    for (const auto& [id, session] : blind.passes) hidden.push_back(id);
    interop::ExportOptions options;
    if (!o.session.empty()) options.session = o.session;
    options.with_paths = o.with_paths, options.with_coders = o.with_coders;
    auto e = interop::collect_export(*st, options, hidden);
    if (!e) return fail(e.error().message);
    auto files = interop::export_files(o.format, fs::path(o.study).stem().string(), *e,
                                       interop::export_time_now());
    if (!files) return fail(files.error().message);
    auto written =
        interop::write_export(o.to, *files, o.force, "pass --force to replace the export's files");
    if (!written) return fail(written.error().message);
    for (const auto& note : files->notes) std::fprintf(stderr, "note: %s\n", note.c_str());
    note_left_out(ctx, blind.sessions.size());
    std::printf("wrote %zu file%s to %s: %s\n", written->size(), written->size() == 1 ? "" : "s",
                o.to.c_str(), interop::exported_what(options, *e).c_str());
    return 0;
}

void add_export_command(CLI::App& app, CliContext& ctx) {
    auto o = std::make_shared<ExportOpts>();
    auto* cmd = app.add_subcommand(
        "export",
        "Write the study's coding for analysis (tidy CSV with R and SPSS loaders) or for a "
        "peer's tool (BORIS project, ELAN documents, SDIS for GSEQ); de-identified by default");
    cmd->add_option("STUDY", o->study, "Study file")->required();
    cmd->add_option("--to", o->to, "Folder to write into (made when missing)")->required();
    cmd->add_option("--format", o->format,
                    "csv, xlsx, boris, boris-tabular or boris-aggregated (BORIS's tabular or "
                    "aggregated events TSV, one per pass), eaf or sdis")
        ->required()
        ->check(CLI::IsMember(interop::export_formats()));
    cmd->add_option("--session", o->session, "Only this session");
    cmd->add_flag("--with-paths", o->with_paths, "Include recording paths (left out by default)");
    cmd->add_flag("--with-coders", o->with_coders,
                  "Name the coders (by default they are 'coder 1', 'coder 2', ...)");
    cmd->add_flag("--force", o->force, "Replace files of an earlier export in the folder");
    cmd->callback([&ctx, o] { run_guarded(ctx, [&] { return run_export(ctx, *o); }); });
}

}  // namespace

void add_interop_commands(CLI::App& app, CliContext& ctx) {
    add_import_command(app, ctx);
    add_export_command(app, ctx);
    add_scheme_from_commands(app, ctx);
}

}  // namespace attune::cli
