#include "intents.hpp"

#include <algorithm>

#include "attune/coding/consent.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/sign_off.hpp"
#include "attune/coding/stats/tally.hpp"
#include "attune/coding/study_settings.hpp"
#include "commands.hpp"
#include "recordings.hpp"
#include "review.hpp"
#include "workbench.hpp"

namespace attune::app {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

bool same_cell(const Rating& a, const Rating& b) {
    return a.scale == b.scale && a.target == b.target && a.episode == b.episode;
}

void rate(Workbench& wb, const intent::Rate& r) {
    if (!wb.pass()) return;
    if (r.value) {
        const RatingScale* scale = wb.pass()->scheme().scale(r.cell.scale);
        if (!scale) return wb.notify("The scheme has no rating scale " + r.cell.scale, true);
        if (*r.value < scale->min || *r.value > scale->max)
            return wb.notify(scale->id + " takes " + std::to_string(scale->min) + "-" +
                                 std::to_string(scale->max),
                             true);
    }
    wb.report(wb.pass()->set_rating(r.cell.scale, r.cell.target, r.cell.episode, r.value));
    if (!r.then_next) return;
    // On to the next cell (the next episode of the row, then the next row).
    const auto grid = rating_grid(wb.pass()->scheme());
    auto at = std::find_if(grid.begin(), grid.end(),
                           [&](const Rating& cell) { return same_cell(cell, r.cell); });
    if (at != grid.end() && std::next(at) != grid.end()) wb.view().rating_cell = *std::next(at);
}

void jump_to_event_id(Workbench& wb, int64_t id) {
    if (!wb.pass()) return;
    for (const Event& e : wb.pass()->events())
        if (e.id == id) return jump_to_event(wb, e);
    wb.notify("That event is no longer in the pass", true);
}

void seek(Workbench& wb, std::optional<int64_t> frame, std::optional<int64_t> t_us) {
    if (!wb.media()) return;
    wb.media()->pause();
    if (frame)
        wb.media()->seek_frame(*frame);
    else
        wb.media()->seek_time_us(*t_us);
}

// Signs a pass off (no reason) or unlocks it (with one), and says so.
void lock_pass(Workbench& wb, int64_t pass_id, const std::optional<std::string>& unlock_reason) {
    if (!wb.study()) return;
    auto done = unlock_reason ? unlock_pass(*wb.study(), pass_id, *unlock_reason)
                              : sign_off_pass(*wb.study(), pass_id);
    if (!done) return wb.notify(done.error().message, true);
    wb.note_study_changed();
    if (wb.pass()) wb.report(wb.pass()->follow_others());  // the open pass sees its lock
    wb.notify(unlock_reason ? "Unlocked the pass: it can be changed again."
                            : "Signed off the pass: nothing in it can change now.");
}

// The import dialog's steps and the export (import_flow.hpp, export_flow.hpp).
void step_import(Workbench& wb, intent::ImportStep step) {
    auto& flow = wb.import_flow();
    using Step = intent::ImportStep;
    if (step == Step::Cancel) return flow.cancel();
    if (step == Step::Back) return flow.back_to_mapping();
    if (!wb.study()) return wb.notify("Open a study first", true);
    if (wb.study()->write_block())
        return wb.notify("Nothing imported: " + *wb.study()->write_block(), true);
    if (step == Step::Check) return flow.check(wb.study()->path(), wb.user(), wb.tasks());
    flow.commit(wb.study()->path(), wb.user(), wb.tasks());
}

void map_import(Workbench& wb, const intent::MapImport& m) {
    if (m.modifier_set)
        wb.import_flow().map_modifier(m.index, m.choice, m.to);
    else
        wb.import_flow().map_code(m.index, m.choice, m.to);
}

void record_consent_here(Workbench& wb, const intent::RecordConsent& r) {
    if (!wb.study()) return wb.notify("Open a study first", true);
    try {
        auto id = record_consent(*wb.study(), r.participant, r.session_id, r.uses, r.until,
                                 r.recorded_by);
        if (!id) return wb.notify(id.error().message, true);
    } catch (const sql::SqlError& e) {
        return wb.notify(describe_study_failure(e, wb.study()->path()), true);
    }
    wb.note_study_changed();
    wb.notify("Recorded consent for " + r.participant + ": " +
              (r.uses.empty() ? std::string("withdrawn") : "uses allowed now as ticked") +
              (r.until ? ", until " + *r.until : ""));
}

void mark_moment(Workbench& wb, const intent::MarkMoment& m) {
    if (!wb.pass() || !wb.media()) return wb.notify("Open a session to mark a moment", true);
    const OnScreen seen = frame_on_screen(wb);
    const std::optional<FrameTime> at = m.at ? m.at : seen.frame;
    if (!at) return wb.notify("No frame is on screen to mark: " + seen.why_none, true);
    auto& marks = wb.view().marks;
    using W = intent::MarkMoment::Which;
    (m.which == W::In ? marks.in : m.which == W::Out ? marks.out : marks.freeze) = *at;
    const char* what = m.which == W::In ? "in" : m.which == W::Out ? "out" : "freeze";
    wb.notify(std::string("Moment ") + what + " at frame " + std::to_string(at->frame));
}

// A new moment takes the marks (in and out needed; the freeze frame if it lies inside).
void save_moment(Workbench& wb, Moment m) {
    if (!wb.pass()) return wb.notify("Open a session to save a moment", true);
    if (m.id != 0) return wb.report(wb.pass()->update_moment(m));
    auto& marks = wb.view().marks;
    if (!marks.in || !marks.out)
        return wb.notify("Mark the moment's in and out frames first (I and O)", true);
    m.in = *marks.in, m.out = *marks.out;
    if (marks.freeze && (marks.freeze->frame < m.in.frame || marks.freeze->frame > m.out.frame))
        return wb.notify("The freeze frame (" + std::to_string(marks.freeze->frame) +
                             ") is outside the moment: mark it again between the in and out frames",
                         true);
    m.freeze = marks.freeze;
    auto id = wb.pass()->add_moment(m);
    if (!id) return wb.notify(id.error().message, true);
    marks = {};
    Moment& draft = wb.ui().draft;  // the next one keeps the theme and kind
    draft.title.clear(), draft.caption.clear(), draft.note.clear();
    wb.ui().moment = *id;
    wb.notify("Saved moment " + std::to_string(m.in.frame) + "-" + std::to_string(m.out.frame));
}

// A change to the open pass's moments or plan, or why there is none to change.
bool on_pass(Workbench& wb, const std::function<Status(CodingPass&)>& change) {
    if (!wb.pass()) return wb.notify("Open a session first", true), true;
    wb.report(change(*wb.pass()));
    return true;
}

// Video feedback: marks, moments and the visit plan of the open pass; false for the rest.
bool apply_to_feedback(Workbench& wb, const Intent& what) {
    return std::visit(
        Overloaded{
            [&](const intent::MarkMoment& m) { return mark_moment(wb, m), true; },
            [&](const intent::SaveMoment& s) { return save_moment(wb, s.moment), true; },
            [&](const intent::RemoveMoment& r) {
                return on_pass(wb, [&](CodingPass& p) { return p.remove_moment(r.moment_id); });
            },
            [&](const intent::MoveInPlan& m) {
                return on_pass(wb,
                               [&](CodingPass& p) { return p.move_in_plan(m.moment_id, m.index); });
            },
            [&](const intent::AddToPlan& a) {
                return on_pass(wb, [&](CodingPass& p) { return p.add_to_plan(a.moment_id); });
            },
            [&](const intent::RemoveFromPlan& r) {
                return on_pass(wb, [&](CodingPass& p) { return p.remove_from_plan(r.moment_id); });
            },
            [&](const intent::StartPresentation&) {
                return wb.report(wb.start_presentation()), true;
            },
            [&](const intent::ShowMoment& s) { return wb.show_moment(s.index), true; },
            [&](const intent::SetPlanScript& s) {
                return on_pass(
                    wb, [&](CodingPass& p) { return p.set_plan_script(s.moment_id, s.script); });
            },
            [&](const auto&) { return false; },  // the window's
        },
        what);
}

// Importing a peer's file, exporting, re-deriving frames; false for the window's intents.
bool apply_to_interop(Workbench& wb, const Intent& what) {
    return std::visit(
        Overloaded{
            [&](const intent::StartImport& s) {
                if (!wb.study())
                    return wb.notify("Open a study first, then import into it", true), true;
                if (wb.import_flow().open())
                    return wb.notify("An import is open: finish or cancel it first", true), true;
                wb.import_flow().start(s.path, wb.tasks());
                return true;
            },
            [&](const intent::ChooseImport& c) {
                if (wb.study()) wb.import_flow().choose(c.choices, *wb.study(), wb.user());
                return true;
            },
            [&](const intent::MapImport& m) { return map_import(wb, m), true; },
            [&](const intent::ImportMappingFile& f) {
                if (!f.save) return wb.import_flow().load_mapping(f.path), true;
                if (auto ok = wb.import_flow().save_mapping(f.path); !ok)
                    return wb.notify(ok.error().message, true), true;
                return wb.notify("Saved the mapping to " + f.path +
                                 " (attune-cli import --mapping reads it too)"),
                       true;
            },
            [&](const intent::StepImport& s) { return step_import(wb, s.step), true; },
            [&](const intent::StartExport& e) { return wb.start_export(e.choices), true; },
            [&](const intent::StartReport& r) { return wb.start_report(r.choices), true; },
            [&](const intent::RecordConsent& r) { return record_consent_here(wb, r), true; },
            [&](const intent::RederiveFrames&) { return wb.report(wb.retime_pass()), true; },
            [&](const auto&) { return apply_to_feedback(wb, what); },
        },
        what);
}

// Opening, creating and changing the study and what is shown; false for the window's intents.
bool apply_to_study(Workbench& wb, const Intent& what) {
    return std::visit(
        Overloaded{
            [&](const intent::OpenStudy& o) { return wb.report(wb.open_study(o.path)), true; },
            [&](const intent::CreateStudy& c) {
                return wb.report(wb.create_study(c.path, c.name)), true;
            },
            [&](const intent::ReopenStudy&) { return wb.report(wb.reopen_study()), true; },
            [&](const intent::OpenSession& o) {
                return wb.report(wb.open_session(o.session, o.role, o.coder)), true;
            },
            [&](const intent::SignOff& o) { return lock_pass(wb, o.pass_id, std::nullopt), true; },
            [&](const intent::Unlock& u) { return lock_pass(wb, u.pass_id, u.reason), true; },
            [&](const intent::OpenReview& o) {
                return wb.report(open_review(wb, o.session)), true;
            },
            [&](const intent::StartConsensus&) {
                return wb.report(start_consensus_here(wb)), true;
            },
            [&](const intent::ShowDisagreement& s) {
                return show_disagreement_at(wb, s.index), true;
            },
            [&](const intent::Decide& d) { return wb.report(decide_shown(wb, d.choice)), true; },
            [&](const intent::OpenRecordingAnyway&) {
                if (wb.media() && wb.media()->differs()) wb.report(wb.open_recording_anyway());
                return true;
            },
            [&](const intent::AddRecording& a) {
                return wb.report(add_recording_session(wb, a.path)), true;
            },
            [&](const intent::AnswerAddAgain& a) {
                return wb.report(answer_add_again(wb, a.add)), true;
            },
            [&](const intent::LocateRecording& l) {
                return wb.report(locate_recording(wb, l.session_id, l.path)), true;
            },
            [&](const intent::SetCoder& c) {
                if (c.name.empty()) return wb.notify("A coder needs a name", true), true;
                wb.set_user(c.name);
                wb.prefs().coder = c.name;  // the default coder of the next start
                return save_preferences(wb.config_dir(), wb.prefs()), true;
            },
            [&](const intent::SetJumpSeconds& j) {
                wb.prefs().jump_seconds = std::clamp(j.seconds, 0.1, 600.0);
                return save_preferences(wb.config_dir(), wb.prefs()), true;
            },
            [&](const intent::SetReviewSeconds& r) {
                wb.prefs().review_seconds = std::clamp(r.seconds, 0.0, 60.0);
                return save_preferences(wb.config_dir(), wb.prefs()), true;
            },
            [&](const intent::ShowScreen& s) {
                show_screen(wb, s.screen);
                return true;
            },
            [&](const intent::ShowTab& t) { return wb.view().open_tab = t.tab, true; },
            [&](const intent::Say& s) { return wb.notify(s.message, s.error), true; },
            [&](const intent::ChooseTallyNorm& n) {
                if (!wb.study()) return true;
                const auto value = n.norm_id.empty() ? std::nullopt : std::optional(n.norm_id);
                if (study_setting(*wb.study(), stats::kTallyNormSetting) != value)
                    wb.report(set_study_setting(*wb.study(), stats::kTallyNormSetting, value,
                                                "Chose the norm the tallies compare with"));
                return true;
            },
            [&](const intent::Quit&) { return wb.request_quit(), true; },
            [&](const auto&) { return apply_to_interop(wb, what); },
        },
        what);
}

// What the workstation core carries out itself; false for the window's intents.
bool apply_here(Workbench& wb, const Intent& what) {
    return std::visit(
        Overloaded{
            [&](const intent::Run& r) {
                if (!run_action(wb, r.action)) wb.notify("No action named " + r.action, true);
                return true;
            },
            [&](const intent::Key& k) { return act_on_press(wb, k.press), true; },
            [&](const intent::Seek& s) { return seek(wb, s.frame, std::nullopt), true; },
            [&](const intent::SeekTime& s) { return seek(wb, std::nullopt, s.t_us), true; },
            [&](const intent::Select& s) { return wb.view().selected = s.events, true; },
            [&](const intent::StopProxy&) {
                if (wb.media()) wb.media()->stop_proxy();
                return true;
            },
            [&](const intent::JumpToEvent& j) { return jump_to_event_id(wb, j.event_id), true; },
            [&](const intent::Code& c) {
                const BehaviourDef* b =
                    wb.pass() ? wb.pass()->scheme().behaviour(c.behaviour) : nullptr;
                if (b)
                    code_behaviour(wb, *b, c.seen);
                else
                    wb.notify("Not coded: the scheme has no behaviour " + c.behaviour, true);
                return true;
            },
            [&](const intent::ChooseModifier& m) {
                if (wb.view().pending && wb.pass()) choose_modifier(wb, m.value);
                return true;
            },
            [&](const intent::UpdateEvent& u) {
                if (u.event.stop_frame && *u.event.stop_frame < u.event.start_frame)
                    wb.notify("An event cannot stop before it starts", true);
                else if (wb.pass())
                    wb.report(wb.pass()->update(u.event));
                return true;
            },
            [&](const intent::RemoveEvents& r) {
                if (wb.pass()) wb.report(wb.pass()->remove(r.ids));
                return true;
            },
            [&](const intent::Rate& r) { return rate(wb, r), true; },
            [&](const intent::SelectRatingCell& s) { return wb.view().rating_cell = s.cell, true; },
            [&](const intent::SetClassification& c) {
                if (wb.pass()) wb.report(wb.pass()->set_classification(c.classification));
                return true;
            },
            [&](const intent::AddComment& c) {
                if (wb.pass()) wb.report(wb.pass()->comment(c.about, c.text));
                return true;
            },
            [&](const intent::ReplyToComment& c) {
                if (wb.pass()) wb.report(wb.pass()->reply(c.comment_id, c.text));
                return true;
            },
            [&](const auto&) { return apply_to_study(wb, what); },
        },
        what);
}

}  // namespace

void apply(Workbench& wb, const Intent& what, const WindowIntents& window) {
    if (apply_here(wb, what)) return;
    if (window)
        window(what);
    else
        wb.notify("This needs the workstation's window", true);
}

void apply_intents(Workbench& wb, const WindowIntents& window) {
    while (auto next = wb.take_intent()) apply(wb, *next, window);
}

}  // namespace attune::app
