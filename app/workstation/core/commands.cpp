#include "commands.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "attune/coding/feedback.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/workstation_keys.hpp"
#include "review.hpp"

namespace attune::app {
namespace {

constexpr std::array kRates = {0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0};

// The workstation's own chords are written as the key map shows them ("Ctrl+G").
bool is(const KeyChord& c, std::string_view chord) {
    return c == parse_key_chord(chord).value();
}
bool is_digit(const KeyChord& c, char from = '0') {
    return c.mods == 0 && c.key.size() == 1 && c.key[0] >= from && c.key[0] <= '9';
}

void change_rate(Workbench& wb, int direction) {
    const double now = wb.media()->rate();
    double next = now;
    if (direction > 0) {
        for (double r : kRates)
            if (r > now + 1e-9) {
                next = r;
                break;
            }
    } else {
        for (auto it = kRates.rbegin(); it != kRates.rend(); ++it)
            if (*it < now - 1e-9) {
                next = *it;
                break;
            }
    }
    wb.media()->set_rate(next);
}

void jump(Workbench& wb, double seconds) {
    auto now = wb.media()->now();
    if (!now) return;
    wb.media()->pause();
    wb.media()->seek_time_us(now->t_us + static_cast<int64_t>(std::llround(seconds * 1e6)));
}

void neighbour_event(Workbench& wb, int direction) {
    auto now = wb.media()->now();
    if (!now || !wb.pass()) return;
    const auto& events = wb.pass()->events();  // ordered by start frame
    const Event* found = nullptr;
    if (direction > 0) {
        auto it = std::upper_bound(events.begin(), events.end(), now->frame,
                                   [](int64_t f, const Event& e) { return f < e.start_frame; });
        if (it != events.end()) found = &*it;
    } else {
        auto it = std::lower_bound(events.begin(), events.end(), now->frame,
                                   [](const Event& e, int64_t f) { return e.start_frame < f; });
        if (it != events.begin()) found = &*std::prev(it);
    }
    if (found)
        jump_to_event(wb, *found);
    else
        wb.notify(direction > 0 ? "No event after this frame" : "No event before this frame");
}

void neighbour_episode(Workbench& wb, int direction) {
    auto now = wb.media()->now();
    if (!now || !wb.pass()) return;
    std::optional<int64_t> target;
    for (const EpisodeSpan& ep : wb.pass()->content().episodes) {
        if (ep.source == EpisodeSpan::Source::Missing) continue;
        const int64_t f = ep.start.frame;
        if (direction > 0 && f > now->frame && (!target || f < *target)) target = f;
        if (direction < 0 && f < now->frame && (!target || f > *target)) target = f;
    }
    if (target) {
        wb.media()->pause();
        wb.media()->seek_frame(*target);
    } else {
        wb.notify("No coded episode boundary that way (episodes start at procedural events)");
    }
}

void cycle_subject(Workbench& wb) {
    const auto& roles = wb.pass()->scheme().roles;
    if (roles.empty()) return;
    auto it = std::find_if(roles.begin(), roles.end(),
                           [&](const Role& r) { return r.id == wb.view().focal_subject; });
    it = (it == roles.end() || std::next(it) == roles.end()) ? roles.begin() : std::next(it);
    wb.view().focal_subject = it->id;
    wb.notify("Subject: " + it->label + " (the key map lists its behaviours first)");
}

// Keys for the modifier chooser: 1-9 pick a listed value, Escape cancels.
bool chooser_key(Workbench& wb, const KeyChord& c) {
    PendingCode& p = *wb.view().pending;
    const BehaviourDef* b = wb.pass()->scheme().behaviour(p.behaviour);
    const auto required = required_modifiers(*b);
    if (is(c, "Escape")) {
        wb.view().pending.reset();
        wb.notify("Not coded: " + b->id);
        return true;
    }
    if (p.next >= required.size()) return true;
    const ModifierDef& m = *required[p.next];
    if (is(c, "Enter") && m.values.empty() && !p.modifiers[m.id].empty()) {
        choose_modifier(wb, p.modifiers[m.id]);
        return true;
    }
    if (is_digit(c, '1') && !m.values.empty()) {
        const size_t i = static_cast<size_t>(c.key[0] - '1');
        if (i < m.values.size()) choose_modifier(wb, m.values[i]);
    }
    return true;  // every other key waits until the chooser is done
}

// Ctrl+R: the rating grid, its first cell without a value selected.
void start_rating(Workbench& wb) {
    const auto grid = rating_grid(wb.pass()->scheme());
    if (grid.empty()) return wb.notify("This scheme has no rating scales");
    wb.view().open_tab = ViewState::Tab::Ratings;
    for (const Rating& cell : grid)
        if (!wb.pass()->rating(cell.scale, cell.target, cell.episode)) {
            wb.view().rating_cell = cell;
            return;
        }
    wb.view().rating_cell = grid.front();
}

void delete_selected(Workbench& wb) {
    if (wb.view().selected.empty()) return;
    const std::vector<int64_t> ids(wb.view().selected.begin(), wb.view().selected.end());
    if (auto ok = wb.pass()->remove(ids); !ok) return wb.notify(ok.error().message, true);
    wb.view().selected.clear();
    wb.notify("Deleted " + std::to_string(ids.size()) + " event(s); Ctrl+Z brings them back");
}

}  // namespace

std::vector<std::string> key_clashes(const Scheme& scheme, const KeyBindings& bindings) {
    // The scheme checker refuses the default chords (coding/workstation_keys.hpp), but a scheme
    // stored before that check, or a rebinding in keys.ini, can still take a behaviour's key.
    std::vector<std::string> clashes;
    for (const BehaviourDef& b : scheme.behaviours)
        if (const auto chord = parse_chord(b.key); chord && bindings.action_on(*chord))
            clashes.push_back(b.id + " (" + b.key + ")");
    return clashes;
}

void jump_to_event(Workbench& wb, const Event& e) {
    if (!wb.media()) return;
    wb.media()->pause();
    wb.media()->seek_frame(e.start_frame);  // the exact frame recorded
    wb.view().selected = {e.id};
    wb.ui().scroll_to_event = wb.ui().reveal_in_timeline = e.id;
}

OnScreen frame_on_screen(const Workbench& wb) {
    if (!wb.media()) return {std::nullopt, "Not coded: no recording is open"};
    if (auto problem = wb.media()->problem())  // the video view shows this instead of a picture
        return {std::nullopt, "Not coded: no picture is on screen (" + *problem +
                                  "). Go to a frame that shows and code there."};
    if (!wb.media()->ready() || !wb.media()->shown())
        return {std::nullopt, "Not coded: the video shows no frame yet; code once it does"};
    return {wb.media()->now(), {}, wb.media_opened()};
}

void code_behaviour(Workbench& wb, const BehaviourDef& b, const OnScreen& seen) {
    if (!wb.pass() || !wb.media()) return;
    if (!seen.frame) return wb.notify(seen.why_none, true);
    if (seen.recording != wb.media_opened())  // pressed before another session or recording opened
        return wb.notify(
            "Not coded: the recording changed before this key was acted on; press it again", true);
    const bool stopping = b.is_state() && wb.pass()->stops_bout(b.id, seen.frame->frame);
    if (!stopping && !required_modifiers(b).empty()) {
        wb.view().pending = PendingCode{b.id, *seen.frame, {}, 0};
        return;
    }
    auto r = wb.pass()->code(b.id, *seen.frame);
    if (!r) return wb.notify(r.error().message, true);
    wb.view().selected = {r->event_id};
    wb.ui().scroll_to_event = wb.ui().reveal_in_timeline = r->event_id;
}

std::vector<const ModifierDef*> required_modifiers(const BehaviourDef& b) {
    std::vector<const ModifierDef*> out;
    for (const ModifierDef& m : b.modifiers)
        if (m.required) out.push_back(&m);
    return out;
}

void choose_modifier(Workbench& wb, const std::string& value) {
    PendingCode& p = *wb.view().pending;
    const auto required = required_modifiers(*wb.pass()->scheme().behaviour(p.behaviour));
    if (p.next >= required.size()) return;
    p.modifiers[required[p.next]->id] = value;
    if (++p.next == required.size()) finish_pending(wb);
}

void finish_pending(Workbench& wb) {
    PendingCode p = *wb.view().pending;
    wb.view().pending.reset();
    auto r = wb.pass()->code(p.behaviour, p.at, p.modifiers);
    if (!r) return wb.notify(r.error().message, true);
    wb.view().selected = {r->event_id};
    wb.ui().scroll_to_event = wb.ui().reveal_in_timeline = r->event_id;
}

void undo(Workbench& wb) {
    if (!wb.pass()) return;
    auto r = wb.pass()->undo();
    if (!r) return wb.notify(r.error().message, true);
    wb.notify(*r ? "Undone: " + **r
                 : "Nothing of yours to undo in this pass (imports and other programs' changes "
                   "are reverted with attune-cli changes / revert)");
}

void redo(Workbench& wb) {
    if (!wb.pass()) return;
    auto r = wb.pass()->redo();
    if (!r) return wb.notify(r.error().message, true);
    wb.notify(*r ? "Redone: " + **r : "Nothing to redo");
}

namespace {

using Handler = void (*)(Workbench&);
// Where an action means something: anywhere; where a recording plays (the coding, review and
// feedback screens); only on the coding screen with a pass and its recording open; there or on
// the feedback screen (undo of moments too); on the review.
enum class Needs { Nothing, Media, Coding, Pass, Review };
struct Command {
    std::string_view action;
    Needs needs = Needs::Nothing;
    Handler run;
};

void seek_to(Workbench& wb, int64_t frame) {
    wb.media()->pause();
    wb.media()->seek_frame(frame);
}

void cancel(Workbench& wb) {
    wb.ui().show_keymap = wb.ui().show_goto = false;
    wb.view().selected.clear();
    wb.view().rating_cell.reset();
}

// One handler per action of coding/'s table (workstation_actions()), by name.
const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"play-pause", Needs::Media, [](Workbench& wb) { wb.media()->toggle_play(); }},
        {"step-back", Needs::Media, [](Workbench& wb) { wb.media()->step(-1); }},
        {"step-forward", Needs::Media, [](Workbench& wb) { wb.media()->step(+1); }},
        {"jump-back", Needs::Media, [](Workbench& wb) { jump(wb, -wb.prefs().jump_seconds); }},
        {"jump-forward", Needs::Media, [](Workbench& wb) { jump(wb, wb.prefs().jump_seconds); }},
        {"slower", Needs::Media, [](Workbench& wb) { change_rate(wb, -1); }},
        {"faster", Needs::Media, [](Workbench& wb) { change_rate(wb, +1); }},
        {"normal-speed", Needs::Media, [](Workbench& wb) { wb.media()->set_rate(1.0); }},
        {"first-frame", Needs::Media, [](Workbench& wb) { seek_to(wb, 0); }},
        {"last-frame", Needs::Media,
         [](Workbench& wb) { seek_to(wb, wb.media()->frame_count() - 1); }},
        {"previous-event", Needs::Coding, [](Workbench& wb) { neighbour_event(wb, -1); }},
        {"next-event", Needs::Coding, [](Workbench& wb) { neighbour_event(wb, +1); }},
        {"previous-episode", Needs::Coding, [](Workbench& wb) { neighbour_episode(wb, -1); }},
        {"next-episode", Needs::Coding, [](Workbench& wb) { neighbour_episode(wb, +1); }},
        {"go-to", Needs::Media, [](Workbench& wb) { wb.ui().show_goto = true; }},
        {"undo", Needs::Pass, undo},
        {"redo", Needs::Pass, redo},
        {"delete-selected", Needs::Coding, delete_selected},
        {"rate-cell", Needs::Coding, start_rating},
        {"next-subject", Needs::Coding, cycle_subject},
        {"key-map", Needs::Nothing,
         [](Workbench& wb) { wb.ui().show_keymap = !wb.ui().show_keymap; }},
        {"show-sessions", Needs::Nothing, [](Workbench& wb) { show_screen(wb, Screen::Sessions); }},
        {"show-coding", Needs::Nothing, [](Workbench& wb) { show_screen(wb, Screen::Coding); }},
        {"show-tallies", Needs::Nothing, [](Workbench& wb) { show_screen(wb, Screen::Tallies); }},
        {"show-audit", Needs::Nothing, [](Workbench& wb) { show_screen(wb, Screen::Audit); }},
        {"show-reliability", Needs::Nothing,
         [](Workbench& wb) { show_screen(wb, Screen::Reliability); }},
        {"show-review", Needs::Nothing, [](Workbench& wb) { show_screen(wb, Screen::Review); }},
        {"show-feedback", Needs::Nothing, [](Workbench& wb) { show_screen(wb, Screen::Feedback); }},
        {"next-disagreement", Needs::Review, [](Workbench& wb) { show_disagreement(wb, +1); }},
        {"previous-disagreement", Needs::Review, [](Workbench& wb) { show_disagreement(wb, -1); }},
        {"open-study", Needs::Nothing,
         [](Workbench& wb) { wb.post(intent::ChooseFile{intent::FileChoice::OpenStudy}); }},
        {"new-study", Needs::Nothing,
         [](Workbench& wb) { wb.post(intent::ChooseFile{intent::FileChoice::NewStudy}); }},
        {"quit", Needs::Nothing, [](Workbench& wb) { wb.request_quit(); }},
        {"cancel", Needs::Nothing, cancel},
    };
    return table;
}

