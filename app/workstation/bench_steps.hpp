#pragma once
// The steps `attune --bench-ui` is made of, shared by its files (bench_ui.cpp, bench_seek.cpp).
#include <functional>
#include <string>
#include <vector>

#include "application.hpp"

namespace attune::app::bench_ui {

using DrawFrame = std::function<void(bool)>;

void say_error(const std::string& message);
// Until the video shows what was asked for (or 20 s pass).
void settle(Application& app, const DrawFrame& draw_frame);
// A point behaviour a single key codes (no modifiers to choose, no group to leave).
const BehaviourDef* plain_point(const Scheme& scheme);
// Opens the session and waits for its first frame; the exit code when it cannot.
int open_bench_session(Application& app, const DrawFrame& draw_frame, const Session& session);

// Felt seek latency: from a key press (Down: the next event) or a Go to (a time) until the
// frame asked for is on screen, drawn, on the seek proxy and on the original; mpv's exact
// seeks to the same times, drawing (--vo=gpu) and not (--vo=null). Leaves the pass as it was.
struct SeekFigures {
    std::string proxy_note;  // why the proxy was not measured, when it was not
    double proxy_build_s = 0;
    std::vector<double> event_proxy, time_proxy, event_original, time_original;
    std::vector<double> mpv_gpu, mpv_null;  // the same targets, events then times
    std::string mpv_note;                   // why mpv was not measured, when it was not
};
int measure_seeks(Application& app, const DrawFrame& draw_frame, const Session& session,
                  SeekFigures& out);
void print_seeks(const SeekFigures& f);

// From `attune STUDY --session LABEL` to its first frame on screen, in a process of its own
// (this program, with the index already in the study): milliseconds of each of `runs` runs.
std::vector<double> startup_ms(const std::string& study, const std::string& label, int runs,
                               std::string& problem);

}  // namespace attune::app::bench_ui
