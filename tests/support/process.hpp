#pragma once
// Runs a program for a test and waits for it, never longer than a timeout.
#include <string>
#include <vector>

#include "attune/result.hpp"

namespace attune::testing {

struct ProcessResult {
    int exit_code = -1;  // -1 when killed by a signal or the timeout
    bool timed_out = false;
    std::string output;  // stdout and stderr together
};

Result<ProcessResult> run_process(const std::vector<std::string>& argv, int timeout_seconds);

}  // namespace attune::testing
