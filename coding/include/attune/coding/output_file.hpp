#pragma once
// Files Attune writes for the user (exports, mappings, schemes, clips): never half-written
// under the real name and never over a study. The bytes go to a temporary file beside the
// target (same folder, so the rename is atomic) that is renamed into place once complete;
// a failure removes it and leaves any earlier file as it was.
#include <functional>
#include <string>

#include "attune/result.hpp"

namespace attune {

// An SQLite file whose application id is Attune's ("ATUN" at byte 68).
bool is_attune_study(const std::string& path);

// `write` fills the temporary path it is given; then it becomes `out`.
Status write_output(const std::string& out, const std::function<Status(const std::string&)>& write);
Status write_text_output(const std::string& out, const std::string& text);  // the same, for text

}  // namespace attune
