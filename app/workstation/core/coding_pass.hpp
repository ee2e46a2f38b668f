#pragma once
// The pass being coded: its scheme, its event log and everything the views show
// about it (events, episodes, ratings, classification, validity, rule hints),
// re-read from the study after every change, so what is drawn is what is saved.
// Every change below is one committed, audited, undoable transaction.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/event_log.hpp"
#include "attune/coding/feedback.hpp"
#include "attune/coding/moments.hpp"
#include "attune/coding/review_comments.hpp"
#include "attune/coding/rule_hints.hpp"
#include "attune/coding/sign_off.hpp"
#include "attune/coding/study.hpp"
#include "attune/coding/validity.hpp"

namespace attune::app {

// Which pass, opened when, at which change: what a view's cache was built from. Two
// openings never compare equal (even of the same pass), so a cache built for one pass
// is never read for another (ImHex's per-document state).
struct PassVersion {
    uint64_t opening = 0;  // Workbench's count of passes opened, at this pass's opening
    uint64_t changes = 0;  // bumped by every change, undo, redo and other writers' commits
    bool operator==(const PassVersion&) const = default;
};

class CodingPass {
  public:
    CodingPass(Study& study, Session session, Pass pass, Scheme scheme, uint64_t opening);

    const Session& session() const { return session_; }
    const Pass& pass() const { return pass_; }
    const Scheme& scheme() const { return scheme_; }
    Study& study() { return study_; }

    const PassContent& content() const { return content_; }
    const std::vector<Event>& events() const { return content_.events; }
    const std::vector<ValidityIssue>& issues() const { return issues_; }
    const std::vector<HintResult>& hints() const { return hints_; }
    // The review comments on the pass, thread by thread, and how many each target has
    // (by CommentTarget::text(), for the lists' and the timeline's badges).
    const std::vector<ReviewComment>& comments() const { return comments_; }
    int comments_on(const CommentTarget& t) const {
        const auto it = comment_counts_.find(t.text());
        return it == comment_counts_.end() ? 0 : it->second;
    }
    // Video feedback: the pass's moments (by in frame) and its visit plan (showing order),
    // re-read with the rest after every change.
    const std::vector<Moment>& moments() const { return moments_; }
    const std::vector<PlanItem>& plan() const { return plan_; }
    // The case (family) the session belongs to, with its protocol's themes, and the moments of
    // its other visits that the plan may draw on.
    const std::optional<FeedbackCase>& feedback_case() const { return case_; }
    const std::vector<PlanItem>& other_visits() const { return other_visits_; }
    // The sign-off in force: while there is one, every change to the pass is refused.
    const std::optional<SignOffRecord>& signed_off() const { return signed_off_; }
    // Views rebuild what they cache when this differs from what they built from.
    PassVersion version() const { return {opening_, generation_}; }

    Result<CodeResult> code(const std::string& behaviour, FrameTime at,
                            const std::map<std::string, std::string>& modifiers = {});
    Status update(const Event& e);
    Status remove(const std::vector<int64_t>& ids);
    Status set_rating(const std::string& scale, const std::string& target,
                      const std::string& episode, std::optional<int> value);
    Status set_classification(const Classification& c);
    // A new thread on the target, or a reply in a comment's thread (study-level changes:
    // this pass's undo does not take them).
    Status comment(const CommentTarget& about, const std::string& text);
    Status reply(int64_t comment_id, const std::string& text);
    // A press of this state's key at `frame` stops a bout (rather than starting one).
    bool stops_bout(const std::string& behaviour, int64_t frame) const {
        return log_.bout_at(behaviour, frame).has_value();
    }
    std::optional<int> rating(const std::string& scale, const std::string& target,
                              const std::string& episode) const;

    // Moments and the plan, each one change in the pass (undone by Ctrl+Z like events).
    Result<int64_t> add_moment(const Moment& m);
    Status update_moment(const Moment& m);
    Status remove_moment(int64_t moment_id);
    Status add_to_plan(int64_t moment_id);  // a moment of this case's other visits too
    Status remove_from_plan(int64_t moment_id);
    Status move_in_plan(int64_t moment_id, size_t index);
    Status set_plan_script(int64_t moment_id, const std::string& script);

    // What was undone or redone ("add event CRY"), or nothing when there was nothing to do.
    Result<std::optional<std::string>> undo();
    Result<std::optional<std::string>> redo();

    void refresh();  // re-read everything from the study
    // Another program or window committed to the study: show what it changed.
    Status follow_others() { return catch_up(); }

  private:
    // After a change: re-reads only the events the audit log says changed, then
    // derives episodes, validity and hints again (cost independent of the event count
    // for reading; validity is a linear pass). A failure to read is returned, not thrown.
    Status catch_up();
    void derive();
    void load_comments();
    void load_feedback();
    bool has_moment(int64_t moment_id) const;
    Result<std::optional<std::string>> replay(bool backwards);
    // A write followed by catch_up: the write's own outcome first, then the reading's.
    template <typename R, typename Write>
    R write_then_catch_up(Write&& write);

    Study& study_;
    Session session_;
    Pass pass_;
    Scheme scheme_;
    EventLog log_;
    PassContent content_;
    std::vector<ValidityIssue> issues_;
    std::vector<HintResult> hints_;
    std::optional<SignOffRecord> signed_off_;
    std::vector<ReviewComment> comments_;
    std::map<std::string, int> comment_counts_;
    std::vector<Moment> moments_;
    std::vector<PlanItem> plan_;
    std::optional<FeedbackCase> case_;
    std::vector<PlanItem> other_visits_;
    uint64_t opening_ = 0;
    uint64_t generation_ = 0;
    int64_t audit_seen_ = 0;
};

}  // namespace attune::app
