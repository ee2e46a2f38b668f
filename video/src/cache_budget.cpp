#include "attune/video/cache_budget.hpp"

#include <unistd.h>

#include <algorithm>

namespace attune::video {

size_t frame_cache_budget(int width, int height, int bytes_per_sample, uint64_t physical_bytes) {
    if (physical_bytes == 0) physical_bytes = uint64_t{8} << 30;
    const size_t frame = static_cast<size_t>(std::max(width, 1)) *
                         static_cast<size_t>(std::max(height, 1)) * 3 / 2 *
                         static_cast<size_t>(std::max(bytes_per_sample, 1));
    const size_t cap = std::min<size_t>(kMaxCacheBudget, physical_bytes / 32);
    return std::max(std::min(frame * kWantedCachedFrames, cap), frame * kMinCachedFrames);
}

uint64_t physical_memory() {
    const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) : 0;
}

}  // namespace attune::video
