#pragma once
// The audit log's hash chain (study format 4). Each audit row stores the SHA-256 of
// its content and of the previous row's hash, so a row changed, removed or reordered
// behind the program's back breaks the chain at that row (audit_trail.hpp verifies it).
//
// The hash is computed in SQL, by the function attune_audit_hash() registered on every
// connection, from the row's fields in a fixed order; the audit triggers call it when
// they write a row and the verifier calls it again on the stored fields, so both use
// one definition. Each field is written as "n;" (NULL), "i<digits>;" (integer) or
// "t<bytes>:<text>" (text), so no two different rows serialise alike.
#include <sqlite3.h>

#include "attune/coding/sqlite.hpp"

namespace attune::detail {

// The audit columns that are hashed, in order (prev_hash last).
inline constexpr const char* kHashedAuditColumns =
    "id, at, who, change_id, action, table_name, row_id, op, old_row, new_row, prev_hash";

void register_audit_hash(sqlite3* db);

// Format 4: adds prev_hash and hash to the audit table and chains the rows already there,
// oldest first.
void chain_audit_log(sql::Db& db);

bool audit_is_chained(sql::Db& db);

}  // namespace attune::detail
