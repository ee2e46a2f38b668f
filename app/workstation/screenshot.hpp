#pragma once
#include <string>

#include "attune/result.hpp"

namespace attune::app {
// Reads the current framebuffer (width x height, origin bottom-left) and writes it
// top-down as an RGB PNG. Call after rendering and before swapping buffers.
Status write_framebuffer_png(const std::string& path, int width, int height);
}  // namespace attune::app
