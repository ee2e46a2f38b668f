#include "attune/coding/study_settings.hpp"

#include "study_access.hpp"

namespace attune {

std::optional<std::string> study_setting(Study& study, const std::string& name) {
    auto s = study_db(study).prepare("SELECT value FROM study_setting WHERE name = ?");
    s.bind(1, name);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

Status set_study_setting(Study& study, const std::string& name,
                         const std::optional<std::string>& value, const std::string& label) {
    return study.change(label, std::nullopt, [&](sql::Db& db) {
        if (!value) {
            db.prepare("DELETE FROM study_setting WHERE name = ?").bind(1, name).run();
            return ok_status();
        }
        db.prepare(
              "INSERT INTO study_setting (name, value) VALUES (?1, ?2) "
              "ON CONFLICT (name) DO UPDATE SET value = ?2")
            .bind_all(name, *value)
            .run();
        return ok_status();
    });
}

}  // namespace attune
