#include "demo_painter.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace attune::demo {
namespace {

constexpr float kFloorY = 520, kDoorX = 120, kDoorW = 110, kDoorTop = 215;
constexpr Rgb kParent{46, 139, 150}, kStranger{176, 96, 170}, kChild{240, 180, 60},
    kObserver{120, 124, 132}, kSkin{236, 196, 164}, kInk{34, 36, 44}, kWhite{250, 250, 248};

}  // namespace

DemoPainter::DemoPainter(int width, int height, const Font& regular, const Font& bold)
    : k_(static_cast<float>(width) / 1280.f), regular_(regular), bold_(bold), room_(width, height) {
    paint_room(room_);
}

void DemoPainter::paint_room(Canvas& c) const {
    const float k = k_;
    c.vertical_gradient(0, kFloorY * k, {222, 210, 190}, {200, 186, 164});
    c.vertical_gradient(kFloorY * k, static_cast<float>(c.height()), {150, 112, 80}, {112, 80, 56});
    for (int i = 0; i < 12; ++i)  // floor boards
        c.rect(0, (kFloorY + 20 + i * 22) * k, static_cast<float>(c.width()),
               (kFloorY + 21 + i * 22) * k, {96, 70, 50}, .35f);
    c.rect(0, (kFloorY - 10) * k, static_cast<float>(c.width()), kFloorY * k, {245, 240, 230});
    // Window with sky, right wall.
    c.rounded_rect(800 * k, 90 * k, 1180 * k, 330 * k, 6 * k, {250, 248, 240});
    c.rect(812 * k, 102 * k, 1168 * k, 318 * k, {160, 200, 232});
    c.rect(812 * k, 240 * k, 1168 * k, 318 * k, {140, 186, 140}, .8f);
    c.rect(986 * k, 102 * k, 994 * k, 318 * k, {250, 248, 240});
    // Chairs for the parent (right) and the stranger (left).
    for (float x : {1010.f, 330.f}) {
        c.rounded_rect((x - 50) * k, 360 * k, (x + 50) * k, 430 * k, 8 * k, {110, 78, 60});
        c.rounded_rect((x - 55) * k, 425 * k, (x + 55) * k, 445 * k, 6 * k, {130, 92, 70});
        c.rect((x - 48) * k, 445 * k, (x - 40) * k, kFloorY * k, {90, 64, 50});
        c.rect((x + 40) * k, 445 * k, (x + 48) * k, kFloorY * k, {90, 64, 50});
    }
    // A rug with toys in the middle of the room.
    c.rounded_rect(470 * k, 530 * k, 830 * k, 600 * k, 30 * k, {190, 70, 70}, .55f);
    c.rounded_rect(680 * k, 548 * k, 716 * k, 580 * k, 4 * k, {220, 60, 60});
    c.rounded_rect(722 * k, 556 * k, 750 * k, 580 * k, 4 * k, {60, 110, 210});
    c.rounded_rect(696 * k, 524 * k, 726 * k, 549 * k, 4 * k, {250, 200, 50});
    c.circle(790 * k, 566 * k, 16 * k, {70, 170, 90});
    c.circle(785 * k, 561 * k, 5 * k, {255, 255, 255}, .5f);
}

void DemoPainter::paint_door(Canvas& c, float open) const {
    const float k = k_, x0 = (kDoorX - kDoorW / 2) * k, x1 = (kDoorX + kDoorW / 2) * k;
    c.rect(x0 - 8 * k, (kDoorTop - 8) * k, x1 + 8 * k, kFloorY * k, {245, 240, 230});  // frame
    c.rect(x0, kDoorTop * k, x1, kFloorY * k, {44, 40, 44});                           // opening
    // The leaf swings towards the viewer: it narrows as it opens.
    const float leaf = x0 + (x1 - x0) * (1.f - 0.8f * open);
    c.rect(x0, kDoorTop * k, leaf, kFloorY * k, {150, 100, 64});
    if (open < 0.5f) c.circle(leaf - 14 * k, 370 * k, 6 * k, {230, 200, 90});
}

void DemoPainter::paint_person(Canvas& c, const Figure& f, float h, Rgb body, const char* label,
                               bool seated) const {
    if (!f.visible) return;
    const float k = k_;
    const float base = (kFloorY + 40 - (seated ? h * 0.18f : 0.f) - f.lift * 120) * k;
    const float x = f.x * k, H = h * k;
    const float head_r = H * 0.12f, body_w = H * 0.34f;
    const float top = base - H;
    c.rounded_rect(x - body_w * 0.32f, base - H * 0.38f, x - body_w * 0.06f, base, body_w * 0.1f,
                   kInk, .85f);
    c.rounded_rect(x + body_w * 0.06f, base - H * 0.38f, x + body_w * 0.32f, base, body_w * 0.1f,
                   kInk, .85f);
    c.rounded_rect(x - body_w / 2, top + head_r * 2.1f, x + body_w / 2, base - H * 0.3f,
                   body_w * 0.3f, body);
    c.circle(x, top + head_r, head_r, kSkin);
    c.circle(x - head_r * 0.35f, top + head_r * 0.9f, head_r * 0.1f, kInk);
    c.circle(x + head_r * 0.35f, top + head_r * 0.9f, head_r * 0.1f, kInk);
    const float size = 18 * k;
    const int w = regular_.measure(label, size);
    c.rounded_rect(x - w / 2.f - 8 * k, base + 8 * k, x + w / 2.f + 8 * k,
                   base + 8 * k + size * 1.35f, 6 * k, kInk, .55f);
    c.text(regular_, label, size, static_cast<int>(x - w / 2.f),
           static_cast<int>(base + 8 * k + size), kWhite);
}

