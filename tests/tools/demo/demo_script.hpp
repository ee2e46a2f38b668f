#pragma once
// The demo recording's story: a synthetic Strange Situation in eight short
// episodes. Who is where at any instant, who is crying, and the true times of
// the procedural events (so a demo coding pass can be made from the truth).
#include <string>
#include <vector>

namespace attune::demo {

struct Figure {
    float x = 0;     // horizontal centre, in a 1280-wide room
    float lift = 0;  // 0 on the floor, 1 held in arms
    bool visible = false;
};

struct SceneState {
    int episode = 1;             // 1..8
    double episode_time = 0;     // seconds since the episode began
    float episode_progress = 0;  // 0..1 through the episode
    Figure parent, child, stranger, observer;
    float cry = 0;  // 0 calm, 1 hard crying
};

struct ScriptEvent {
    std::string behaviour;  // scheme behaviour id, e.g. P_EXIT
    std::string subject;    // parent | child | stranger | procedure
    double start_s = 0;
    double stop_s = 0;  // == start_s for point events
};

class DemoScript {
  public:
    explicit DemoScript(double episode_seconds);
    double duration() const { return 8 * episode_; }
    double episode_seconds() const { return episode_; }
    SceneState at(double t) const;
    float cry_at(double t) const;  // 0 calm .. 1 hard crying
    // Procedural events (door crossings, put-down, end) and the child's crying,
    // in time order, as the story staged them.
    const std::vector<ScriptEvent>& events() const { return events_; }

    static const char* episode_title(int episode);
    static const char* episode_present(int episode);

    struct Key {
        double t;
        float x, lift;
        bool visible;
    };
    using Track = std::vector<Key>;

  private:
    double episode_;
    Track parent_, child_, stranger_, observer_;
    std::vector<ScriptEvent> events_;
};

}  // namespace attune::demo
