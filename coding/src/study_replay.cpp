// Undo, redo and revert: a change's audit rows replayed backwards or forwards, each
// only onto the row image it expects. If a row was changed since (another coder, an
// import, a program outside Attune), the whole replay is refused with a message that
// names who changed it, and nothing is written.
#include <nlohmann/json.hpp>

#include "attune/coding/study.hpp"
#include "study_connection.hpp"

namespace attune {

namespace {

using nlohmann::json;

// Binds a JSON scalar from an audit row image.
void bind_json(sql::Stmt& s, int i, const json& v) {
    if (v.is_null())
        s.bind_null(i);
    else if (v.is_number_integer())
        s.bind(i, v.get<int64_t>());
    else if (v.is_number())
        s.bind(i, v.get<double>());
    else
        s.bind(i, v.get<std::string>());
}

void insert_row(sql::Db& db, const std::string& table, const json& row) {
    std::string cols, marks;
    for (auto it = row.begin(); it != row.end(); ++it) {
        cols += (cols.empty() ? "" : ", ") + it.key();
        marks += marks.empty() ? "?" : ", ?";
    }
    auto s = db.prepare("INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")");
    int i = 0;
    for (auto it = row.begin(); it != row.end(); ++it) bind_json(s, ++i, it.value());
    s.run();
}

void update_row(sql::Db& db, const std::string& table, int64_t id, const json& row) {
    std::string sets;
    for (auto it = row.begin(); it != row.end(); ++it)
        sets += (sets.empty() ? "" : ", ") + it.key() + " = ?";
    auto s = db.prepare("UPDATE " + table + " SET " + sets + " WHERE id = ?");
    int i = 0;
    for (auto it = row.begin(); it != row.end(); ++it) bind_json(s, ++i, it.value());
    s.bind(++i, id).run();
}

void delete_row(sql::Db& db, const std::string& table, int64_t id) {
    db.prepare("DELETE FROM " + table + " WHERE id = ?").bind(1, id).run();
}

// The row as it is now, in the audit log's image form, for the columns of `like`
// (null when there is no such row).
json current_row(sql::Db& db, const std::string& table, int64_t id, const json& like) {
    std::string fields;
    for (auto it = like.begin(); it != like.end(); ++it)
        fields += (fields.empty() ? "'" : ", '") + it.key() + "', " + it.key();
    auto s = db.prepare("SELECT json_object(" + fields + ") FROM " + table + " WHERE id = ?");
    s.bind(1, id);
    return s.step() ? json::parse(s.text(0)) : json();
}

// Who last changed a row after audit row `after`, in words.
std::string changed_since_by(sql::Db& db, const std::string& table, int64_t row_id, int64_t after) {
    auto s = db.prepare(
        "SELECT a.who, coalesce(c.label, ''), a.at FROM audit a "
        "LEFT JOIN change_set c ON c.id = a.change_id "
        "WHERE a.table_name = ? AND a.row_id = ? AND a.id > ? ORDER BY a.id DESC LIMIT 1");
    s.bind_all(table, row_id, after);
    if (!s.step()) return "outside Attune";
    std::string who = "by " + s.text(0);
    if (!s.text(1).empty()) who += " (\"" + s.text(1) + "\", " + s.text(2) + ")";
    return who;
}

int64_t newest_audit_row(sql::Db& db) {
    auto s = db.prepare("SELECT coalesce(max(id), 0) FROM audit");
    s.step();
    return s.int64(0);
}

}  // namespace

Status Study::replay_change(const ChangeSummary& change, bool backwards) {
    db_->exec("PRAGMA defer_foreign_keys = ON");
    const int64_t audit_before = newest_audit_row(*db_);
    int64_t replayed = 0;
    auto rows =
        db_->prepare(std::string("SELECT id, table_name, row_id, op, old_row, new_row FROM audit "
                                 "WHERE change_id = ? AND action = 'do' ORDER BY id ") +
                     (backwards ? "DESC" : "ASC"));
    rows.bind(1, change.id);
    while (rows.step()) {
        const std::string table = rows.text(1), op = rows.text(3);
        const int64_t id = rows.int64(2);
        const json old_row = rows.is_null(4) ? json() : json::parse(rows.text(4));
        const json new_row = rows.is_null(5) ? json() : json::parse(rows.text(5));
        // What must be there now, and what the replay leaves there.
        const json& expected = backwards ? new_row : old_row;
        const json& wanted = backwards ? old_row : new_row;
        const json now = current_row(*db_, table, id, expected.is_null() ? wanted : expected);
        const bool as_expected = expected.is_null() ? now.is_null() : now == expected;
        if (!as_expected)
            return Error{std::string("Cannot ") + (backwards ? "undo" : "redo") + " \"" +
                         change.label + "\": the " + table + " it changed was changed since " +
                         changed_since_by(*db_, table, id, rows.int64(0)) + ". Nothing was " +
                         (backwards ? "undone" : "redone") + "."};
        if (wanted.is_null())
            delete_row(*db_, table, id);
        else if (expected.is_null())
            insert_row(*db_, table, wanted);
        else
            update_row(*db_, table, id, wanted);
        ++replayed;
    }
    // Each replayed row writes one audit row. More means deleting a row took others with it
    // (ON DELETE CASCADE: the events coded since in a pass this change created): refuse.
    auto written = db_->prepare("SELECT count(*) FROM audit WHERE id > ?");
    written.bind(1, audit_before);
    written.step();
    if (written.int64(0) != replayed)
        return Error{std::string("Cannot ") + (backwards ? "undo" : "redo") + " \"" + change.label +
                     "\": what it " + (backwards ? "added" : "removed") +
                     " now holds rows added since (for example events coded in a pass it "
                     "created). Nothing was " +
                     (backwards ? "undone" : "redone") + "."};
    if (backwards)
        db_->prepare(
               "UPDATE change_set SET status = 'undone', undo_seq = "
               "(SELECT coalesce(max(undo_seq), 0) + 1 FROM change_set) WHERE id = ?")
            .bind(1, change.id)
            .run();
    else
        db_->prepare("UPDATE change_set SET status = 'applied', undo_seq = NULL WHERE id = ?")
            .bind(1, change.id)
            .run();
    return ok_status();
}

Result<std::optional<ChangeSummary>> Study::undo(std::optional<int64_t> scope, Whose whose) {
    return replay(scope, true, whose);
}
Result<std::optional<ChangeSummary>> Study::redo(std::optional<int64_t> scope, Whose whose) {
    return replay(scope, false, whose);
}

Result<std::optional<ChangeSummary>> Study::replay(std::optional<int64_t> scope, bool backwards,
                                                   Whose whose) {
    if (auto ok = guard_write(); !ok) return ok.error();
    try {
        sql::Transaction tx(*db_);
        const std::string mine = whose == Whose::Mine ? "AND who = ?2 AND program = ?3 " : "";
        auto pick = db_->prepare(
            backwards
                ? "SELECT id, label FROM change_set WHERE scope IS ?1 AND status = 'applied' " +
                      mine + "ORDER BY id DESC LIMIT 1"
                : "SELECT id, label FROM change_set WHERE scope IS ?1 AND status = 'undone' " +
                      mine + "ORDER BY undo_seq DESC LIMIT 1");
        pick.bind(1, scope);
        if (whose == Whose::Mine) pick.bind(2, state_->user).bind(3, state_->program);
        if (!pick.step()) return std::optional<ChangeSummary>();
        const ChangeSummary change{pick.int64(0), pick.text(1)};
        detail::ChangeTag tag(*state_, change.id, backwards ? "undo" : "redo");
        if (auto ok = replay_change(change, backwards); !ok) return ok.error();
        tx.commit();
        state_->unsaved.reset();
        state_->wrote = true;
        return std::optional<ChangeSummary>(change);
    } catch (const std::exception& e) {
        return failed_write(e);
    }
}

Result<ChangeSummary> Study::revert(int64_t change_id) {
    if (auto ok = guard_write(); !ok) return ok.error();
    try {
        sql::Transaction tx(*db_);
        auto pick = db_->prepare("SELECT label, status FROM change_set WHERE id = ?");
        pick.bind(1, change_id);
        if (!pick.step())
            return Error{"the study has no change " + std::to_string(change_id) +
                         "; list them with: attune-cli changes STUDY"};
        const ChangeSummary change{change_id, pick.text(0)};
        if (pick.text(1) != "applied")
            return Error{"change " + std::to_string(change_id) + " (\"" + change.label + "\") is " +
                         pick.text(1) + ", not applied: there is nothing to revert"};
        detail::ChangeTag tag(*state_, change.id, "undo");
        if (auto ok = replay_change(change, true); !ok) return ok.error();
        // Reverted on purpose by someone who named it: nobody's redo brings it back.
        db_->prepare("UPDATE change_set SET status = 'dropped' WHERE id = ?")
            .bind(1, change.id)
            .run();
        tx.commit();
        state_->unsaved.reset();
        state_->wrote = true;
        return change;
    } catch (const std::exception& e) {
        return failed_write(e);
    }
}

}  // namespace attune
