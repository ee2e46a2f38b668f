#include "options.hpp"

#include <CLI/CLI.hpp>

#include "option_checks.hpp"

namespace attune::app {

Result<Options> parse_options(int argc, char** argv) {
    Options o;
    CLI::App cli{"Attune workstation: frame-exact coding of parent-child observation video."};
    std::string study, session, role = "primary", coder, script, bench;
    cli.add_option("study", study, "Study file (*.attune) to open");
    cli.add_option("--session", session, "Open this session of the study (its label) at once");
    cli.add_option("--role", role, "Pass to open: primary, reliability or consensus")
        ->check(CLI::IsMember({"primary", "reliability", "consensus"}));
    cli.add_option("--coder", coder, "Coder name for the pass (default: your login name)");
    cli.add_option("--script", script, "Replay timed input from this file, then quit")
        ->check(CLI::ExistingFile);
    cli.add_option("--bench-ui", bench,
                   "Measure frame time, key-to-visible latency and hold-to-step rate on this "
                   "session of the study (on a scratch copy), print them and quit");
    cli.add_option("--sound", o.sound, "device (the default; silent if none), null or off")
        ->check(CLI::IsMember({"device", "null", "off"}));
    cli.add_option("--screenshot", o.screenshot,
                   "Write the last frame drawn to this PNG file (and the family's window, while "
                   "a plan is shown in one, to FILE.family.png)");
    cli.add_flag("--family-window", o.family_window,
                 "Showing a visit plan: the family's view in a second window even with one "
                 "monitor");
    cli.add_option("--exit-after", o.exit_after_frames, "Quit after drawing this many frames")
        ->check(options::whole_number(1, std::numeric_limits<int>::max()));
    cli.add_option("--width", o.width, "Initial window width")
        ->check(options::whole_number(320, 8192));
    cli.add_option("--height", o.height, "Initial window height")
        ->check(options::whole_number(240, 8192));
    try {
        cli.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::printf("%s", cli.help().c_str());
        return Error{""};
    } catch (const CLI::ParseError& e) {
        return Error{std::string(e.what()) + "\nRun 'attune --help' for the options."};
    }
    if (!study.empty()) o.study = study;
    if (!session.empty()) o.session = session;
    if (!coder.empty()) o.coder = coder;
    if (!script.empty()) o.script = script;
    if (!bench.empty()) o.bench_ui = bench;
    o.role = *pass_role_from(role);
    if ((o.session || o.bench_ui) && !o.study)
        return Error{
            "--session and --bench-ui need a study file: attune STUDY.attune --session P01"};
    return o;
}

}  // namespace attune::app
