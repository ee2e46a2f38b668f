#pragma once
// The timeline under the video: the episode band (actual spans, nominal length,
// curtailed, short or long marked), one lane per subject x behaviour coded in this pass
// (state bars, point ticks), the audio waveform, and the playhead. Click seeks,
// the wheel zooms, dragging empty space pans, dragging a selected event's edge
// moves it frame by frame; every edit is one undoable change.
//
// Each frame runs in three steps, after Tracy's timeline and Dear ImGui's canvas demo:
// plan (lay out the lanes, merge shapes closer than a few pixels, note a hit box per visible
// event), input (the click/Ctrl/drag/pan/zoom state machine on those boxes), paint (the plan).
// The plan is made from the state at the start of the frame, so what is painted is what the
// mouse was tested against. Seeks, selections and edits are posted as intents (intents.hpp);
// only the view's own zoom, pan and follow state is written here.
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "workbench.hpp"

namespace attune::app::ui {

namespace timeline {

// The time axis: screen x <-> microseconds.
struct Scale {
    float x0 = 0, width = 1;
    int64_t start_us = 0, span_us = 1;
    float x(int64_t t) const;
    int64_t t(float x) const;
};

// One shape of a lane as painted: a bar or a merged run (Fill), a selection outline
// (Outline), a single point event (Tick: a line with a head at min.x), the mark of an
// event with review comments (Badge: a dot at min).
struct Shape {
    enum class Kind { Fill, Outline, Tick, Badge };
    Kind kind = Kind::Fill;
    ImVec2 min, max;
    ImU32 colour = 0;
    float rounding = 0, thickness = 1;
};

// What the mouse can hit: one visible event on its lane (a point event has xs == xe).
struct HitBox {
    int64_t event_id = 0;
    float y = 0, xs = 0, xe = 0;
    bool state = false, selected = false;
    int64_t start_frame = 0;
    std::optional<int64_t> stop_frame;
};

struct LanePlan {
    float y = 0;
    std::string label;
    size_t shapes_end = 0;  // this lane's shapes end here in Plan::shapes
};

// A selected event's edge being dragged, and the frame it would land on.
struct EdgeDrag {
    int64_t event_id = 0;
    bool start_edge = true;
    int64_t frame = 0;
};

// What the mouse is over, found in the planned boxes.
struct Hit {
    std::optional<int64_t> hovered;  // an event
    std::optional<EdgeDrag> edge;    // an edge of a selected state event
};

// One frame of the timeline, laid out before input and paint.
struct Plan {
    Scale s;
    ImVec2 origin, avail, win_pos, win_size;
    float row = 0, header_top = 0, lanes_top = 0, total_h = 0, y_end = 0;
    int64_t end_us = 0, now_us = 0;
    std::vector<LanePlan> lanes;
    std::vector<Shape> shapes;
    std::vector<HitBox> boxes;
};

}  // namespace timeline

class TimelineView {
  public:
    void draw(const ViewContext& cx, ImVec2 size);

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
    void rebuild(const CodingPass& pass);
    void follow(const ViewContext& cx, int64_t now_us);

    // Plan: layout, merged shapes and hit boxes for this frame.
    void plan(const ViewContext& cx, int64_t end_us, int64_t now_us);
    void reveal(const ViewContext& cx);
    void plan_lane(const CodingPass& pass, const ViewState& v, size_t li);
    // Input: the interaction item, then the state machine; returns whether it is hovered.
    bool handle_input(const ViewContext& cx, const video::FrameIndex& index,
                      const timeline::Hit& hit);
    void zoom(UiState& v, ImVec2 mouse, float wheel) const;
    void drop_edge(const ViewContext& cx, const video::FrameIndex& index);
    void click(const ViewContext& cx, const timeline::Hit& hit, ImVec2 mouse, bool ctrl) const;
    // Paint: the plan, the waveform, the playhead and drag ghost, then the pinned header.
    void paint(const ViewContext& cx, const video::FrameIndex& index) const;
    void paint_lanes(ImDrawList* dl) const;
    void show_tooltip(const CodingPass& pass, const timeline::Hit& hit) const;

    std::vector<Lane> lanes_;
    PassVersion generation_;  // of the pass the cache was built from
    std::optional<timeline::EdgeDrag> drag_;
    bool panning_ = false;
    int64_t last_playhead_us_ = -1;
    Geometry geometry_;
    timeline::Plan plan_;  // kept between frames only to reuse its vectors' storage
};

}  // namespace attune::app::ui