const Command* command(std::string_view action) {
    for (const Command& c : commands())
        if (c.action == action) return &c;
    return nullptr;
}

// The video-feedback screens' keys (feedback_actions()): marking and saving moments, going
// from one to the next, reordering the plan; and while the plan is shown, the moment shown.
struct FeedbackCommand {
    std::string_view action;
    Screen screen;
    void (*run)(Workbench&, const OnScreen&);
};

void mark(Workbench& wb, intent::MarkMoment::Which which, const OnScreen& seen) {
    if (!seen.frame) return wb.notify(seen.why_none, true);
    if (seen.recording != wb.media_opened())
        return wb.notify("Not marked: the recording changed before this key was acted on", true);
    apply(wb, intent::MarkMoment{which, seen.frame});
}

// The moment after (or before) the frame on screen, by in frame: selected and sought.
void neighbour_moment(Workbench& wb, int direction) {
    const auto now = wb.media()->now();
    if (!now) return;
    // From where the last press went, when its seek has not landed yet (two quick presses).
    const int64_t from = wb.media()->settled() ? now->frame : wb.media()->target_frame();
    const auto& moments = wb.pass()->moments();  // by in frame
    const Moment* found = nullptr;
    for (const Moment& m : moments)
        if (direction > 0 ? m.in.frame > from : m.in.frame < from)
            if (!found || direction < 0 || m.in.frame < found->in.frame) found = &m;
    if (!found) return wb.notify(direction > 0 ? "No moment after this frame" : "No moment before");
    wb.ui().moment = found->id;
    seek_to(wb, found->in.frame);
}

