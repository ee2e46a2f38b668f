#include "coding_pass.hpp"

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
    content_ = load_pass_content(study_, scheme_, pass_.id);
    issues_ = check_validity(scheme_, content_);
    hints_ = evaluate_hints(scheme_, content_.ratings);
    ++generation_;
}

Result<CodeResult> CodingPass::code(const std::string& behaviour, FrameTime at,
                                    const std::map<std::string, std::string>& modifiers) {
    auto r = log_.code(behaviour, at, modifiers);
    refresh();
    return r;
}

Status CodingPass::update(const Event& e) {
    auto r = log_.update(e);
    refresh();
    return r;
}

Status CodingPass::remove(const std::vector<int64_t>& ids) {
    auto r = log_.remove(ids);
    refresh();
    return r;
}

Status CodingPass::set_rating(const std::string& scale, const std::string& target,
                              const std::string& episode, std::optional<int> value) {
    auto r = attune::set_rating(study_, scheme_, pass_.id, scale, target, episode, value);
    refresh();
    return r;
}

Status CodingPass::set_classification(const Classification& c) {
    auto r = attune::set_classification(study_, scheme_, pass_.id, c);
    refresh();
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
    refresh();
    if (!r) return r.error();
    return *r ? std::optional(std::string((**r).label)) : std::nullopt;
}

Result<std::optional<std::string>> CodingPass::redo() {
    auto r = study_.redo(pass_.id);
    refresh();
    if (!r) return r.error();
    return *r ? std::optional(std::string((**r).label)) : std::nullopt;
}

}  // namespace attune::app
