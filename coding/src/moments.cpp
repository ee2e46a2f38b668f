// Moments and the visit plan (study format 6: moment, plan_item); see moments.hpp.
#include "attune/coding/moments.hpp"

#include <algorithm>

#include "attune/coding/utf8.hpp"
#include "study_access.hpp"

namespace attune {
namespace {

// A caption is read aloud and shown in large type under the picture: two short lines.
constexpr size_t kMaxTitleChars = 80;

// The moment's columns in the order moment_from_row reads them.
constexpr const char* kMomentFields =
    "SELECT m.id, m.pass_id, m.start_frame, m.start_us, m.stop_frame, m.stop_us, "
    "m.freeze_frame, m.freeze_us, m.theme, m.kind, m.title, m.caption, m.note";

std::string moments_where(const std::string& where) {
    return std::string(kMomentFields) + " FROM moment m " + where;
}

Moment moment_from_row(const sql::Stmt& q) {
    Moment m;
    m.id = q.int64(0), m.pass_id = q.int64(1);
    m.in = {q.int64(2), q.int64(3)}, m.out = {q.int64(4), q.int64(5)};
    if (auto f = q.opt_int64(6)) m.freeze = FrameTime{*f, q.int64(7)};
    m.theme = q.text(8);
    m.kind = moment_kind_from(q.text(9)).value_or(MomentKind::Strength);
    m.title = q.text(10), m.caption = q.text(11), m.note = q.text(12);
    return m;
}

std::optional<int64_t> opt_frame(const std::optional<FrameTime>& f) {
    return f ? std::optional(f->frame) : std::nullopt;
}
std::optional<int64_t> opt_us(const std::optional<FrameTime>& f) {
    return f ? std::optional(f->t_us) : std::nullopt;
}

std::string moment_label(const Moment& m) {
    return "moment " + std::to_string(m.in.frame) + "-" + std::to_string(m.out.frame);
}

// The pass a plan belongs to and the moment's pass are of one case (or the same pass).
bool same_case(sql::Db& db, int64_t pass_id, int64_t moment_pass_id) {
    if (pass_id == moment_pass_id) return true;
    auto q = db.prepare(
        "SELECT 1 FROM pass a JOIN case_visit va ON va.session_id = a.session_id, pass b JOIN "
        "case_visit vb ON vb.session_id = b.session_id WHERE a.id = ? AND b.id = ? AND "
        "va.case_id = vb.case_id");
    return q.bind_all(pass_id, moment_pass_id).step();
}

void append_to_plan(sql::Db& db, int64_t pass_id, int64_t moment_id) {
    db.prepare(
          "INSERT INTO plan_item (pass_id, moment_id, position) VALUES (?1, ?2, (SELECT "
          "coalesce(max(position), -1) + 1 FROM plan_item WHERE pass_id = ?1))")
        .bind_all(pass_id, moment_id)
        .run();
}

bool in_plan(sql::Db& db, int64_t pass_id, int64_t moment_id) {
    auto q = db.prepare("SELECT 1 FROM plan_item WHERE pass_id = ? AND moment_id = ?");
    return q.bind_all(pass_id, moment_id).step();
}

Status not_in_plan(int64_t moment_id) {
    return Error{"moment " + std::to_string(moment_id) + " is not in this plan"};
}

// Moments with their session's label and plan script: `from` joins the plan (or not) and
// says which rows; its one parameter is a pass id.
std::vector<PlanItem> plan_rows(Study& study, const std::string& from, int64_t pass_id) {
    auto q = study_db(study).prepare(std::string(kMomentFields) + ", s.label, " + from);
    q.bind(1, pass_id);
    std::vector<PlanItem> out;
    while (q.step()) out.push_back({moment_from_row(q), q.text(13), q.text(14)});
    return out;
}

}  // namespace

const char* to_string(MomentKind k) {
    return k == MomentKind::Think ? "think" : "strength";
}

std::optional<MomentKind> moment_kind_from(const std::string& s) {
    if (s == "strength") return MomentKind::Strength;
    if (s == "think") return MomentKind::Think;
    return std::nullopt;
}

std::optional<std::string> moment_problem(const Moment& m) {
    if (m.in.frame < 0) return "a moment starts on a frame of the recording (0 or more)";
    if (m.out.frame < m.in.frame)
        return "the out frame (" + std::to_string(m.out.frame) + ") is before the in frame (" +
               std::to_string(m.in.frame) + ")";
    if (m.freeze && (m.freeze->frame < m.in.frame || m.freeze->frame > m.out.frame))
        return "the freeze frame (" + std::to_string(m.freeze->frame) +
               ") is outside the moment (" + std::to_string(m.in.frame) + "-" +
               std::to_string(m.out.frame) + ")";
    for (const auto* text : {&m.theme, &m.title, &m.caption, &m.note})
        if (invalid_utf8_at(*text))
            return "the moment's text is not valid UTF-8 (save the text as UTF-8 and try again)";
    if (utf8_length(m.caption) > kMaxCaptionChars)
        return "the caption is " + std::to_string(utf8_length(m.caption)) +
               " characters; the family reads it in large type under the picture, so keep it to " +
               std::to_string(kMaxCaptionChars) + " (put the rest in the note or the script)";
    if (utf8_length(m.title) > kMaxTitleChars)
        return "the title is longer than " + std::to_string(kMaxTitleChars) + " characters";
    return std::nullopt;
}

Result<int64_t> insert_moment(sql::Db& db, int64_t pass_id, const Moment& m) {
    if (auto why = moment_problem(m)) return Error{*why};
    db.prepare(
          "INSERT INTO moment (pass_id, start_frame, start_us, stop_frame, stop_us, "
          "freeze_frame, freeze_us, theme, kind, title, caption, note) VALUES (?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?)")
        .bind_all(pass_id, m.in.frame, m.in.t_us, m.out.frame, m.out.t_us, opt_frame(m.freeze),
                  opt_us(m.freeze), m.theme, std::string(to_string(m.kind)), m.title, m.caption,
                  m.note)
        .run();
    const int64_t id = db.last_insert_id();
    append_to_plan(db, pass_id, id);
    return id;
}

Result<int64_t> add_moment(Study& study, int64_t pass_id, const Moment& m) {
    if (auto why = moment_problem(m)) return Error{*why};
    int64_t id = 0;
    auto ok = study.change("add " + moment_label(m), pass_id, [&](sql::Db& db) {
        auto added = insert_moment(db, pass_id, m);
        if (!added) return Status(added.error());
        id = *added;
        return ok_status();
    });
    if (!ok) return ok.error();
    return id;
}

Status update_moment(Study& study, const Moment& m) {
    if (auto why = moment_problem(m)) return Error{*why};
    const auto before = get_moment(study, m.id);
    if (!before) return Error{"there is no moment " + std::to_string(m.id)};
    return study.change("edit " + moment_label(m), before->pass_id, [&](sql::Db& db) {
        db.prepare(
              "UPDATE moment SET start_frame = ?, start_us = ?, stop_frame = ?, stop_us = ?, "
              "freeze_frame = ?, freeze_us = ?, theme = ?, kind = ?, title = ?, caption = ?, "
              "note = ? WHERE id = ?")
            .bind_all(m.in.frame, m.in.t_us, m.out.frame, m.out.t_us, opt_frame(m.freeze),
                      opt_us(m.freeze), m.theme, std::string(to_string(m.kind)), m.title, m.caption,
                      m.note, m.id)
            .run();
        return ok_status();
    });
}

Status remove_moment(Study& study, int64_t moment_id) {
    const auto m = get_moment(study, moment_id);
    if (!m) return Error{"there is no moment " + std::to_string(moment_id)};
    return study.change("delete " + moment_label(*m), m->pass_id, [&](sql::Db& db) {
        // Explicitly, so every plan it was in is audited (and restored by undo).
        db.prepare("DELETE FROM plan_item WHERE moment_id = ?").bind(1, moment_id).run();
        db.prepare("DELETE FROM moment WHERE id = ?").bind(1, moment_id).run();
        return ok_status();
    });
}

std::optional<Moment> get_moment(Study& study, int64_t moment_id) {
    auto q = study_db(study).prepare(moments_where("WHERE m.id = ?"));
    if (!q.bind_all(moment_id).step()) return std::nullopt;
    return moment_from_row(q);
}

std::vector<Moment> list_moments(Study& study, int64_t pass_id) {
    auto q =
        study_db(study).prepare(moments_where("WHERE m.pass_id = ? ORDER BY m.start_frame, m.id"));
    q.bind(1, pass_id);
    std::vector<Moment> out;
    while (q.step()) out.push_back(moment_from_row(q));
    return out;
}

std::vector<PlanItem> visit_plan(Study& study, int64_t pass_id) {
    return plan_rows(study,
                     "i.script FROM plan_item i JOIN moment m ON m.id = i.moment_id JOIN pass p ON "
                     "p.id = m.pass_id JOIN session s ON s.id = p.session_id WHERE i.pass_id = ? "
                     "ORDER BY i.position, i.id",
                     pass_id);
}

std::vector<PlanItem> moments_of_case(Study& study, int64_t pass_id) {
    return plan_rows(study,
                     "'' FROM moment m JOIN pass p ON p.id = m.pass_id JOIN session s ON s.id = "
                     "p.session_id JOIN case_visit v ON v.session_id = s.id WHERE v.case_id = "
                     "(SELECT cv.case_id FROM pass q JOIN case_visit cv ON cv.session_id = "
                     "q.session_id WHERE q.id = ?1) AND m.pass_id != ?1 ORDER BY v.visit, "
                     "m.start_frame, m.id",
                     pass_id);
}

Status add_to_plan(Study& study, int64_t pass_id, int64_t moment_id) {
    const auto m = get_moment(study, moment_id);
    if (!m) return Error{"there is no moment " + std::to_string(moment_id)};
    sql::Db& db = study_db(study);
    if (!same_case(db, pass_id, m->pass_id))
        return Error{"moment " + std::to_string(moment_id) +
                     " is from a session of another case (or of none): a plan shows a family "
                     "only its own film"};
    if (in_plan(db, pass_id, moment_id))
        return Error{"moment " + std::to_string(moment_id) + " is in the plan already"};
    return study.change("plan " + moment_label(*m), pass_id, [&](sql::Db& d) {
        append_to_plan(d, pass_id, moment_id);
        return ok_status();
    });
}

Status remove_from_plan(Study& study, int64_t pass_id, int64_t moment_id) {
    if (!in_plan(study_db(study), pass_id, moment_id)) return not_in_plan(moment_id);
    return study.change("take moment " + std::to_string(moment_id) + " off the plan", pass_id,
                        [&](sql::Db& db) {
                            db.prepare("DELETE FROM plan_item WHERE pass_id = ? AND moment_id = ?")
                                .bind_all(pass_id, moment_id)
                                .run();
                            return ok_status();
                        });
}

Status move_in_plan(Study& study, int64_t pass_id, int64_t moment_id, size_t index) {
    auto plan = visit_plan(study, pass_id);
    const auto at = std::find_if(plan.begin(), plan.end(),
                                 [&](const PlanItem& i) { return i.moment.id == moment_id; });
    if (at == plan.end()) return not_in_plan(moment_id);
    if (index >= plan.size())
        return Error{"the plan has " + std::to_string(plan.size()) +
                     " moments: give a place from 1 to " + std::to_string(plan.size())};
    if (static_cast<size_t>(at - plan.begin()) == index) return ok_status();  // already there
    PlanItem moved = *at;
    plan.erase(at);
    plan.insert(plan.begin() + static_cast<std::ptrdiff_t>(std::min(index, plan.size())), moved);
    return study.change("reorder the plan", pass_id, [&](sql::Db& db) {
        // Only the rows that move, so the audit says what the reordering did.
        auto set = db.prepare(
            "UPDATE plan_item SET position = ?1 WHERE pass_id = ?2 AND moment_id = ?3 AND "
            "position != ?1");
        for (size_t i = 0; i < plan.size(); ++i) {
            set.bind_all(static_cast<int64_t>(i), pass_id, plan[i].moment.id).run();
        }
        return ok_status();
    });
}

Status set_plan_script(Study& study, int64_t pass_id, int64_t moment_id,
                       const std::string& script) {
    if (!in_plan(study_db(study), pass_id, moment_id)) return not_in_plan(moment_id);
    return study.change("script for moment " + std::to_string(moment_id), pass_id,
                        [&](sql::Db& db) {
                            db.prepare(
                                  "UPDATE plan_item SET script = ? WHERE pass_id = ? AND "
                                  "moment_id = ?")
                                .bind_all(script, pass_id, moment_id)
                                .run();
                            return ok_status();
                        });
}

}  // namespace attune