void move_selected_in_plan(Workbench& wb, int direction) {
    const auto& plan = wb.pass()->plan();
    const auto it = std::find_if(plan.begin(), plan.end(), [&](const PlanItem& p) {
        return wb.ui().moment && p.moment.id == *wb.ui().moment;
    });
    if (it == plan.end()) return wb.notify("Select a moment of the plan first (Up, Down)", true);
    const auto at = static_cast<size_t>(it - plan.begin());
    if ((direction < 0 && at == 0) || (direction > 0 && at + 1 == plan.size())) return;
    apply(wb, intent::MoveInPlan{it->moment.id, direction < 0 ? at - 1 : at + 1});
}

void show_neighbour(Workbench& wb, int direction) {
    const Presentation& p = *wb.presentation();
    if (direction < 0 && p.index() == 0) return wb.notify("This is the first moment of the plan");
    if (direction > 0 && p.index() + 1 == p.moments().size())
        return wb.notify("That was the last moment of the plan (Esc: back to the plan)");
    wb.show_moment(direction < 0 ? p.index() - 1 : p.index() + 1);
}

const std::vector<FeedbackCommand>& feedback_commands() {
    using W = intent::MarkMoment::Which;
    using S = OnScreen;
    static const std::vector<FeedbackCommand> table = {
        {"mark-in", Screen::Feedback, [](Workbench& wb, const S& seen) { mark(wb, W::In, seen); }},
        {"mark-out", Screen::Feedback,
         [](Workbench& wb, const S& seen) { mark(wb, W::Out, seen); }},
        {"mark-freeze", Screen::Feedback,
         [](Workbench& wb, const S& seen) { mark(wb, W::Freeze, seen); }},
        {"save-moment", Screen::Feedback,
         [](Workbench& wb, const S&) {
             // The selected moment's edits, else a new moment from the marks.
             const auto& e = wb.ui().editing;
             apply(wb, intent::SaveMoment{e && e->id == wb.ui().moment ? *e : wb.ui().draft});
         }},
        {"previous-moment", Screen::Feedback,
         [](Workbench& wb, const S&) { neighbour_moment(wb, -1); }},
        {"next-moment", Screen::Feedback,
         [](Workbench& wb, const S&) { neighbour_moment(wb, +1); }},
        {"plan-earlier", Screen::Feedback,
         [](Workbench& wb, const S&) { move_selected_in_plan(wb, -1); }},
        {"plan-later", Screen::Feedback,
         [](Workbench& wb, const S&) { move_selected_in_plan(wb, +1); }},
        {"present", Screen::Feedback,
         [](Workbench& wb, const S&) { wb.report(wb.start_presentation()); }},
        {"previous-moment", Screen::Present,
         [](Workbench& wb, const S&) { show_neighbour(wb, -1); }},
        {"next-moment", Screen::Present, [](Workbench& wb, const S&) { show_neighbour(wb, +1); }},
        {"replay", Screen::Present,
         [](Workbench& wb, const S&) { wb.show_moment(wb.presentation()->index()); }},
        {"speed-1", Screen::Present, [](Workbench& wb, const S&) { wb.media()->set_rate(1.0); }},
        {"speed-half", Screen::Present, [](Workbench& wb, const S&) { wb.media()->set_rate(0.5); }},
        {"speed-quarter", Screen::Present,
         [](Workbench& wb, const S&) { wb.media()->set_rate(0.25); }},
        {"end-present", Screen::Present, [](Workbench& wb, const S&) { wb.end_presentation(); }},
    };
    return table;
}

