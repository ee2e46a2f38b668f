#include "attune/coding/audit_trail.hpp"

#include "audit_chain.hpp"
#include "migrations.hpp"
#include "study_access.hpp"

namespace attune {

std::vector<AuditEntry> audit_entries(Study& study, const AuditFilter& filter) {
    auto s = study_db(study).prepare(
        "SELECT id, at, who, action, table_name, op, row_id, pass, label FROM (SELECT a.*, "
        "coalesce(c.scope, json_extract(coalesce(a.new_row, a.old_row), '$.pass_id')) AS pass, "
        "coalesce(c.label, '') AS label FROM audit a LEFT JOIN change_set c ON c.id = "
        "a.change_id) WHERE (?1 IS NULL OR pass = ?1) AND (?2 IS NULL OR who = ?2) "
        "ORDER BY id DESC");
    s.bind(1, filter.pass_id).bind(2, filter.who);
    std::vector<AuditEntry> out;
    while (static_cast<int64_t>(out.size()) < filter.limit && s.step()) {
        const auto pass = s.opt_int64(7);
        if (pass && filter.hidden_passes.count(*pass)) continue;
        out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5),
                       s.int64(6), pass, s.text(8)});
    }
    return out;
}

namespace {

std::string row_words(const sql::Stmt& s) {
    return "audit row " + std::to_string(s.int64(0)) + " (" + s.text(1) + ", by " + s.text(2) +
           ": " + s.text(5) + " of " + s.text(4) + " row " + std::to_string(s.int64(6)) + ")";
}

// The newest audit row of each row of `table` (SQLite takes op and new_row from the
// row that gives max(id)).
std::string newest_images(const std::string& table) {
    return "WITH last AS (SELECT row_id, op, new_row, max(id) AS audit_id FROM audit WHERE "
           "table_name = '" +
           table + "' GROUP BY row_id) ";
}

// Rows of `table` that differ from their newest audit image (in a column the image has:
// a column added by a later format is not in older images), or have none.
void check_rows(sql::Db& db, const std::string& table, std::vector<std::string>& problems) {
    std::string differs, which = "CASE";
    for (const auto& c : detail::columns_of(db, table)) {
        // Both sides as json_object renders them (REAL values keep 15 digits there).
        const std::string path = "'$.\"" + c + "\"'";
        const std::string cmp = "(json_type(last.new_row, " + path +
                                ") IS NOT NULL AND json_extract(last.new_row, " + path +
                                ") IS NOT json_extract(json_object('" + c + "', t.\"" + c +
                                "\"), " + path + "))";
        differs += (differs.empty() ? "" : " OR ") + cmp;
        which += " WHEN " + cmp + " THEN '" + c + "'";
    }
    auto s = db.prepare(newest_images(table) + "SELECT t.id, last.audit_id, last.op, " + which +
                        " END FROM \"" + table + "\" t LEFT JOIN last ON last.row_id = t.id " +
                        "WHERE last.row_id IS NULL OR last.op = 'delete' OR " + differs +
                        " ORDER BY t.id LIMIT 3");
    while (s.step()) {
        const std::string row = table + " row " + std::to_string(s.int64(0));
        if (s.is_null(1))
            problems.push_back(row + " is in no audit row: it was written outside Attune");
        else if (s.text(2) == "delete")
            problems.push_back(row + " is there although audit row " + std::to_string(s.int64(1)) +
                               " deleted it: it was put back outside Attune");
        else
            problems.push_back(row + " differs from its last audited image (audit row " +
                               std::to_string(s.int64(1)) + ") in column " + s.text(3) +
                               ": it was changed outside Attune");
    }
    auto gone = db.prepare(newest_images(table) +
                           "SELECT row_id, audit_id FROM last WHERE op != "
                           "'delete' AND row_id NOT IN (SELECT id FROM \"" +
                           table + "\") ORDER BY row_id LIMIT 3");
    while (gone.step())
        problems.push_back(table + " row " + std::to_string(gone.int64(0)) +
                           " is gone although no audit row deleted it (its last is audit row " +
                           std::to_string(gone.int64(1)) + "): it was removed outside Attune");
}

}  // namespace

std::vector<std::string> rows_unlike_audit_log(Study& study) {
    auto& db = study_db(study);
    std::vector<std::string> problems;
    for (const char* const* t = detail::kAuditedTables; *t != nullptr; ++t)
        if (detail::table_exists(db, *t)) check_rows(db, *t, problems);
    return problems;
}

Result<AuditVerdict> verify_audit_chain(Study& study) {
    auto& db = study_db(study);
    if (!detail::audit_is_chained(db))
        return Error{study.path() + " is study format " + std::to_string(study.format_version()) +
                     ", whose audit log has no hash chain. Open it once with this version of "
                     "Attune (it upgrades the study, keeping a backup) and verify again."};
    auto s = db.prepare(std::string("SELECT id, at, who, action, table_name, op, row_id, "
                                    "prev_hash, hash, attune_audit_hash(") +
                        detail::kHashedAuditColumns +
                        "), json_extract(new_row, '$.chained_rows') FROM audit ORDER BY id");
    AuditVerdict v;
    int64_t expected_id = 1;
    std::optional<std::string> previous;  // the hash of the row before, once there is one
    while (s.step()) {
        ++v.rows;
        const int64_t id = s.int64(0);
        std::string problem;
        if (id == expected_id + 1)
            problem = "row " + std::to_string(expected_id) + " before it is missing";
        else if (id != expected_id)
            problem = "rows " + std::to_string(expected_id) + " to " + std::to_string(id - 1) +
                      " before it are missing";
        else if (s.opt_text(7) != previous)
            problem = "it is not chained to the row before it (that row was changed or removed)";
        else if (s.opt_text(8) != s.text(9))
            problem = "its content no longer matches its hash (it was changed outside Attune)";
        if (!problem.empty() && !v.first_broken) {
            v.first_broken = id;
            v.problem = row_words(s) + ": " + problem;
        }
        if (s.text(4) == "audit" && s.text(3) == "migrate" && !s.is_null(10))
            v.upgrade_note = "The " + std::to_string(s.int64(10)) +
                             " rows written before the study was upgraded to format 4 (" +
                             s.text(1) +
                             ") were chained then: the chain vouches for them "
                             "from that moment on.";
        previous = s.opt_text(8);
        expected_id = id + 1;
        v.head_hash = s.text(8);
    }
    v.rows_unlike_log = rows_unlike_audit_log(study);
    return v;
}

std::string AuditVerdict::describe() const {
    if (first_broken)
        return "The audit log is broken at row " + std::to_string(*first_broken) + ": " + problem +
               ". The rows before it are intact; it and what follows cannot be trusted.";
    if (!rows_unlike_log.empty()) {
        std::string words =
            "The audit log's chain is intact, but the study's data does not match "
            "it: ";
        for (size_t i = 0; i < rows_unlike_log.size(); ++i)
            words += (i ? "; " : "") + rows_unlike_log[i];
        return words + ". The audit log shows the last change Attune made to each of these rows.";
    }
    if (rows == 0) return "The audit log is empty.";
    std::string words =
        "The audit log is intact: " + std::to_string(rows) +
        " rows, each chained to the one before it, and every data row is as its last audit "
        "row left it. Newest row's hash: " +
        head_hash + ".";
    if (!upgrade_note.empty()) words += " " + upgrade_note;
    return words;
}

}  // namespace attune
