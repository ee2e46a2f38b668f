#pragma once
// What the workstation was asked to do on its command line.
#include <optional>
#include <string>

#include "attune/coding/model.hpp"
#include "attune/result.hpp"

namespace attune::app {

struct Options {
    std::optional<std::string> study;       // a study file to open
    std::optional<std::string> session;     // a session of it to open at once (its label)
    PassRole role = PassRole::Primary;      // the pass to open: primary, reliability, consensus
    std::optional<std::string> coder;       // who codes (default: preferences, else $USER)
    std::optional<std::string> script;      // replay this input script, then quit
    std::optional<std::string> bench_ui;    // measure responsiveness on this session, print, quit
    std::string sound = "device";           // device (null sink if none), null, off
    std::optional<std::string> screenshot;  // write the last frame drawn to this PNG file
    std::optional<int> exit_after_frames;   // quit after drawing this many frames
    std::optional<int> width, height;       // default: the size the window had last time
    // Showing a visit plan: the family's view in a window of its own even with one monitor
    // (with two it has one anyway).
    bool family_window = false;
};

// Parses argv; an error says what was wrong and how to call it instead. `--help`
// prints usage and yields an Error with an empty message (exit 0).
Result<Options> parse_options(int argc, char** argv);

}  // namespace attune::app
