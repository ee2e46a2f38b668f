#pragma once
// Paints one picture of the demo recording: the room, the people, the captions.
#include <cstdint>

#include "canvas.hpp"
#include "demo_script.hpp"

namespace attune::demo {

class DemoPainter {
  public:
    // Fonts must outlive the painter.
    DemoPainter(int width, int height, const Font& regular, const Font& bold);
    void paint(const SceneState& scene, double t, int64_t frame, Canvas& out) const;

  private:
    void paint_room(Canvas& c) const;
    void paint_door(Canvas& c, float open) const;
    void paint_person(Canvas& c, const Figure& f, float height, Rgb body, const char* label,
                      bool seated) const;
    void paint_crying(Canvas& c, const Figure& child, float cry, double t) const;
    void paint_overlay(Canvas& c, const SceneState& scene, double t, int64_t frame) const;
    float k_;  // design units (a 1280 x 720 room) to pixels
    const Font& regular_;
    const Font& bold_;
    Canvas room_;
};

}  // namespace attune::demo
