// Every attune-cli command, found by walking the help itself (so a new command cannot be
// missed), answers --help with exit code 0 and refuses an unknown option with exit code
// 2 and a message naming it.
#include <catch2/catch.hpp>
#include <sstream>

#include "cli_support.hpp"

using namespace attune::testing;

namespace {

// The names listed under "Subcommands:" in a help text.
std::vector<std::string> subcommands(const std::string& help) {
    std::vector<std::string> names;
    std::istringstream in(help);
    std::string line;
    bool listing = false;
    while (std::getline(in, line)) {
        if (line.rfind("Subcommands:", 0) == 0) {
            listing = true;
            continue;
        }
        if (!listing) continue;
        if (line.empty() || line[0] != ' ') break;
        std::istringstream words(line);
        std::string name;
        words >> name;
        if (!name.empty()) names.push_back(name);
    }
    return names;
}

void walk(std::vector<std::string> command, std::vector<std::vector<std::string>>& all) {
    all.push_back(command);
    auto help = command;
    help.push_back("--help");
    const ProcessResult r = cli(help);
    for (const auto& name : subcommands(r.output)) {
        auto sub = command;
        sub.push_back(name);
        walk(sub, all);
    }
}

}  // namespace

TEST_CASE("every attune-cli command answers --help and refuses an unknown option with code 2",
          "[cli]") {
    std::vector<std::vector<std::string>> commands;
    walk({}, commands);
    REQUIRE(commands.size() > 20);  // the program, its groups and their commands
    for (const auto& command : commands) {
        std::string name;
        for (const auto& w : command) name += w + " ";
        INFO("attune-cli " << name);
        auto help = command;
        help.push_back("--help");
        const ProcessResult h = cli(help);
        CHECK(h.exit_code == 0);
        CHECK_THAT(h.output, Catch::Contains("Usage:"));
        auto bad = command;
        bad.push_back("--no-such-option");
        const ProcessResult b = cli(bad);
        CHECK(b.exit_code == 2);
        CHECK_THAT(b.output, Catch::Contains("--no-such-option") || Catch::Contains("required"));
    }
}
