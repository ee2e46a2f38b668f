#pragma once
// Runs a program for a test and waits for it, never longer than a timeout.
#include <string>
#include <vector>

#include "attune/result.hpp"

namespace attune::testing {

struct ProcessResult {
    int exit_code = -1;  // -1 when killed by a signal or the timeout
    bool timed_out = false;
    bool killed = false;  // killed because its output showed `kill_when_seen`
    std::string output;   // stdout and stderr together
};

// With `kill_when_seen`, the program (and its children) get SIGKILL as soon as their output
// holds that text: a test of what a program killed mid-work leaves behind.
Result<ProcessResult> run_process(const std::vector<std::string>& argv, int timeout_seconds,
                                  const std::string& kill_when_seen = "");

}  // namespace attune::testing