void DemoPainter::paint_crying(Canvas& c, const Figure& child, float cry, double t) const {
    if (!child.visible || cry <= 0) return;
    const float k = k_;
    const float head_y = (kFloorY + 40 - 150 - child.lift * 120 + 18) * k, x = child.x * k;
    for (int i = 0; i < 3; ++i) {  // falling tears
        const auto phase = static_cast<float>(std::fmod(t * 1.5 + i / 3.0, 1.0));
        c.circle(x + (i % 2 ? 14.f : -14.f) * k, head_y + phase * 40 * k, 4 * k, {120, 180, 240},
                 cry * (1 - phase));
    }
    const float pulse = 0.6f + 0.4f * static_cast<float>(std::sin(t * 2 * 3.14159 / 1.1));
    const float size = (22 + 10 * cry) * k;
    const char* word = cry > 0.8f ? "WAAAH!" : "waah";
    const int w = bold_.measure(word, size);
    c.rounded_rect(x + 30 * k, head_y - 80 * k, x + 50 * k + w, head_y - 70 * k + size, 12 * k,
                   kWhite, .85f * cry);
    c.text(bold_, word, size, static_cast<int>(x + 40 * k),
           static_cast<int>(head_y - 74 * k + size * 0.8f), {200, 40, 40}, cry * pulse);
}

void DemoPainter::paint_overlay(Canvas& c, const SceneState& s, double t, int64_t frame) const {
    const float k = k_, W = static_cast<float>(c.width()), H = static_cast<float>(c.height());
    // Top: what this is, and a burnt-in timecode with the frame number.
    c.rounded_rect(16 * k, 14 * k, 640 * k, 50 * k, 8 * k, kInk, .6f);
    const int after = c.text(bold_, "ATTUNE DEMO", 20 * k, static_cast<int>(28 * k),
                             static_cast<int>(40 * k), {250, 200, 90});
    c.text(regular_, "synthetic Strange Situation, not a real family", 20 * k,
           after + static_cast<int>(12 * k), static_cast<int>(40 * k), kWhite);
    char tc[64];
    const auto ms = static_cast<int64_t>(std::llround(t * 1000));
    std::snprintf(tc, sizeof tc, "%02lld:%02lld:%02lld.%03lld   frame %lld",
                  static_cast<long long>(ms / 3600000), static_cast<long long>(ms / 60000 % 60),
                  static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000),
                  static_cast<long long>(frame));
    const int tw = regular_.measure(tc, 20 * k);
    c.rounded_rect(W - tw - 40 * k, 14 * k, W - 16 * k, 50 * k, 8 * k, kInk, .6f);
    c.text(regular_, tc, 20 * k, static_cast<int>(W - tw - 28 * k), static_cast<int>(40 * k),
           kWhite);

    // Bottom: the episode caption and an eight-step progress strip.
    c.rect(0, H - 96 * k, W, H, kInk, .78f);
    char head[64];
    std::snprintf(head, sizeof head, "Episode %d of 8", s.episode);
    const int x = c.text(bold_, head, 28 * k, static_cast<int>(28 * k),
                         static_cast<int>(H - 56 * k), {250, 200, 90});
    c.text(regular_, DemoScript::episode_title(s.episode), 26 * k, x + static_cast<int>(20 * k),
           static_cast<int>(H - 56 * k), kWhite);
    c.text(regular_, std::string("present: ") + DemoScript::episode_present(s.episode), 18 * k,
           static_cast<int>(28 * k), static_cast<int>(H - 24 * k), {190, 196, 206});
    const float strip_x = W - 520 * k, seg = 60 * k;
    for (int e = 1; e <= 8; ++e) {
        const float sx = strip_x + (e - 1) * seg;
        const float done = e < s.episode ? 1.f : e > s.episode ? 0.f : s.episode_progress;
        c.rounded_rect(sx, H - 36 * k, sx + seg - 6 * k, H - 22 * k, 4 * k, {90, 96, 110});
        if (done > 0)
            c.rounded_rect(sx, H - 36 * k, sx + (seg - 6 * k) * done, H - 22 * k, 4 * k,
                           {250, 200, 90});
    }
}

void DemoPainter::paint(const SceneState& s, double t, int64_t frame, Canvas& out) const {
    out.copy_from(room_);
    const float open = [&] {
        float o = 0;
        for (const Figure* f : {&s.parent, &s.stranger, &s.observer})
            if (f->visible) o = std::max(o, 1.f - std::fabs(f->x - kDoorX) / 140.f);
        return std::clamp(o, 0.f, 1.f);
    }();
    paint_door(out, open);
    const bool parent_seated = s.parent.visible && std::fabs(s.parent.x - 1010) < 4;
    const bool stranger_seated = s.stranger.visible && std::fabs(s.stranger.x - 330) < 4;
    paint_person(out, s.observer, 300, kObserver, "Observer", false);
    paint_person(out, s.stranger, 300, kStranger, "Stranger", stranger_seated);
    paint_person(out, s.parent, 320, kParent, "Parent", parent_seated);
    paint_person(out, s.child, 150, kChild, "Child", false);
    paint_crying(out, s.child, s.cry, t);
    paint_overlay(out, s, t, frame);
}

}  // namespace attune::demo
