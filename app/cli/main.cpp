// attune-cli: the headless program over the coding and video libraries, for
// researchers' scripts. Exit codes: 0 success; 1 the operation failed or found
// problems (the message says what to do); 2 the command line was wrong.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>

#include "attune/coding/version.hpp"
#include "attune/video/ffmpeg_log.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
    CLI::App cli{
        "attune-cli: study files, coding schemes, video checks and statistics for Attune.\n"
        "Exit codes: 0 success, 1 failed or problems found, 2 wrong command line."};
    cli.require_subcommand(0, 1);
    attune::video::quiet_ffmpeg_log();  // errors only, each said once
    attune::cli::CliContext ctx;
    const char* env_user = std::getenv("USER");
    ctx.user = env_user ? env_user : "unknown";
    bool show_version = false;
    cli.add_flag("--version", show_version, "Print the version and exit");
    cli.add_option("--user", ctx.user, "Who is making changes (recorded in the audit log)")
        ->capture_default_str();
    ctx.progress = ::isatty(STDERR_FILENO);
    cli.add_flag_callback(
           "--progress", [&ctx] { ctx.progress = true; },
           "Show the progress of long work on stderr even when it is not a terminal")
        ->trigger_on_parse();
    auto* version = cli.add_subcommand("version", "Print the version and exit");
    attune::cli::add_scheme_commands(cli, ctx);
    attune::cli::add_study_commands(cli, ctx);
    attune::cli::add_event_commands(cli, ctx);
    attune::cli::add_interop_commands(cli, ctx);
    attune::cli::add_judgement_commands(cli, ctx);
    attune::cli::add_stats_commands(cli, ctx);
    attune::cli::add_video_commands(cli, ctx);
    attune::cli::add_change_commands(cli, ctx);
    attune::cli::add_review_commands(cli, ctx);
    attune::cli::add_comment_commands(cli, ctx);
    attune::cli::add_feedback_commands(cli, ctx);
    attune::cli::add_feedback_media_commands(cli, ctx);
    attune::cli::add_double_coding_commands(cli, ctx);
    attune::cli::add_reliability_commands(cli, ctx);
    attune::cli::add_bench_commands(cli, ctx);
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e) == 0 ? 0 : 2;
    }
    if (show_version || version->parsed()) {
        std::printf("attune-cli %.*s\n", static_cast<int>(attune::version().size()),
                    attune::version().data());
        return 0;
    }
    if (cli.get_subcommands().empty()) std::printf("%s", cli.help().c_str());
    return ctx.exit_code;
}
