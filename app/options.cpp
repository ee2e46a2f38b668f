#include "options.hpp"

#include <CLI/CLI.hpp>

namespace attune::app {

Result<Options> parse_options(int argc, char** argv) {
    Options o;
    CLI::App cli{"Attune workstation: frame-exact coding of parent-child observation video."};
    std::string study;
    cli.add_option("study", study, "Study file (*.attune) or recording to open");
    cli.add_option("--screenshot", o.screenshot, "Write the last frame drawn to this PNG file");
    cli.add_option("--exit-after", o.exit_after_frames, "Quit after drawing this many frames")
        ->check(CLI::PositiveNumber);
    cli.add_option("--width", o.width, "Initial window width")->check(CLI::Range(320, 8192));
    cli.add_option("--height", o.height, "Initial window height")->check(CLI::Range(240, 8192));
    try {
        cli.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::printf("%s", cli.help().c_str());
        return Error{""};
    } catch (const CLI::ParseError& e) {
        return Error{std::string(e.what()) + "\nRun 'attune --help' for the options."};
    }
    if (!study.empty()) o.study = study;
    return o;
}

}  // namespace attune::app
