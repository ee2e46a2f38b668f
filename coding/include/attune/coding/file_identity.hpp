#pragma once
// Identity of a recording file, so a moved or replaced file is recognised:
// its size and the SHA-256 of its first and last MiB ("size:N sha256:HEX").
#include <string>

#include "attune/result.hpp"

namespace attune {
Result<std::string> file_identity(const std::string& path);
}  // namespace attune
