#pragma once
// Wall-clock helpers shared by both programs' benchmarks.
#include <algorithm>
#include <chrono>
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

}  // namespace attune::bench

namespace attune::cli {
using bench::BenchClock;
using bench::ms_since;
using bench::percentile;
}  // namespace attune::cli
