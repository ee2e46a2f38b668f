#pragma once
// Reads PNG screenshots back for UI tests.
#include <cstdint>
#include <string>
#include <vector>

#include "attune/result.hpp"

namespace attune::testing {

struct RgbImage {
    int width = 0, height = 0;
    std::vector<uint8_t> rgb;  // width * height * 3, top row first
    // BT.601 luma of one pixel, 0..255.
    uint8_t luma(int x, int y) const;
};

Result<RgbImage> read_png(const std::string& path);

}  // namespace attune::testing