bool feedback_screen_open(const Workbench& wb) {
    const Screen screen = wb.view().screen;
    return wb.media() && ((screen == Screen::Feedback && wb.pass()) ||
                          (screen == Screen::Present && wb.presentation()));
}

// A feedback key on its screen: true when the chord is one of them there.
bool feedback_key(Workbench& wb, const KeyChord& c, const OnScreen& seen) {
    if (!feedback_screen_open(wb)) return false;
    for (const WorkstationAction& a : feedback_actions()) {
        if (std::none_of(a.chords.begin(), a.chords.end(),
                         [&](std::string_view k) { return is(c, k); }))
            continue;
        for (const FeedbackCommand& cmd : feedback_commands())
            if (cmd.action == a.name && cmd.screen == wb.view().screen) {
                cmd.run(wb, seen);
                return true;
            }
    }
    return false;
}

bool coding_open(const Workbench& wb) {
    return wb.view().screen == Screen::Coding && wb.pass() && wb.media();
}

bool can_run(const Workbench& wb, Needs needs) {
    const Screen screen = wb.view().screen;
    switch (needs) {
        case Needs::Nothing:
            return true;
        case Needs::Media:
            return wb.media() && (coding_open(wb) || feedback_screen_open(wb) ||
                                  (screen == Screen::Review && wb.review()));
        case Needs::Coding:
            return coding_open(wb);
        case Needs::Pass:
            return coding_open(wb) || (screen == Screen::Feedback && wb.pass() && wb.media());
        case Needs::Review:
            return screen == Screen::Review && wb.review().has_value();
    }
    return false;
}

