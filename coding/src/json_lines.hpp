#pragma once
// Maps JSON paths (/behaviors/3/key) to the line where that value starts, so
// scheme errors can say where to look. A tolerant scanner: it assumes the text
// already parsed as JSON.
#include <map>
#include <string>

namespace attune::detail {
std::map<std::string, int> json_value_lines(const std::string& text);
}  // namespace attune::detail
