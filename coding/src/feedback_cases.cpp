// Cases (families) and their visits (study format 6: feedback_case, case_visit).
#include <algorithm>
#include <cctype>

#include "attune/coding/dates.hpp"
#include "attune/coding/feedback.hpp"
#include "study_access.hpp"

namespace attune {
namespace {

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

std::optional<int64_t> case_id(sql::Db& db, const std::string& code) {
    auto q = db.prepare("SELECT id FROM feedback_case WHERE code = ?");
    if (!q.bind_all(code).step()) return std::nullopt;
    return q.int64(0);
}

std::vector<CaseVisit> visits_of(sql::Db& db, int64_t id,
                                 const std::optional<FeedbackProtocol>& protocol) {
    auto q = db.prepare(
        "SELECT v.session_id, s.label, v.visit, v.visit_date FROM case_visit v JOIN session s ON "
        "s.id = v.session_id WHERE v.case_id = ? ORDER BY v.visit");
    q.bind(1, id);
    std::vector<CaseVisit> out;
    while (q.step()) {
        CaseVisit v{q.int64(0), q.text(1), q.integer(2), q.opt_text(3), ""};
        if (protocol)
            if (const auto* pv = protocol->visit(v.visit)) v.theme = pv->theme;
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<FeedbackCase> cases_where(Study& study, const std::string& where, const auto& arg) {
    sql::Db& db = study_db(study);
    auto q = db.prepare("SELECT id, code, protocol FROM feedback_case " + where + " ORDER BY code");
    if (!where.empty()) q.bind(1, arg);
    std::vector<FeedbackCase> out;
    while (q.step()) {
        FeedbackCase c;
        c.id = q.int64(0), c.code = q.text(1);
        if (const std::string text = q.text(2); !text.empty())
            if (auto p = load_protocol_text(text, "case " + c.code + "'s protocol"))
                c.protocol = *p;
        out.push_back(std::move(c));
    }
    for (auto& c : out) c.visits = visits_of(db, c.id, c.protocol);
    return out;
}

// Why the session cannot be a visit of this case: it is a visit of another case, or it is
// another participant's (a case is one family: its films are shown only to it).
std::optional<std::string> not_this_family(sql::Db& db, int64_t case_id, const std::string& code,
                                           int64_t session_id) {
    auto other = db.prepare(
        "SELECT c.code, v.visit FROM case_visit v JOIN feedback_case c ON c.id = v.case_id "
        "WHERE v.session_id = ? AND v.case_id != ?");
    if (other.bind_all(session_id, case_id).step())
        return "that session is visit " + std::to_string(other.integer(1)) + " of case " +
               other.text(0) + "; a session belongs to one family's case";
    auto family = db.prepare(
        "SELECT p.code, q.code FROM session s JOIN participant p ON p.id = s.participant_id, "
        "case_visit v JOIN session t ON t.id = v.session_id JOIN participant q ON q.id = "
        "t.participant_id WHERE s.id = ? AND v.case_id = ? AND q.id != p.id LIMIT 1");
    if (family.bind_all(session_id, case_id).step())
        return "that session is participant " + family.text(0) + "'s, and case " + code +
               " holds participant " + family.text(1) + "'s visits: a case is one family";
    return std::nullopt;
}

}  // namespace

Result<int64_t> add_case(Study& study, const std::string& code,
                         const std::optional<FeedbackProtocol>& protocol) {
    if (blank(code)) return Error{"a case needs a code (the family's pseudonymous code)"};
    if (case_id(study_db(study), code))
        return Error{"the study has a case " + code + " already (attune-cli case list)"};
    int64_t id = 0;
    auto ok = study.change("add case " + code, std::nullopt, [&](sql::Db& db) {
        db.prepare(
              "INSERT INTO feedback_case (code, protocol, created_at) VALUES (?, ?, "
              "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
            .bind_all(code, protocol ? protocol->json : std::string())
            .run();
        id = db.last_insert_id();
        return ok_status();
    });
    if (!ok) return ok.error();
    return id;
}

Status set_case_visit(Study& study, const std::string& case_code, int64_t session_id, int visit,
                      const std::optional<std::string>& date) {
    sql::Db& db = study_db(study);
    const auto id = case_id(db, case_code);
    if (!id) return Error{"the study has no case " + case_code + " (attune-cli case add)"};
    if (visit < 1) return Error{"visits are numbered from 1"};
    if (date && !is_calendar_date(*date))
        return Error{"the visit date must be a calendar date written YYYY-MM-DD"};
    if (auto why = not_this_family(db, *id, case_code, session_id)) return Error{*why};
    auto taken = db.prepare(
        "SELECT s.label FROM case_visit v JOIN session s ON s.id = v.session_id WHERE "
        "v.case_id = ? AND v.visit = ? AND v.session_id != ?");
    if (taken.bind_all(*id, visit, session_id).step())
        return Error{"visit " + std::to_string(visit) + " of case " + case_code + " is session " +
                     taken.text(0) + " already"};
    return study.change(
        "visit " + std::to_string(visit) + " of case " + case_code, std::nullopt, [&](sql::Db& d) {
            d.prepare("DELETE FROM case_visit WHERE session_id = ?").bind(1, session_id).run();
            d.prepare(
                 "INSERT INTO case_visit (case_id, session_id, visit, visit_date) VALUES (?, ?, "
                 "?, ?)")
                .bind_all(*id, session_id, visit, date)
                .run();
            return ok_status();
        });
}

std::vector<FeedbackCase> list_cases(Study& study) {
    return cases_where(study, "", 0);
}

std::optional<FeedbackCase> find_case(Study& study, const std::string& code) {
    auto found = cases_where(study, "WHERE code = ?", code);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::optional<FeedbackCase> case_of_session(Study& study, int64_t session_id) {
    auto found = cases_where(
        study, "WHERE id = (SELECT case_id FROM case_visit WHERE session_id = ?)", session_id);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::string theme_for_moments_of(Study& study, int64_t session_id) {
    const auto c = case_of_session(study, session_id);
    if (!c || !c->protocol) return "";
    for (const auto& v : c->visits)
        if (v.session_id == session_id)
            if (const auto* next = c->protocol->visit(v.visit + 1)) return next->theme;
    return "";
}

std::string theme_title(Study& study, int64_t session_id, const std::string& theme) {
    const auto c = case_of_session(study, session_id);
    if (c && c->protocol)
        for (const auto& v : c->protocol->visits)
            if (v.theme == theme) return v.title;
    return theme;
}

}  // namespace attune