// A digit types a rating while the grid is seen with a cell selected (on layouts that type
// digits with Shift too); Backspace and Delete clear the cell.
bool rating_key(Workbench& wb, const KeyChord& c) {
    if (!coding_open(wb) || !rating_keys(wb)) return false;
    const Rating cell = *wb.view().rating_cell;
    if ((c.mods & ~KeyChord::Shift) == 0 && c.key.size() == 1 && c.key[0] >= '0' &&
        c.key[0] <= '9') {
        // Applied now, not posted: the next digit of the same frame rates the next cell.
        apply(wb, intent::Rate{cell, c.key[0] - '0', true});
        return true;
    }
    if (is(c, "Backspace") || is(c, "Delete")) {
        apply(wb, intent::Rate{cell, std::nullopt, false});
        return true;
    }
    return false;
}

// One press: the workstation's keys, then (with `scheme_keys`) the scheme's. False when the
// chord means nothing here.
bool act_on(Workbench& wb, const KeyChord& c, const OnScreen& seen, bool scheme_keys) {
    if (rating_key(wb, c)) return true;
    if (feedback_key(wb, c, seen)) return true;
    if (const WorkstationAction* a = wb.bindings().action_on(c)) {
        const Command* cmd = command(a->name);
        if (!can_run(wb, cmd->needs)) return false;
        cmd->run(wb);
        return true;
    }
    if (!coding_open(wb) || !scheme_keys) return false;
    if (const BehaviourDef* b = wb.bindings().behaviour_on(c)) {
        code_behaviour(wb, *b, seen);
        return true;
    }
    return false;
}

}  // namespace

bool run_action(Workbench& wb, std::string_view action) {
    const Command* cmd = command(action);
    if (!cmd) return false;
    if (can_run(wb, cmd->needs)) cmd->run(wb);
    return true;
}

