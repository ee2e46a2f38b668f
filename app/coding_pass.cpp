#include "coding_pass.hpp"

#include <algorithm>
#include <set>

#include "attune/coding/episodes.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/study_queries.hpp"

namespace attune::app {

CodingPass::CodingPass(Study& study, Session session, Pass pass, Scheme scheme)
    : study_(study),
      session_(std::move(session)),
      pass_(pass),
      scheme_(std::move(scheme)),
      log_(study_, scheme_, pass_.id) {
    refresh();
}

void CodingPass::refresh() {
    audit_seen_ = log_.latest_audit_id();
    content_ = load_pass_content(study_, scheme_, pass_.id);
    derive();
}

void CodingPass::derive() {
    issues_ = check_validity(scheme_, content_);
    hints_ = evaluate_hints(scheme_, content_.ratings);
    ++generation_;
}

void CodingPass::catch_up() {
    const auto changes = log_.changes_since(audit_seen_);
    audit_seen_ = changes.audit_id;
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
    }
    derive();
}

Result<CodeResult> CodingPass::code(const std::string& behaviour, FrameTime at,
                                    const std::map<std::string, std::string>& modifiers) {
    auto r = log_.code(behaviour, at, modifiers);
    catch_up();
    return r;
}

Status CodingPass::update(const Event& e) {
    auto r = log_.update(e);
    catch_up();
    return r;
}

Status CodingPass::remove(const std::vector<int64_t>& ids) {
    auto r = log_.remove(ids);
    catch_up();
    return r;
}

Status CodingPass::set_rating(const std::string& scale, const std::string& target,
                              const std::string& episode, std::optional<int> value) {
    auto r = attune::set_rating(study_, scheme_, pass_.id, scale, target, episode, value);
    catch_up();
    return r;
}

Status CodingPass::set_classification(const Classification& c) {
    auto r = attune::set_classification(study_, scheme_, pass_.id, c);
    catch_up();
    return r;
}

std::optional<int> CodingPass::rating(const std::string& scale, const std::string& target,
                                      const std::string& episode) const {
    for (const Rating& r : content_.ratings)
        if (r.scale == scale && r.target == target && r.episode == episode) return r.value;
    return std::nullopt;
}

Result<std::optional<std::string>> CodingPass::undo() {
    auto r = study_.undo(pass_.id);
    catch_up();
    if (!r) return r.error();
    return *r ? std::optional(std::string((**r).label)) : std::nullopt;
}

Result<std::optional<std::string>> CodingPass::redo() {
    auto r = study_.redo(pass_.id);
    catch_up();
    if (!r) return r.error();
    return *r ? std::optional(std::string((**r).label)) : std::nullopt;
}

}  // namespace attune::app
