#pragma once
// The timeline under the video: the episode band (actual spans, nominal length,
// curtailed/extended marked), one lane per subject x behaviour coded in this pass
// (state bars, point ticks), the audio waveform, and the playhead. Click seeks,
// the wheel zooms, dragging empty space pans, dragging a selected event's edge
// moves it frame by frame; every edit is one undoable change.
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "workbench.hpp"

namespace attune::app::ui {

class TimelineView {
  public:
    void draw(Workbench& wb, ImVec2 size);

    // Where the last frame drew: the time axis (x0, width, start, span) and the first lane.
    struct Geometry {
        float x0 = 0, width = 0, lanes_y = 0, row = 0;
        int64_t start_us = 0, span_us = 0;
    };
    const Geometry& geometry() const { return geometry_; }

  private:
    struct Lane {
        std::string subject, behaviour;
        std::vector<size_t> events;  // positions in CodingPass::events(), by start
        int64_t longest_us = 0;      // so a binary search finds bars that began off screen
    };
    struct EdgeDrag {
        int64_t event_id = 0;
        bool start_edge = true;
        int64_t frame = 0;
    };
    void rebuild(const CodingPass& pass);
    void follow(Workbench& wb, int64_t now_us);

    std::vector<Lane> lanes_;
    PassVersion generation_;  // of the pass the cache was built from
    std::optional<EdgeDrag> drag_;
    bool panning_ = false;
    int64_t last_playhead_us_ = -1;
    Geometry geometry_;
};

}  // namespace attune::app::ui
