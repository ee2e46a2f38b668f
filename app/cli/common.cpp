#include <cstdio>

#include "commands.hpp"

namespace attune::cli {

int fail(const std::string& message) {
    std::fprintf(stderr, "attune-cli: %s\n", message.c_str());
    return 1;
}

Result<Study> open_study(const std::string& path, const CliContext& ctx) {
    auto study = Study::open(path, ctx.user);
    if (study)
        for (const auto& n : study->notices()) std::fprintf(stderr, "attune-cli: %s\n", n.c_str());
    return study;
}

void PassOptions::add_to(CLI::App* cmd, bool scheme_option) {
    cmd->add_option("--session", session, "Session label")->required();
    cmd->add_option("--coder", coder, "Coder name or initials")->required();
    cmd->add_option("--role", role, "Coding pass role")
        ->check(CLI::IsMember({"primary", "reliability", "consensus"}))
        ->capture_default_str();
    if (scheme_option)
        cmd->add_option("--scheme", scheme,
                        "Scheme file for a new pass (default: the study's only scheme)");
}

Result<ResolvedPass> resolve_pass(Study& study, const PassOptions& o, bool create) {
    auto session = find_session(study, o.session);
    if (!session)
        return Error{"no session '" + o.session +
                     "' in this study; list them with: attune-cli study info STUDY"};
    const PassRole role = pass_role_from(o.role).value_or(PassRole::Primary);
    auto pass = find_pass(study, session->id, o.coder, role);
    if (!pass) {
        if (!create)
            return Error{"session '" + o.session + "' has no " + o.role + " pass by '" + o.coder +
                         "'"};
        int64_t snapshot = 0;
        if (!o.scheme.empty()) {
            auto scheme = load_scheme_file(o.scheme);
            if (!scheme) return scheme.error();
            auto id = add_scheme_snapshot(study, *scheme);
            if (!id) return id.error();
            snapshot = *id;
        } else {
            auto s = study.db().prepare("SELECT id FROM scheme_snapshot");
            int n = 0;
            while (s.step()) snapshot = s.int64(0), ++n;
            if (n != 1)
                return Error{
                    "this is a new pass: name its scheme with --scheme FILE (e.g. "
                    "schemes/ssp-infant.json)"};
        }
        auto id = ensure_pass(study, session->id, o.coder, role, snapshot);
        if (!id) return id.error();
        pass = get_pass(study, *id);
    }
    auto scheme = load_scheme_snapshot(study, pass->scheme_snapshot_id);
    if (!scheme) return scheme.error();
    return ResolvedPass{*session, *pass, std::move(*scheme)};
}

}  // namespace attune::cli
