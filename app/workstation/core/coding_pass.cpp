#include "coding_pass.hpp"

#include <algorithm>
#include <set>

#include "attune/coding/episodes.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/sign_off.hpp"
#include "attune/coding/study_queries.hpp"

namespace attune::app {

CodingPass::CodingPass(Study& study, Session session, Pass pass, Scheme scheme, uint64_t opening)
    : study_(study),
      session_(std::move(session)),
      pass_(pass),
      scheme_(std::move(scheme)),
      log_(study_, scheme_, pass_.id),
      opening_(opening) {
    refresh();
}

void CodingPass::refresh() {
    audit_seen_ = log_.latest_audit_id();
    content_ = load_pass_content(study_, scheme_, pass_.id);
    signed_off_ = pass_sign_off(study_, pass_.id);
    load_comments();
    load_feedback();
    derive();
}

void CodingPass::load_feedback() {
    moments_ = list_moments(study_, pass_.id);
    plan_ = visit_plan(study_, pass_.id);
    case_ = case_of_session(study_, session_.id);
    other_visits_ = case_ ? moments_of_case(study_, pass_.id) : std::vector<PlanItem>{};
}

Result<int64_t> CodingPass::add_moment(const Moment& m) {
    return write_then_catch_up<Result<int64_t>>(
        [&] { return attune::add_moment(study_, pass_.id, m); });
}

bool CodingPass::has_moment(int64_t moment_id) const {
    return std::any_of(moments_.begin(), moments_.end(),
                       [&](const Moment& m) { return m.id == moment_id; });
}

Status CodingPass::update_moment(const Moment& m) {
    if (!has_moment(m.id)) return Error{"That moment is not one of this pass's"};
    return write_then_catch_up<Status>([&] { return attune::update_moment(study_, m); });
}

Status CodingPass::remove_moment(int64_t moment_id) {
    if (!has_moment(moment_id)) return Error{"That moment is not one of this pass's"};
    return write_then_catch_up<Status>([&] { return attune::remove_moment(study_, moment_id); });
}

Status CodingPass::move_in_plan(int64_t moment_id, size_t index) {
    return write_then_catch_up<Status>(
        [&] { return attune::move_in_plan(study_, pass_.id, moment_id, index); });
}

Status CodingPass::add_to_plan(int64_t moment_id) {
    return write_then_catch_up<Status>(
        [&] { return attune::add_to_plan(study_, pass_.id, moment_id); });
}

Status CodingPass::remove_from_plan(int64_t moment_id) {
    return write_then_catch_up<Status>(
        [&] { return attune::remove_from_plan(study_, pass_.id, moment_id); });
}

Status CodingPass::set_plan_script(int64_t moment_id, const std::string& script) {
    return write_then_catch_up<Status>(
        [&] { return attune::set_plan_script(study_, pass_.id, moment_id, script); });
}

void CodingPass::load_comments() {
    comments_ = review_comments(study_, pass_.id);
    comment_counts_ = comment_counts(comments_);
}

void CodingPass::derive() {
    issues_ = check_validity(scheme_, content_);
    hints_.clear();
    if (hints_may_show(pass_.role, content_.classification))
        hints_ = evaluate_hints(scheme_, content_.ratings);
    ++generation_;
}

namespace {
// What a failed read of the study says to the coder (the file went away, was damaged).
Error read_failure(const Study& study, const std::exception& e) {
    if (const auto* sql_error = dynamic_cast<const sql::SqlError*>(&e))
        return Error{describe_study_failure(*sql_error, study.path())};
    return Error{std::string("The study could not be read (") + e.what() + ")"};
}
}  // namespace

template <typename R, typename Write>
R CodingPass::write_then_catch_up(Write&& write) {
    R r = [&]() -> R {
        try {
            return write();
        } catch (const std::exception& e) {
            return read_failure(study_, e);
        }
    }();
    if (auto seen = catch_up(); !seen && r)
        return Error{"Saved, but the screen could not be brought up to date: " +
                     seen.error().message};
    return r;
}

Status CodingPass::catch_up() try {
    const auto changes = log_.changes_since(audit_seen_);
    auto& events = content_.events;
    if (!changes.current.empty() || !changes.gone.empty()) {
        std::set<int64_t> touched(changes.gone.begin(), changes.gone.end());
        for (const Event& e : changes.current) touched.insert(e.id);
        std::erase_if(events, [&](const Event& e) { return touched.count(e.id) > 0; });
        const auto before = [](const Event& a, const Event& b) {
            return a.start_frame != b.start_frame ? a.start_frame < b.start_frame : a.id < b.id;
        };
        for (const Event& e : changes.current)
            events.insert(std::upper_bound(events.begin(), events.end(), e, before), e);
    }
    content_.episodes = derive_episodes(scheme_, events, load_episode_overrides(study_, pass_.id));
    if (changes.other_tables) {
        content_.ratings = load_ratings(study_, pass_.id);
        content_.classification = load_classification(study_, scheme_, pass_.id);
        signed_off_ = pass_sign_off(study_, pass_.id);
        load_comments();
        load_feedback();
    }
    derive();
    audit_seen_ = changes.audit_id;  // only once all of it was read: a failed read is retried
    return ok_status();
} catch (const std::exception& e) {
    return read_failure(study_, e);
}

Result<CodeResult> CodingPass::code(const std::string& behaviour, FrameTime at,
                                    const std::map<std::string, std::string>& modifiers) {
    return write_then_catch_up<Result<CodeResult>>(
        [&] { return log_.code(behaviour, at, modifiers); });
}

Status CodingPass::update(const Event& e) {
    return write_then_catch_up<Status>([&] { return log_.update(e); });
}

Status CodingPass::remove(const std::vector<int64_t>& ids) {
    return write_then_catch_up<Status>([&] { return log_.remove(ids); });
}

Status CodingPass::set_rating(const std::string& scale, const std::string& target,
                              const std::string& episode, std::optional<int> value) {
    return write_then_catch_up<Status>([&] {
        return attune::set_rating(study_, scheme_, pass_.id, scale, target, episode, value);
    });
}

Status CodingPass::set_classification(const Classification& c) {
    return write_then_catch_up<Status>(
        [&] { return attune::set_classification(study_, scheme_, pass_.id, c); });
}

Status CodingPass::comment(const CommentTarget& about, const std::string& text) {
    return write_then_catch_up<Status>([&] {
        auto id = add_review_comment(study_, pass_.id, about, text);
        return id ? ok_status() : Status(id.error());
    });
}

Status CodingPass::reply(int64_t comment_id, const std::string& text) {
    const auto to = get_review_comment(study_, comment_id);
    if (!to || to->pass_id != pass_.id)
        return Error{"this pass has no comment " + std::to_string(comment_id)};
    return write_then_catch_up<Status>([&] {
        auto id = reply_to_review_comment(study_, comment_id, text);
        return id ? ok_status() : Status(id.error());
    });
}

std::optional<int> CodingPass::rating(const std::string& scale, const std::string& target,
                                      const std::string& episode) const {
    for (const Rating& r : content_.ratings)
        if (r.scale == scale && r.target == target && r.episode == episode) return r.value;
    return std::nullopt;
}

Result<std::optional<std::string>> CodingPass::undo() {
    return replay(true);
}

Result<std::optional<std::string>> CodingPass::redo() {
    return replay(false);
}

// Only this coder's changes made in the workstation: an import or another program's
// write into the pass is reverted by naming it (attune-cli changes / revert).
Result<std::optional<std::string>> CodingPass::replay(bool backwards) {
    using Label = std::optional<std::string>;
    return write_then_catch_up<Result<Label>>([&]() -> Result<Label> {
        auto r =
            backwards ? study_.undo(pass_.id, Whose::Mine) : study_.redo(pass_.id, Whose::Mine);
        if (!r) return r.error();
        return *r ? Label((**r).label) : std::nullopt;
    });
}

}  // namespace attune::app
