#pragma once
// The audit log as a supervisor reads it: who changed what and when (filterable by
// pass and by coder), and the check of its hash chain (study format 4: each row holds
// the SHA-256 of its content and of the row before it, coding/src/audit_chain.hpp).
//
// What the chain proves and what it cannot: a row changed, removed or put out of order
// by another program breaks the chain at that row, and verify names it. Rows removed
// from the end leave a shorter chain that is still whole; the newest row's hash
// (AuditVerdict::head_hash), written down in a report or a sign-off, is what shows that.
// Reading never writes.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "attune/coding/study.hpp"

namespace attune {

struct AuditEntry {
    int64_t id = 0;
    std::string at, who, action, table, op;  // action: do, undo, redo, migrate
    int64_t row_id = 0;
    std::optional<int64_t> pass_id;  // the pass changed in, or the row belongs to (a sign-off)
    std::string change_label;
};

struct AuditFilter {
    std::optional<int64_t> pass_id;
    std::optional<std::string> who;
    int64_t limit = 500;  // newest first
    // Passes whose rows are left out (those a blind reliability coder may not see: their
    // change labels name codes; blinding.hpp's passes_hidden_from).
    std::set<int64_t> hidden_passes;
};

std::vector<AuditEntry> audit_entries(Study& study, const AuditFilter& filter);

struct AuditVerdict {
    int64_t rows = 0;
    std::optional<int64_t> first_broken;  // the first row whose chain does not hold
    std::string problem;                  // what is wrong with it, in words
    std::string head_hash;                // the newest row's hash (empty if none)
    std::string upgrade_note;  // when the rows of an older study were chained, if they were
    // Data rows that do not match the audit log (rows_unlike_audit_log), a few per table.
    std::vector<std::string> rows_unlike_log;
    bool intact() const { return !first_broken && rows_unlike_log.empty(); }
    std::string describe() const;
};

// The study's data rows that the audit log does not account for, in words (at most three
// per table, of each kind): a row that differs from its newest audit image (in the columns
// the image has), a row no audit row wrote, one put back after its deletion, and one
// removed without an audit row. Writes that bypass the audit triggers (another SQLite tool
// that dropped them) leave exactly these traces.
std::vector<std::string> rows_unlike_audit_log(Study& study);

// Checks every row of the chain, oldest first, then the data rows against it. A study older than
// format 4 has no chain: the error says so (opening it with this build upgrades and chains it).
Result<AuditVerdict> verify_audit_chain(Study& study);

}  // namespace attune
