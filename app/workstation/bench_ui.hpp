#pragma once
// `attune STUDY --bench-ui SESSION`: measures what a coder feels, on a scratch copy
// of the study (the real one is never written): frame time with the session's pass
// empty and with 20,000 events, key-to-visible latency in frames, and how many
// frames per second holding Right steps through. Prints the figures and quits.
#include <functional>

#include "application.hpp"
#include "options.hpp"

struct GLFWwindow;

namespace attune::app {

int run_bench_ui(Application& app, const std::function<void(bool)>& draw_frame,
                 const Options& options);

}  // namespace attune::app
