#pragma once
// Reading chosen members of a ZIP archive into memory (libzip), for the peers' project files
// that are ZIP archives (Datavyu .opf, Observer XT .otb). Nothing is extracted to disk; each
// member is capped in size (a zip bomb stops at the cap), an archive with a member named
// outside it ("../x", "/x", "C:\\x") is refused whole, and `__MACOSX/` resource-fork junk is
// never offered.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "attune/result.hpp"

namespace attune::interop {

// `wanted` gets each member's name and gives the key to keep it under (nullopt: skip it).
// Two members under one key are refused: which one the file means is unclear. `what` names
// the file in messages ("a Datavyu project (a .opf is a ZIP archive)").
Result<std::map<std::string, std::string>> zip_members(
    const std::string& path, const std::string& what,
    const std::function<std::optional<std::string>(const std::string& name)>& wanted,
    size_t max_bytes);

}  // namespace attune::interop
