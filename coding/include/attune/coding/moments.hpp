#pragma once
// A therapist's moments (issue 14 point 2): short stretches of a pass's recording marked
// in and out on frames, to show a family at the next visit. Each has a theme, a kind
// (a strength, or something to think about), a title, a caption for the family (often the
// child's signals put into words in the first person), a private note for the therapist
// and an optional freeze frame inside it. Moments are their own table (study format 6),
// never events: no behaviour statistic, agreement or export of events sees them. Every
// write is one change in the pass's scope, so Ctrl+Z and attune-cli undo take it back.
//
// The visit plan (point 3): per pass, the moments chosen for the next visit in the order
// they will be shown, each with a short script of what to say. A plan may draw moments
// from any session of the same case (last visit's and today's). A new moment joins the end
// of its own pass's plan.
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/model.hpp"
#include "attune/coding/study.hpp"

namespace attune {

enum class MomentKind { Strength, Think };
const char* to_string(MomentKind k);  // "strength", "think"
std::optional<MomentKind> moment_kind_from(const std::string& s);

struct Moment {
    int64_t id = 0, pass_id = 0;
    FrameTime in, out;  // first and last frame shown (both included)
    std::optional<FrameTime> freeze;
    std::string theme;
    MomentKind kind = MomentKind::Strength;
    std::string title, caption, note;
    bool operator==(const Moment&) const = default;
};

// The longest caption a family can read on screen, in characters (UTF-8 code points).
inline constexpr size_t kMaxCaptionChars = 160;

// What is wrong with a moment as given (out before in, a freeze frame outside it, a
// caption too long to read on screen), if anything.
std::optional<std::string> moment_problem(const Moment& m);

// Adds a moment to a pass (and to the end of the pass's plan); returns its id.
Result<int64_t> add_moment(Study& study, int64_t pass_id, const Moment& m);
// The same inside a change already running (a command that also creates the pass).
Result<int64_t> insert_moment(sql::Db& db, int64_t pass_id, const Moment& m);
Status update_moment(Study& study, const Moment& m);  // by m.id
Status remove_moment(Study& study, int64_t moment_id);
std::optional<Moment> get_moment(Study& study, int64_t moment_id);
std::vector<Moment> list_moments(Study& study, int64_t pass_id);  // by in frame

struct PlanItem {
    Moment moment;
    std::string session;  // the label of the session the moment is from
    std::string script;   // what to say when it is shown
};

// The plan of a pass, in showing order.
std::vector<PlanItem> visit_plan(Study& study, int64_t pass_id);
// Adds a moment (of a session in the same case, or of the pass itself) to the plan's end.
Status add_to_plan(Study& study, int64_t pass_id, int64_t moment_id);
Status remove_from_plan(Study& study, int64_t pass_id, int64_t moment_id);
// Moves the moment to `index` (0-based) in the showing order; refused past the end, nothing
// written when it is there already.
Status move_in_plan(Study& study, int64_t pass_id, int64_t moment_id, size_t index);
Status set_plan_script(Study& study, int64_t pass_id, int64_t moment_id, const std::string& script);
// The moments of other sessions of the pass's case that a plan may draw on.
std::vector<PlanItem> moments_of_case(Study& study, int64_t pass_id);

}  // namespace attune
