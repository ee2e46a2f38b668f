#pragma once
// Wall-clock and memory helpers shared by both programs' benchmarks.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>
#include <vector>

namespace attune::bench {

using BenchClock = std::chrono::steady_clock;

inline double ms_since(BenchClock::time_point t) {
    return std::chrono::duration<double, std::milli>(BenchClock::now() - t).count();
}

// The q-quantile (0..1) of the samples, nearest rank; 0 for none.
inline double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

// This process's resident memory now and at its peak (VmRSS, VmHWM), in MiB; -1 for a
// figure that cannot be read.
struct ResidentMib {
    double now = -1, peak = -1;
};
inline ResidentMib resident_mib() {
    std::ifstream status("/proc/self/status");
    ResidentMib out;
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) out.now = std::stod(line.substr(6)) / 1024.0;  // kB
        if (line.rfind("VmHWM:", 0) == 0) out.peak = std::stod(line.substr(6)) / 1024.0;
    }
    return out;
}

}  // namespace attune::bench

namespace attune::cli {
using bench::BenchClock;
using bench::ms_since;
using bench::percentile;
using bench::resident_mib;
}  // namespace attune::cli
