#pragma once
#include <string_view>

namespace attune {
// The version of this build, e.g. "0.1.0"; written into study files and exports.
std::string_view version();
}  // namespace attune
