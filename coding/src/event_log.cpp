#include "attune/coding/event_log.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "study_access.hpp"

namespace attune {

std::string modifiers_to_json(const std::map<std::string, std::string>& m) {
    return nlohmann::json(m).dump();
}

std::map<std::string, std::string> modifiers_from_json(const std::string& text) {
    if (text.empty() || text == "{}") return {};  // most events: no parse needed
    return nlohmann::json::parse(text).get<std::map<std::string, std::string>>();
}

EventLog::EventLog(Study& study, const Scheme& scheme, int64_t pass_id)
    : study_(study), scheme_(scheme), pass_(pass_id) {}

std::vector<std::string> modifier_problems(const BehaviourDef& b,
                                           const std::map<std::string, std::string>& given) {
    std::vector<std::string> out;
    auto choices = [](const ModifierDef& m) {
        std::string s;
        for (const auto& v : m.values) s += (s.empty() ? "" : " | ") + v;
        return s;
    };
    for (const auto& [id, value] : given) {
        auto def = std::find_if(b.modifiers.begin(), b.modifiers.end(),
                                [&name = id](const ModifierDef& m) { return m.id == name; });
        if (def == b.modifiers.end()) {
            out.push_back(b.id + " has no modifier '" + id + "'");
        } else if ((def->kind == ModifierKind::Single) &&
                   std::find(def->values.begin(), def->values.end(), value) == def->values.end()) {
            out.push_back(b.id + " modifier '" + id + "' cannot be '" + value + "'; choose " +
                          choices(*def));
        } else if (def->kind == ModifierKind::Numeric) {
            std::istringstream in(value);
            double d;
            if (!(in >> d) || !in.eof())
                out.push_back(b.id + " modifier '" + id + "' must be a number, not '" + value +
                              "'");
        }
    }
    for (const auto& m : b.modifiers)
        if (m.required && !given.count(m.id))
            out.push_back(b.id + " needs modifier '" + m.id + "'" +
                          (m.values.empty() ? "" : " (" + choices(m) + ")"));
    return out;
}

std::optional<std::string> EventLog::modifier_problem(
    const std::string& behaviour, const std::map<std::string, std::string>& given) const {
    const BehaviourDef* b = scheme_.behaviour(behaviour);
    if (!b) return "'" + behaviour + "' is not a behaviour of scheme " + scheme_.id;
    auto problems = modifier_problems(*b, given);
    if (problems.empty()) return std::nullopt;
    return problems.front();
}

int64_t insert_event(sql::Db& db, int64_t pass_id, const Event& e) {
    db.cached(
          "INSERT INTO event (pass_id, subject, behaviour, start_frame, start_us, stop_frame, "
          "stop_us, modifiers, comment) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(pass_id, e.subject, e.behaviour, e.start_frame, e.start_us, e.stop_frame,
                  e.stop_us, modifiers_to_json(e.modifiers), e.comment)
        .run();
    return db.last_insert_id();
}

Status EventLog::insert(sql::Db& db, const Event& e, int64_t* id) const {
    const int64_t inserted = insert_event(db, pass_, e);
    if (id) *id = inserted;
    return ok_status();
}

namespace {
constexpr const char* kBoutColumns =
    "id, subject, behaviour, start_frame, start_us, stop_frame, stop_us, modifiers, comment";
Event read_bout(const sql::Stmt& s, int64_t pass) {
    Event e;
    e.id = s.int64(0);
    e.pass_id = pass;
    e.subject = s.text(1);
    e.behaviour = s.text(2);
    e.start_frame = s.int64(3);
    e.start_us = s.int64(4);
    e.stop_frame = s.opt_int64(5);
    e.stop_us = s.opt_int64(6);
    e.modifiers = modifiers_from_json(s.text(7));
    e.comment = s.text(8);
    return e;
}
// "behaviour IN (?, ?, ?)" for n behaviours (a statement per group size, cached).
std::string behaviour_in(size_t n) {
    std::string out = "behaviour IN (";
    for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
    return out + ")";
}
}  // namespace

std::optional<Event> EventLog::running(const std::string& behaviour) const {
    auto& s =
        study_db(study_).cached(std::string("SELECT ") + kBoutColumns +
                                " FROM event WHERE pass_id = ? AND behaviour = ? AND stop_frame "
                                "IS NULL ORDER BY start_frame DESC, id DESC LIMIT 1");
    s.bind_all(pass_, behaviour);
    std::optional<Event> out;
    if (s.step()) out = read_bout(s, pass_);
    s.reset();
    return out;
}

std::optional<Event> EventLog::bout_at(const std::string& behaviour, int64_t frame) const {
    auto on = bouts_at({behaviour}, frame);
    if (on.empty()) return std::nullopt;
    return on.front();
}

std::vector<Event> EventLog::bouts_at(const std::vector<std::string>& behaviours,
                                      int64_t frame) const {
    // One walk down the pass's index from `frame` for the whole group, not one per member.
    auto& s = study_db(study_).cached(std::string("SELECT ") + kBoutColumns +
                                      " FROM event WHERE pass_id = ? AND start_frame <= ? AND "
                                      "(stop_frame IS NULL OR stop_frame > ?) AND " +
                                      behaviour_in(behaviours.size()) +
                                      " ORDER BY start_frame DESC, id DESC");
    s.bind_all(pass_, frame, frame);
    for (size_t i = 0; i < behaviours.size(); ++i) s.bind(static_cast<int>(i) + 4, behaviours[i]);
    std::vector<Event> out;
    while (s.step()) out.push_back(read_bout(s, pass_));
    s.reset();
    return out;
}

std::optional<FrameTime> EventLog::next_start(const std::vector<std::string>& behaviours,
                                              int64_t frame) const {
    auto& s = study_db(study_).cached(
        "SELECT start_frame, start_us FROM event WHERE pass_id = ? AND start_frame > ? AND " +
        behaviour_in(behaviours.size()) + " ORDER BY start_frame, id LIMIT 1");
    s.bind_all(pass_, frame);
    for (size_t i = 0; i < behaviours.size(); ++i) s.bind(static_cast<int>(i) + 3, behaviours[i]);
    std::optional<FrameTime> out;
    if (s.step()) out = FrameTime{s.int64(0), s.int64(1)};
    s.reset();
    return out;
}

Result<CodeResult> EventLog::code(const std::string& behaviour, FrameTime at,
                                  const std::map<std::string, std::string>& modifiers,
                                  const std::string& comment) {
    const BehaviourDef* b = scheme_.behaviour(behaviour);
    if (!b) return Error{"'" + behaviour + "' is not a behaviour of scheme " + scheme_.id};
    // The behaviours that may not run at the same time as this state: its exclusive group
    // (itself included), or itself alone.
    std::vector<std::string> group{behaviour};
    if (b->is_state() && !b->exclusive_group.empty())
        for (const auto& g : scheme_.exclusive_groups)
            if (g.id == b->exclusive_group) group = g.members;
    if (std::find(group.begin(), group.end(), behaviour) == group.end()) group.push_back(behaviour);
    // The key acts on the frame on screen, whatever order the coder works in: a state that is
    // on there stops there; otherwise it starts (docs/decisions.md, issue 9).
    const std::vector<Event> on_here =
        b->is_state() ? bouts_at(group, at.frame) : std::vector<Event>{};
    const auto self = std::find_if(on_here.begin(), on_here.end(),
                                   [&](const Event& e) { return e.behaviour == behaviour; });
    const bool stopping = self != on_here.end();
    if (!stopping) {
        if (auto problem = modifier_problem(behaviour, modifiers)) return Error{*problem};
    }
    CodeResult result;
    auto ok = study_.change(behaviour, pass_, [&](sql::Db& db) {
        auto stop = [&](int64_t id) {
            db.cached("UPDATE event SET stop_frame = ?, stop_us = ? WHERE id = ?")
                .bind_all(at.frame, at.t_us, id)
                .run();
        };
        if (stopping) {
            stop(self->id);
            result.kind = CodeResult::Kind::Stopped;
            result.event_id = self->id;
            return ok_status();
        }
        Event e;
        e.subject = b->subject;
        e.behaviour = behaviour;
        e.start_frame = at.frame;
        e.start_us = at.t_us;
        e.modifiers = modifiers;
        e.comment = comment;
        if (b->is_state()) {
            // Another member on at this frame stops here, as when coding forward; the new
            // bout ends where the group's next bout begins, so it never runs into it.
            for (const Event& other : on_here) {
                stop(other.id);
                result.stopped.push_back(other.id);
            }
            if (auto next = next_start(group, at.frame))
                e.stop_frame = next->frame, e.stop_us = next->t_us;
        } else {
            e.stop_frame = at.frame, e.stop_us = at.t_us;
        }
        result.kind = b->is_state() ? CodeResult::Kind::Started : CodeResult::Kind::Point;
        return insert(db, e, &result.event_id);
    });
    if (!ok) return ok.error();
    return result;
}

Result<int64_t> EventLog::add(const Event& e) {
    const BehaviourDef* b = scheme_.behaviour(e.behaviour);
    if (!b) return Error{"'" + e.behaviour + "' is not a behaviour of scheme " + scheme_.id};
    if (auto problem = modifier_problem(e.behaviour, e.modifiers)) return Error{*problem};
    if (e.stop_frame && *e.stop_frame < e.start_frame)
        return Error{e.behaviour + " at frame " + std::to_string(e.start_frame) +
                     " stops before it starts"};
    if (!b->is_state() && e.stop_frame && *e.stop_frame != e.start_frame)
        return Error{e.behaviour + " is a point event; its stop must equal its start"};
    Event copy = e;
    if (copy.subject.empty()) copy.subject = b->subject;
    if (!b->is_state() && !copy.stop_frame)
        copy.stop_frame = copy.start_frame, copy.stop_us = copy.start_us;
    int64_t id = 0;
    auto ok = study_.change("add " + e.behaviour, pass_,
                            [&](sql::Db& db) { return insert(db, copy, &id); });
    if (!ok) return ok.error();
    return id;
}

Status EventLog::add_all(const std::vector<Event>& events) {
    for (const Event& e : events) {
        const BehaviourDef* b = scheme_.behaviour(e.behaviour);
        if (!b) return Error{"'" + e.behaviour + "' is not a behaviour of scheme " + scheme_.id};
        if (auto problem = modifier_problem(e.behaviour, e.modifiers)) return Error{*problem};
    }
    return study_.change("import " + std::to_string(events.size()) + " events", pass_,
                         [&](sql::Db& db) { return write_all(db, events, false); });
}

Status EventLog::write_all(sql::Db& db, const std::vector<Event>& events, bool replace,
                           const std::function<void(size_t)>& written) const {
    if (replace) db.prepare("DELETE FROM event WHERE pass_id = ?").bind(1, pass_).run();
    for (size_t i = 0; i < events.size(); ++i) {
        if (auto ok = insert(db, events[i], nullptr); !ok) return ok;
        if (written && (i + 1) % 1000 == 0) written(i + 1);
    }
    if (written) written(events.size());
    return ok_status();
}

Status EventLog::update(const Event& e) {
    if (auto problem = modifier_problem(e.behaviour, e.modifiers)) return Error{*problem};
    if (e.stop_frame && *e.stop_frame < e.start_frame)
        return Error{"an event cannot stop before it starts"};
    return study_.change("edit " + e.behaviour, pass_, [&](sql::Db& db) {
        db.prepare(
              "UPDATE event SET behaviour = ?, subject = ?, start_frame = ?, start_us = ?, "
              "stop_frame = ?, "
              "stop_us = ?, modifiers = ?, comment = ? WHERE id = ? AND pass_id = ?")
            .bind_all(e.behaviour, e.subject, e.start_frame, e.start_us, e.stop_frame, e.stop_us,
                      modifiers_to_json(e.modifiers), e.comment, e.id, pass_)
            .run();
        if (db.changes() != 1)
            return Status(Error{"event " + std::to_string(e.id) + " is not in this pass"});
        return ok_status();
    });
}

Status EventLog::remove(const std::vector<int64_t>& ids) {
    if (ids.empty()) return ok_status();
    return study_.change(
        ids.size() == 1 ? "delete event" : "delete " + std::to_string(ids.size()) + " events",
        pass_, [&](sql::Db& db) {
            for (int64_t id : ids)
                db.cached("DELETE FROM event WHERE id = ? AND pass_id = ?")
                    .bind_all(id, pass_)
                    .run();
            return ok_status();
        });
}

void read_event_timing(const sql::Stmt& s, Event& e) {
    e.id = s.int64(0);
    e.pass_id = s.int64(1);
    e.subject.assign(s.text_view(2));
    e.behaviour.assign(s.text_view(3));
    e.start_frame = s.int64(4);
    e.start_us = s.int64(5);
    e.stop_frame = s.opt_int64(6);
    e.stop_us = s.opt_int64(7);
}

Event read_event_timing(const sql::Stmt& s) {
    Event e;
    read_event_timing(s, e);
    return e;
}

std::vector<Event> EventLog::events() const {
    std::vector<Event> out;
    auto s = study_db(study_).prepare(
        std::string("SELECT ") + kEventTimingColumns +
        ", modifiers, comment FROM event WHERE pass_id = ? ORDER BY start_frame, id");
    s.bind(1, pass_);
    while (s.step()) {
        Event e = read_event_timing(s);
        e.modifiers = modifiers_from_json(s.text(8));
        e.comment = s.text(9);
        out.push_back(std::move(e));
    }
    return out;
}

int64_t EventLog::latest_audit_id() const {
    auto s = study_db(study_).prepare("SELECT coalesce(max(id), 0) FROM audit");
    s.step();
    return s.int64(0);
}

EventLog::Changes EventLog::changes_since(int64_t after_audit_id) const {
    Changes out;
    out.audit_id = after_audit_id;
    std::set<int64_t> touched;
    auto a = study_db(study_).prepare(
        "SELECT id, table_name, row_id FROM audit WHERE id > ? ORDER BY id");
    a.bind(1, after_audit_id);
    while (a.step()) {
        out.audit_id = a.int64(0);
        if (a.text(1) == "event")
            touched.insert(a.int64(2));
        else
            out.other_tables = true;
    }
    auto& s =
        study_db(study_).cached(std::string("SELECT ") + kEventTimingColumns +
                                ", modifiers, comment FROM event WHERE id = ? AND pass_id = ?");
    for (int64_t id : touched) {
        s.bind_all(id, pass_);
        if (s.step()) {
            Event e = read_event_timing(s);
            e.modifiers = modifiers_from_json(s.text(8));
            e.comment = s.text(9);
            out.current.push_back(std::move(e));
        } else {
            out.gone.push_back(id);
        }
        s.reset();
    }
    return out;
}

}  // namespace attune