bool every_action_has_a_handler() {
    for (const WorkstationAction& a : workstation_actions())
        if (!command(a.name)) return false;
    for (const WorkstationAction& a : feedback_actions())
        if (std::none_of(feedback_commands().begin(), feedback_commands().end(),
                         [&](const FeedbackCommand& f) { return f.action == a.name; }))
            return false;
    return commands().size() == workstation_actions().size();
}

namespace {

// The next moment's theme: the protocol's for the visit after this one (a default to change).
void default_theme(Workbench& wb) {
    if (!wb.ui().draft.theme.empty()) return;
    try {
        wb.ui().draft.theme = theme_for_moments_of(*wb.study(), wb.pass()->session().id);
    } catch (const std::exception&) {  // a default only; typed in otherwise
    }
}

}  // namespace

void show_screen(Workbench& wb, Screen screen) {
    const bool needs_pass = screen == Screen::Coding || screen == Screen::Feedback;
    if (needs_pass && !wb.pass()) return;
    if (screen == Screen::Review && !wb.review()) return;
    if (screen == Screen::Present) return;  // only by showing the plan (F5)
    if (screen != Screen::Sessions && !wb.study()) return;
    if (needs_pass && review_plays_read_only(wb))
        return wb.notify("The review only reads " + wb.pass()->pass().coder +
                             "'s pass: Start consensus to code the session's consensus pass, "
                             "or open a pass on the Sessions screen",
                         true);
    wb.end_presentation();  // leaving the showing puts the pass's recording back
    if (screen != Screen::Coding && wb.view().pending) {
        wb.notify("Not coded: " + wb.view().pending->behaviour + " (its modifier was not chosen)");
        wb.view().pending.reset();
    }
    if (screen == Screen::Feedback) default_theme(wb);
    if (screen == Screen::Review) wb.report(reload_review(wb));  // it may have changed meanwhile
    wb.view().screen = screen;
}

void post_keys(Workbench& wb, KeyInput& input, bool text_field_active) {
    while (auto press = input.pop()) {
        const KeyChord& c = press->chord;
        const bool ends_text = c.key == "Enter" || c.key == "Escape";
        if (text_field_active && !ends_text) continue;
        if (press->repeat) continue;
        wb.post(intent::Key{std::move(*press)});
    }
}

void act_on_press(Workbench& wb, const KeyInput::Press& press) {
    const KeyChord& c = press.chord;
    if (wb.view().pending && wb.pass()) {
        chooser_key(wb, c);
        return;
    }
    const OnScreen seen = press.seen ? *press.seen : frame_on_screen(wb);
    // A key the layout gives a character nothing is bound to still does what the key at
    // that place does on a US keyboard, for the workstation's punctuation keys ([ ] \),
    // which other layouts type with AltGr. Letters never fall back: on AZERTY, Ctrl+A
    // (the US Q place) must not quit.
    if (!act_on(wb, c, seen, true) && press.position && *press.position != c &&
        !is_letter_key(press.position->key))
        act_on(wb, *press.position, seen, false);
}

std::vector<int> held_step_keys(const Workbench& wb) {
    std::vector<int> keys = {GLFW_KEY_LEFT_SHIFT, GLFW_KEY_RIGHT_SHIFT};
    for (const char* action : {"step-forward", "step-back"})
        for (const KeyChord& chord : wb.bindings().chords_of(action))
            if (const int key = glfw_key_of(chord); key != 0 && chord.mods == 0)
                keys.push_back(key);
    return keys;
}

void handle_held_keys(Workbench& wb, KeyInput& input, int64_t now_us, bool text_field_active) {
    const Screen screen = wb.view().screen;
    const bool playing_screen = screen == Screen::Coding || screen == Screen::Review ||
                                screen == Screen::Feedback || screen == Screen::Present;
    if (!wb.media() || !playing_screen || wb.view().pending) return;
    for (auto [action, direction] : {std::pair{"step-forward", +1}, std::pair{"step-back", -1}})
        for (const KeyChord& chord : wb.bindings().chords_of(action)) {
            const int key = glfw_key_of(chord);
            if (key == 0 || chord.mods != 0) continue;
            // Shift+arrow jumps (a press); only the arrow alone steps on while held.
            const bool down =
                input.script_holds(key) || (input.window_holds(key) && !input.window_holds_shift());
            if (held_key_steps(input.hold_started(key), down, text_field_active,
                               wb.media()->settled(), now_us))
                wb.media()->step(direction);
        }
}

}  // namespace attune::app
