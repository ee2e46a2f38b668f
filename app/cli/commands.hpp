#pragma once
// attune-cli's command groups. Each add_* registers its subcommands; a command's
// callback sets ctx.exit_code: 0 success, 1 failed or found problems (the
// message says what to do), 2 bad command line (CLI11 handles those).
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "attune/coding/records.hpp"
#include "attune/coding/study.hpp"

namespace attune::cli {

struct CliContext {
    std::string user;
    int exit_code = 0;
};

void add_scheme_commands(CLI::App& app, CliContext& ctx);
void add_study_commands(CLI::App& app, CliContext& ctx);
void add_event_commands(CLI::App& app, CliContext& ctx);
void add_judgement_commands(CLI::App& app, CliContext& ctx);
void add_stats_commands(CLI::App& app, CliContext& ctx);
void add_bench_commands(CLI::App& app, CliContext& ctx);
void add_video_commands(CLI::App& app, CliContext& ctx);
void add_bench_video_command(CLI::App& bench, CliContext& ctx);
void add_change_commands(CLI::App& app, CliContext& ctx);

// Shared by the commands.
int fail(const std::string& message);  // prints "attune-cli: message", returns 1
// Study::open, then says on stderr what opening did (an upgrade and its backup).
Result<Study> open_study(const std::string& path, const CliContext& ctx);

struct PassOptions {
    std::string session, coder, role = "primary", scheme;
    void add_to(CLI::App* cmd, bool scheme_option);
};

struct ResolvedPass {
    Session session;
    Pass pass;
    Scheme scheme;
};
// Finds the pass (creating it when `create`; it then needs a scheme: --scheme FILE,
// or the study's only scheme snapshot).
Result<ResolvedPass> resolve_pass(Study& study, const PassOptions& o, bool create);

}  // namespace attune::cli

namespace attune::cli {
// Runs a command body, turning a broken study file into a clear message.
template <typename Fn>
void run_guarded(CliContext& ctx, Fn&& fn) {
    try {
        ctx.exit_code = fn();
    } catch (const std::exception& e) {
        ctx.exit_code =
            fail(std::string("the study file could not be read or written: ") + e.what());
    }
}
}  // namespace attune::cli
