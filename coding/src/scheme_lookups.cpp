// What a loaded Scheme answers: its parts by id (behaviour, episode, scale, code, norm),
// where a scale is rated, and the file's spelling of each kind (to_string), which the
// reader also matches the file's strings against.
#include <algorithm>

#include "attune/coding/scheme.hpp"

namespace attune {

namespace {
template <typename T>
const T* find_by(const std::vector<T>& items, std::string T::*key, const std::string& value) {
    for (const T& x : items)
        if (x.*key == value) return &x;
    return nullptr;
}
}  // namespace

const BehaviourDef* Scheme::behaviour(const std::string& id) const {
    if (!behaviour_index.empty()) {
        auto it = behaviour_index.find(id);
        return it == behaviour_index.end() ? nullptr : &behaviours[it->second];
    }
    return find_by(behaviours, &BehaviourDef::id, id);  // while loading, before the index exists
}
const EpisodeDef* Scheme::episode(const std::string& id) const {
    return find_by(episodes, &EpisodeDef::id, id);
}
const RatingScale* Scheme::scale(const std::string& id) const {
    return find_by(scales, &RatingScale::id, id);
}
const ClassificationCode* Scheme::code(const std::string& c) const {
    return find_by(codes, &ClassificationCode::code, c);
}
const Norm* Scheme::norm(const std::string& id) const {
    return find_by(norms, &Norm::id, id);
}
const ClassificationCode* Scheme::linked_code() const {
    for (const auto& x : codes)
        if (!x.linked_scale.empty()) return &x;
    return nullptr;
}
bool Scheme::scale_applies(const RatingScale& s, const std::string& target,
                           const std::string& episode) const {
    auto it = s.applicability.find(target);
    if (it == s.applicability.end()) return false;
    return std::find(it->second.begin(), it->second.end(), episode) != it->second.end();
}

int64_t Scheme::event_onset_tolerance_ms() const {
    return onset_tolerance_ms.value_or(2000);
}

const char* to_string(RoleKind k) {
    switch (k) {
        case RoleKind::Unspecified:
            return "";
        case RoleKind::Focal:
            return "focal";
        case RoleKind::AttachmentFigure:
            return "attachment_figure";
        case RoleKind::Confederate:
            return "confederate";
        case RoleKind::Procedural:
            return "procedural";
        case RoleKind::Interventionist:
            return "interventionist";
        case RoleKind::Other:
            return "other";
    }
    return "";
}

const char* to_string(EpisodeKind k) {
    switch (k) {
        case EpisodeKind::Unspecified:
            return "";
        case EpisodeKind::Introduction:
            return "introduction";
        case EpisodeKind::Preseparation:
            return "preseparation";
        case EpisodeKind::StrangerIntroduction:
            return "stranger_introduction";
        case EpisodeKind::Separation:
            return "separation";
        case EpisodeKind::Reunion:
            return "reunion";
        case EpisodeKind::FreePlay:
            return "free_play";
        case EpisodeKind::Task:
            return "task";
        case EpisodeKind::Session:
            return "session";
        case EpisodeKind::Other:
            return "other";
    }
    return "";
}

const char* to_string(BehaviourKind k) {
    return k == BehaviourKind::State ? "state" : "point";
}

const char* to_string(ModifierKind k) {
    switch (k) {
        case ModifierKind::Single:
            return "single";
        case ModifierKind::Multiple:
            return "multiple";
        case ModifierKind::Numeric:
            return "numeric";
        case ModifierKind::Text:
            return "text";
    }
    return "";
}

const char* to_string(ScaleScope s) {
    return s == ScaleScope::Session ? "session" : "episode";
}

const char* to_string(HintStrength s) {
    switch (s) {
        case HintStrength::Unspecified:
            return "";
        case HintStrength::Heuristic:
            return "heuristic";
        case HintStrength::Rule:
            return "rule";
        case HintStrength::Flag:
            return "flag";
    }
    return "";
}

}  // namespace attune
