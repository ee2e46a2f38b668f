#pragma once
// Test clips are generated at test time into the build tree (never committed).
// ensure_clip() makes a clip once and hands every later caller the same file.
#include <string>

#include "attune/result.hpp"
#include "barcode_clip.hpp"

namespace attune::testing {

// The folder generated clips go to (set by CMake to <build>/clips).
std::string clip_directory();

// Path of a clip built to `spec` (spec.out is ignored); made on first use. The
// file name starts with `name` and carries a hash of the spec, so a changed
// spec never reuses a stale clip. Safe when tests run in parallel.
Result<std::string> ensure_clip(const std::string& name, ClipSpec spec);

}  // namespace attune::testing
