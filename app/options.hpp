#pragma once
// What the workstation was asked to do on its command line.
#include <optional>
#include <string>

#include "attune/result.hpp"

namespace attune::app {

struct Options {
    std::optional<std::string> study;       // a study file to open
    std::optional<std::string> screenshot;  // write the last drawn frame here as PNG
    std::optional<int> exit_after_frames;   // quit after drawing this many frames
    int width = 1280;
    int height = 800;
};

// Parses argv; an error says what was wrong and how to call it instead. `--help`
// prints usage and yields an Error with an empty message (exit 0).
Result<Options> parse_options(int argc, char** argv);

}  // namespace attune::app
