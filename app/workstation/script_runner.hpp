#pragma once
// Plays a parsed `--script` (script.hpp) into the running workstation: each frame it runs
// the commands that are due, pressing keys through the same queue the window fills and
// posting the same intents (intents.hpp) the views do.
#include <optional>
#include <vector>

#include "keys.hpp"
#include "script.hpp"
#include "workbench.hpp"

namespace attune::app {

class ScriptRunner {
  public:
    explicit ScriptRunner(std::vector<ScriptCommand> commands) : commands_(std::move(commands)) {}
    // Runs what is due this frame; false once the script has ended.
    bool tick(Workbench& wb, KeyInput& input, int64_t now_us);
    bool done() const { return next_ >= commands_.size() && hold_until_us_ < 0; }

    // The pointer the script drives, applied to ImGui's input before each frame begins
    // (after the window backend has read the real mouse), or nothing until it moves.
    struct Mouse {
        float x = 0, y = 0;
        bool down = false;
    };
    const std::optional<Mouse>& mouse() const { return mouse_; }

  private:
    bool media_settled(const Workbench& wb) const;
    void press(const ScriptCommand& c, Workbench& wb, KeyInput& input);
    static void say_shown(const ScriptCommand& c, const Workbench& wb);
    bool waiting(const Workbench& wb, KeyInput& input, int64_t now_us);
    bool study_verb(const ScriptCommand& c, Workbench& wb);
    bool input_verb(const ScriptCommand& c, Workbench& wb, KeyInput& input, int64_t now_us);

    std::vector<ScriptCommand> commands_;
    size_t next_ = 0;
    int64_t wait_until_us_ = -1;
    int frames_left_ = 0;
    int hold_key_ = 0;
    int64_t hold_until_us_ = -1;
    std::optional<int64_t> seek_target_;
    bool seek_posted_ = false;
    bool await_proxy_ = false;
    std::optional<Mouse> mouse_;
};

}  // namespace attune::app
