#pragma once
// The study file's schema, one migration per format version.
#include <string>
#include <vector>

#include "attune/coding/sqlite.hpp"

namespace attune::detail {

// Applies the step that takes a study from format `to - 1` to `to` (inside the
// caller's transaction, with foreign keys off: format 3 rebuilds tables) and sets
// PRAGMA user_version = to.
void apply_migration(sql::Db& db, int to);

// Tables whose every row change is audited and undoable.
extern const char* const kAuditedTables[];

std::vector<std::string> columns_of(sql::Db& db, const std::string& table);
bool table_exists(sql::Db& db, const std::string& table);

}  // namespace attune::detail
