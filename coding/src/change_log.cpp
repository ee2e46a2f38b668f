#include "attune/coding/change_log.hpp"

#include "study_access.hpp"

namespace attune {

std::vector<ChangeRecord> list_changes(Study& study, std::optional<int64_t> pass_id) {
    auto s = study_db(study).prepare(
        "SELECT c.id, c.created_at, c.who, c.program, c.label, c.status, c.scope, "
        "coalesce(se.label, ''), coalesce(co.name, ''), coalesce(p.role, ''), "
        "(SELECT count(*) FROM audit a WHERE a.change_id = c.id AND a.action = 'do') "
        "FROM change_set c LEFT JOIN pass p ON p.id = c.scope "
        "LEFT JOIN session se ON se.id = p.session_id LEFT JOIN coder co ON co.id = p.coder_id "
        "WHERE ?1 IS NULL OR c.scope = ?1 ORDER BY c.id DESC");
    s.bind(1, pass_id);
    std::vector<ChangeRecord> out;
    while (s.step())
        out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5),
                       s.opt_int64(6), s.text(7), s.text(8), s.text(9), s.int64(10)});
    return out;
}

}  // namespace attune
