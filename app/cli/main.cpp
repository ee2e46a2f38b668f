// attune-cli: the headless program over the coding and video libraries, for
// researchers' scripts. Exit codes: 0 success, 1 the operation failed (the
// message says why), 2 the command line was wrong.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "attune/coding/version.hpp"

int main(int argc, char** argv) {
    CLI::App cli{
        "attune-cli: study files, coding schemes, video checks and statistics for Attune."};
    cli.require_subcommand(0, 1);
    bool show_version = false;
    cli.add_flag("--version", show_version, "Print the version and exit");
    auto* version = cli.add_subcommand("version", "Print the version and exit");
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
    std::printf("%s", cli.help().c_str());
    return 0;
}
