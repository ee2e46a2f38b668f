#include "demo_script.hpp"

#include <algorithm>

namespace attune::demo {
namespace {

constexpr float kDoor = 120, kToys = 640, kParentChair = 1010, kStrangerChair = 330;

Figure evaluate(const DemoScript::Track& track, double t) {
    auto next = std::upper_bound(track.begin(), track.end(), t,
                                 [](double v, const DemoScript::Key& k) { return v < k.t; });
    if (next == track.begin()) return {track.front().x, track.front().lift, false};
    const DemoScript::Key& a = *(next - 1);
    if (next == track.end() || !a.visible || !next->visible) return {a.x, a.lift, a.visible};
    const auto f = static_cast<float>((t - a.t) / (next->t - a.t));
    return {a.x + (next->x - a.x) * f, a.lift + (next->lift - a.lift) * f, true};
}

}  // namespace

const char* DemoScript::episode_title(int e) {
    static const char* titles[] = {
        "Introduction: parent and child are shown into the room",
        "Parent and child: the child explores the toys",
        "Stranger enters, talks with the parent, then approaches the child",
        "First separation: the parent leaves, the stranger stays",
        "First reunion: the parent returns, the stranger leaves",
        "Second separation: the child is alone",
        "Second separation continued: the stranger returns",
        "Second reunion: the parent returns and picks the child up"};
    return titles[std::clamp(e, 1, 8) - 1];
}

const char* DemoScript::episode_present(int e) {
    static const char* present[] = {
        "parent, child, observer", "parent, child", "parent, child, stranger", "child, stranger",
        "parent, child",           "child",         "child, stranger",         "parent, child"};
    return present[std::clamp(e, 1, 8) - 1];
}

DemoScript::DemoScript(double E) : episode_(E) {
    auto s = [E](int episode, double fraction = 0) { return (episode - 1 + fraction) * E; };
    const double end = 8 * E;
    const double gone = 1e-3;  // a figure leaves through the door this long after reaching it

    // Episode 1: an observer shows parent and child in, then leaves.
    observer_ = {{0, kDoor, 0, true},
                 {s(1, .25), 420, 0, true},
                 {s(1, .55), 420, 0, true},
                 {s(1, .8), kDoor, 0, true},
                 {s(1, .8) + gone, kDoor, 0, false}};
    // The parent carries the child in, puts the child down (episode 2 begins), sits,
    // leaves and returns on the Ainsworth boundaries (door crossings start episodes 4-8).
    parent_ = {{0, kDoor + 20, 0, true},
               {s(1, .6), kToys - 40, 0, true},
               {s(2), kToys - 40, 0, true},
               {s(2, .25), kParentChair, 0, true},
               {s(3, .75), kParentChair, 0, true},
               {s(4) - gone, kDoor, 0, true},
               {s(4), kDoor, 0, false},
               {s(5), kDoor, 0, true},
               {s(5, .2), 420, 0, true},
               {s(5, .5), 560, 0, true},
               {s(5, .8), 560, 0, true},
               {s(6) - gone, kDoor, 0, true},
               {s(6), kDoor, 0, false},
               {s(8), kDoor, 0, true},
               {s(8, .2), 280, 0, true},
               {end, 280, 0, true}};
    child_ = {{0, kDoor + 50, 1, true},
              {s(1, .6), kToys - 10, 1, true},
              {s(2) - gone, kToys - 10, 1, true},
              {s(2), kToys - 10, 0, true},
              {s(2, .3), 740, 0, true},
              {s(2, .65), 560, 0, true},
              {s(3), kToys, 0, true},
              {s(4, .35), kToys, 0, true},
              {s(4, .55), 230, 0, true},
              {s(4, .85), 420, 0, true},
              {s(5, .12), 420, 0, true},
              {s(5, .22), 450, 0, true},
              {s(5, .5), 590, 0, true},
              {s(6, .15), 590, 0, true},
              {s(6, .45), 220, 0, true},
              {s(8, .2), 220, 0, true},
              {s(8, .3), 310, 1, true},
              {end, 310, 1, true}};
    stranger_ = {{0, kDoor, 0, false},
                 {s(3), kDoor, 0, true},
                 {s(3, .2), kStrangerChair, 0, true},
                 {s(3, .6), kStrangerChair, 0, true},
                 {s(3, .75), 530, 0, true},
                 {s(4, .6), 530, 0, true},
                 {s(4, .8), 330, 0, true},
                 {s(5, .35), 330, 0, true},
                 {s(5, .6) - gone, kDoor, 0, true},
                 {s(5, .6), kDoor, 0, false},
                 {s(7), kDoor, 0, true},
                 {s(7, .25), 300, 0, true},
                 {s(8, .3), 300, 0, true},
                 {s(8, .5) - gone, kDoor, 0, true},
                 {s(8, .5), kDoor, 0, false}};

    events_ = {
        {"P_PUT_DOWN", "parent", s(2), s(2)},       {"S_ENTER", "stranger", s(3), s(3)},
        {"P_EXIT", "parent", s(4), s(4)},           {"CRY", "child", s(4, .3), s(5, .15)},
        {"P_ENTER", "parent", s(5), s(5)},          {"APPROACH", "child", s(5, .12), s(5, .12)},
        {"S_EXIT", "stranger", s(5, .6), s(5, .6)}, {"P_EXIT", "parent", s(6), s(6)},
        {"HARD_CRY", "child", s(6, .1), s(8, .35)}, {"S_ENTER", "stranger", s(7), s(7)},
        {"P_ENTER", "parent", s(8), s(8)},          {"S_EXIT", "stranger", s(8, .5), s(8, .5)},
        {"PROC_END", "procedure", end, end}};
    std::sort(events_.begin(), events_.end(),
              [](const ScriptEvent& a, const ScriptEvent& b) { return a.start_s < b.start_s; });
}

SceneState DemoScript::at(double t) const {
    SceneState st;
    st.episode = std::clamp(static_cast<int>(t / episode_) + 1, 1, 8);
    st.episode_time = t - (st.episode - 1) * episode_;
    st.episode_progress = static_cast<float>(std::clamp(st.episode_time / episode_, 0.0, 1.0));
    st.parent = evaluate(parent_, t);
    st.child = evaluate(child_, t);
    st.stranger = evaluate(stranger_, t);
    st.observer = evaluate(observer_, t);
    st.cry = cry_at(t);
    return st;
}

float DemoScript::cry_at(double t) const {
    for (const ScriptEvent& e : events_) {
        if (e.behaviour != "CRY" && e.behaviour != "HARD_CRY") continue;
        if (t < e.start_s || t >= e.stop_s) continue;
        // Crying swells in over a second and fades as the child is comforted.
        const float level = e.behaviour == "HARD_CRY" ? 1.f : 0.6f;
        return level * static_cast<float>(std::min({1.0, t - e.start_s, e.stop_s - t}));
    }
    return 0.f;
}

}  // namespace attune::demo
