#include "timeline_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {
using timeline::EdgeDrag;
using timeline::Hit;
using timeline::HitBox;
using timeline::Plan;
using timeline::Scale;
using timeline::Shape;

float Scale::x(int64_t t) const {
    return x0 + static_cast<float>(static_cast<double>(t - start_us) / span_us * width);
}

int64_t Scale::t(float x) const {
    return start_us + static_cast<int64_t>(std::llround((x - x0) / width * span_us));
}

namespace {

constexpr float kEdgeGrab = 5.0f;
// Shapes closer than this many pixels merge into one: at a glance a dense stretch is a
// band; zooming in separates its events again.
constexpr float kMergePixels = 4.0f;
constexpr int kWaveRows = 2;

// Collects one lane's shapes in paint order. Events closer than kMergePixels become one
// run, so a lane costs at most a few hundred shapes however many events it holds; selected
// and running state events are kept apart.
class LaneShapes {
  public:
    LaneShapes(std::vector<Shape>& out, float y, float row, ImU32 colour)
        : out_(out), y_(y), row_(row), colour_(colour) {}

    void bar(float xs, float xe, bool selected, std::optional<ImU32> open) {
        if (selected || open) {
            fill(ImVec2(xs, y_ + 3), ImVec2(xe, y_ + row_ - 3), open.value_or(colour_), 3.0f);
        } else if (xs <= run1_ + kMergePixels) {
            run1_ = std::max(run1_, xe);
        } else {
            flush_bars();
            run0_ = xs, run1_ = xe;
        }
        if (selected)
            out_.push_back({Shape::Kind::Outline, ImVec2(xs, y_ + 2), ImVec2(xe, y_ + row_ - 2),
                            palette::kSelected, 3.0f, 2.0f});
    }

    void tick(float xs, bool selected) {
        if (xs - last_tick_ < kMergePixels) {  // a dense stretch of ticks: one band
            tick_run1_ = xs;
        } else {
            flush_ticks();
            tick_run0_ = tick_run1_ = xs;
        }
        last_tick_ = xs;
        if (selected)
            out_.push_back({Shape::Kind::Outline, ImVec2(xs - 5, y_ + 1),
                            ImVec2(xs + 5, y_ + row_ - 1), palette::kSelected});
    }

    void finish() {
        flush_bars();
        flush_ticks();
    }

  private:
    void fill(ImVec2 min, ImVec2 max, ImU32 colour, float rounding = 0) {
        out_.push_back({Shape::Kind::Fill, min, max, colour, rounding});
    }
    void flush_bars() {
        if (run1_ > run0_) fill(ImVec2(run0_, y_ + 3), ImVec2(run1_, y_ + row_ - 3), colour_);
    }
    void flush_ticks() {
        if (tick_run1_ < tick_run0_) return;
        if (tick_run1_ - tick_run0_ < 1)  // one tick: a line with a head
            out_.push_back({Shape::Kind::Tick, ImVec2(tick_run0_, y_),
                            ImVec2(tick_run0_, y_ + row_), colour_});
        else
            fill(ImVec2(tick_run0_ - 1, y_ + 2), ImVec2(tick_run1_ + 1, y_ + row_ - 2), colour_);
        tick_run1_ = -1e9f;
    }

    std::vector<Shape>& out_;
    float y_, row_;
    ImU32 colour_;
    float run0_ = 0, run1_ = -1e9f, last_tick_ = -1e9f, tick_run0_ = 0, tick_run1_ = -1e9f;
};

// The mark of what has review comments: a dot whose box starts at `at`.
void paint_comment_mark(ImDrawList* dl, ImVec2 at) {
    dl->AddCircleFilled(ImVec2(at.x + 4, at.y + 4), 4.0f, palette::kCommentBadge);
    dl->AddCircle(ImVec2(at.x + 4, at.y + 4), 4.0f, palette::kOpaque);
}

void paint_shape(ImDrawList* dl, const Shape& sh) {
    switch (sh.kind) {
        case Shape::Kind::Fill:
            dl->AddRectFilled(sh.min, sh.max, sh.colour, sh.rounding);
            break;
        case Shape::Kind::Outline:
            dl->AddRect(sh.min, sh.max, sh.colour, sh.rounding, 0, sh.thickness);
            break;
        case Shape::Kind::Badge:
            paint_comment_mark(dl, sh.min);
            break;
        case Shape::Kind::Tick: {
            const float x = sh.min.x, y = sh.min.y, bottom = sh.max.y;
            dl->AddLine(ImVec2(x, y + 2), ImVec2(x, bottom - 2), sh.colour, 3.0f);
            dl->AddTriangleFilled(ImVec2(x - 4, y + 2), ImVec2(x + 4, y + 2), ImVec2(x, y + 8),
                                  sh.colour);
            break;
        }
    }
}

Hit hit_test(const Plan& p, ImVec2 mouse) {
    Hit hit;
    for (const HitBox& b : p.boxes) {
        if (mouse.y < b.y || mouse.y >= b.y + p.row) continue;
        if (mouse.x < b.xs - kEdgeGrab || mouse.x > b.xe + kEdgeGrab) continue;
        hit.hovered = b.event_id;
        if (!b.state || !b.selected) continue;
        if (std::abs(mouse.x - b.xs) <= kEdgeGrab)
            hit.edge = EdgeDrag{b.event_id, true, b.start_frame};
        else if (b.stop_frame && std::abs(mouse.x - b.xe) <= kEdgeGrab)
            hit.edge = EdgeDrag{b.event_id, false, *b.stop_frame};
    }
    return hit;
}

void draw_ruler(ImDrawList* dl, const Scale& s, float y, float h) {
    const double seconds = s.span_us / 1e6;
    double step = 1;
    for (double c : {0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 600.0, 1800.0, 3600.0})
        if (seconds / c <= 12) {
            step = c;
            break;
        }
    const int64_t step_us = static_cast<int64_t>(step * 1e6);
    for (int64_t t = (s.start_us / step_us) * step_us; t <= s.start_us + s.span_us; t += step_us) {
        const float x = s.x(t);
        if (x < s.x0) continue;
        dl->AddLine(ImVec2(x, y + h - 6), ImVec2(x, y + h), palette::kRulerTick);
        const std::string label = format_time(t).substr(step >= 1 ? 3 : 3, step >= 1 ? 5 : 9);
        dl->AddText(ImVec2(x + 2, y), palette::kRulerLabel, label.c_str());
    }
}

void paint_episode(ImDrawList* dl, const Plan& p, const EpisodeSpan& ep, size_t i, bool commented) {
    const Scale& s = p.s;
    const int64_t stop = ep.end ? ep.end->t_us : p.end_us;
    const float x0 = std::max(s.x(ep.start.t_us), s.x0), x1 = s.x(stop);
    if (x1 < s.x0 || x0 > s.x0 + s.width) return;
    const ImU32 fill = i % 2 ? palette::kEpisodeFillAlternate : palette::kEpisodeFill;
    const float y = p.header_top + p.row, row = p.row;
    dl->AddRectFilled(ImVec2(x0, y + 1), ImVec2(x1, y + row - 5), fill);
    const float xn = s.x(ep.start.t_us + int64_t{ep.nominal_sec} * 1'000'000);  // nominal
    dl->AddLine(ImVec2(s.x(ep.start.t_us), y + row - 3), ImVec2(xn, y + row - 3),
                palette::kEpisodeNominal, 2.0f);
    std::string label = ep.id;
    if (const std::string word = length_word(ep); !word.empty()) label += " " + word;
    if (ep.source == EpisodeSpan::Source::Override) label += " (set by hand)";
    const bool flagged = (ep.too_short && !ep.curtail_marked) || ep.too_long;
    dl->AddText(ImVec2(x0 + 3, y + 1), flagged ? palette::kEpisodeFlagged : palette::kEpisodeLabel,
                label.c_str());
    if (commented)
        paint_comment_mark(dl, ImVec2(x0 + 6 + ImGui::CalcTextSize(label.c_str()).x, y + 3));
}

// Ruler and episode band: pinned to the top of the timeline while the lanes scroll.
void paint_header(ImDrawList* dl, const Plan& p, const CodingPass& pass) {
    const float top = p.header_top, row = p.row;
    dl->AddRectFilled(ImVec2(p.win_pos.x, p.win_pos.y),
                      ImVec2(p.win_pos.x + p.win_size.x, top + row * 2),
                      ImGui::GetColorU32(ImGuiCol_ChildBg, 1.0f) | palette::kOpaque);
    draw_ruler(dl, p.s, top, row);
    dl->AddText(ImVec2(p.origin.x + 4, top + row), palette::kLaneTitle, "Episodes");
    const auto& episodes = pass.content().episodes;
    for (size_t i = 0; i < episodes.size(); ++i)
        if (episodes[i].source != EpisodeSpan::Source::Missing)
            paint_episode(dl, p, episodes[i], i,
                          pass.comments_on(episode_comment_target(episodes[i].id)) > 0);
    const float xp_head = p.s.x(p.now_us);
    dl->AddLine(ImVec2(xp_head, top), ImVec2(xp_head, top + row * 2), palette::kPlayhead, 2.0f);
}

void paint_waveform(ImDrawList* dl, const Plan& p, const SessionMedia& media) {
    const Scale& s = p.s;
    const float wy = p.lanes_top + p.row * static_cast<float>(p.lanes.size());
    const float wh = p.row * kWaveRows;
    dl->AddText(ImVec2(p.origin.x + 4, wy + 2), palette::kLaneTitle, "Audio");
    if (const video::Waveform* w = media.waveform(); w && !w->min.empty()) {
        const float mid = wy + wh / 2;
        for (float x = s.x0; x < s.x0 + s.width; x += 1.0f) {
            const int64_t t0 = s.t(x) - w->first_bucket_us, t1 = s.t(x + 1) - w->first_bucket_us;
            const int64_t b0 = std::max<int64_t>(0, t0 / w->bucket_us);
            const int64_t b1 = std::min<int64_t>(static_cast<int64_t>(w->min.size()) - 1,
                                                 std::max(b0, t1 / w->bucket_us));
            if (b0 > b1) continue;
            float lo = 0, hi = 0;
            for (int64_t b = b0; b <= b1; ++b)
                lo = std::min(lo, w->min[static_cast<size_t>(b)]),
                hi = std::max(hi, w->max[static_cast<size_t>(b)]);
            dl->AddLine(ImVec2(x, mid - hi * wh / 2), ImVec2(x, mid - lo * wh / 2 + 1),
                        palette::kWaveform);
        }
    } else if (media.waveform_task().running()) {
        const std::string text =
            "computing the waveform... " +
            std::to_string(static_cast<int>(media.waveform_task().progress() * 100)) + "%";
        dl->AddText(ImVec2(s.x0 + 4, wy + 2), palette::kWaveformStatus, text.c_str());
    } else {
        dl->AddText(ImVec2(s.x0 + 4, wy + 2), palette::kWaveformStatus, "no audio");
    }
}

}  // namespace

void TimelineView::rebuild(const CodingPass& pass) {
    lanes_.clear();
    const auto& events = pass.events();
    std::map<std::string, size_t> by_behaviour;
    for (size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        auto [it, fresh] = by_behaviour.try_emplace(e.subject + "/" + e.behaviour, lanes_.size());
        if (fresh) lanes_.push_back({e.subject, e.behaviour, {}, 0});
        Lane& lane = lanes_[it->second];
        lane.events.push_back(i);
        if (e.stop_us) lane.longest_us = std::max(lane.longest_us, *e.stop_us - e.start_us);
    }
    // Lanes in the scheme's order of behaviours, so they do not jump around while coding.
    const Scheme& scheme = pass.scheme();
    std::stable_sort(lanes_.begin(), lanes_.end(), [&](const Lane& a, const Lane& b) {
        auto pos = [&](const Lane& l) {
            auto it = scheme.behaviour_index.find(l.behaviour);
            return it == scheme.behaviour_index.end() ? SIZE_MAX : it->second;
        };
        return pos(a) < pos(b);
    });
    generation_ = pass.version();
}

void TimelineView::follow(const ViewContext& cx, int64_t now_us) {
    UiState& v = cx.ui;
    if (now_us != last_playhead_us_ && v.follow_playhead &&
        (now_us < v.timeline_start_us || now_us > v.timeline_start_us + v.timeline_span_us))
        v.timeline_start_us = std::max<int64_t>(0, now_us - v.timeline_span_us / 10);
    last_playhead_us_ = now_us;
}

void TimelineView::draw(const ViewContext& cx, ImVec2 size) {
    const CodingPass& pass = *cx.wb.pass();
    if (generation_ != pass.version() || lanes_.empty()) rebuild(pass);
    ImGui::BeginChild("timeline", size, true, ImGuiWindowFlags_NoScrollWithMouse);
    const video::FrameIndex* index = cx.wb.media()->index();
    const auto now = cx.wb.media()->now();
    if (!index || !now) {
        ImGui::TextDisabled("The timeline appears once the recording is indexed.");
        ImGui::EndChild();
        return;
    }
    const int64_t end_us = index->t_us(index->frame_count() - 1);
    UiState& v = cx.ui;
    if (!v.timeline_fitted) {  // first look: the whole session, up to five minutes of it
        v.timeline_span_us = std::clamp<int64_t>(end_us + 1'000'000, 10'000'000, 300'000'000);
        v.timeline_fitted = true;
    }
    v.timeline_span_us = std::clamp<int64_t>(v.timeline_span_us, 1'000'000,
                                             std::max<int64_t>(end_us + 1'000'000, 2'000'000));
    follow(cx, now->t_us);

    plan(cx, end_us, now->t_us);
    const Hit hit = hit_test(plan_, ImGui::GetMousePos());
    const bool over = handle_input(cx, *index, hit);
    paint(cx, *index);
    if (over && hit.hovered && !drag_) show_tooltip(pass, hit);
    ImGui::EndChild();
}

// --- plan ---------------------------------------------------------------------------------

void TimelineView::plan(const ViewContext& cx, int64_t end_us, int64_t now_us) {
    const UiState& v = cx.ui;
    Plan& p = plan_;
    p.origin = ImGui::GetCursorScreenPos();
    p.avail = ImGui::GetContentRegionAvail();
    p.row = ImGui::GetTextLineHeight() + palette::kTimelineRowPadding;
    p.s = Scale{p.origin.x + palette::kTimelineLabelWidth, p.avail.x - palette::kTimelineLabelWidth,
                v.timeline_start_us, v.timeline_span_us};
    p.lanes_top = p.origin.y + p.row * 2;
    p.total_h = p.row * (2 + static_cast<float>(lanes_.size()) + kWaveRows);
    p.y_end = p.origin.y + std::max(p.total_h, p.avail.y);
    p.win_pos = ImGui::GetWindowPos();
    p.win_size = ImGui::GetWindowSize();
    p.header_top = p.win_pos.y + ImGui::GetStyle().WindowPadding.y;
    p.end_us = end_us;
    p.now_us = now_us;
    geometry_ = {p.s.x0, p.s.width, p.lanes_top, p.row, p.s.start_us, p.s.span_us};

    reveal(cx);
    p.lanes.clear();
    p.shapes.clear();
    p.boxes.clear();
    for (size_t li = 0; li < lanes_.size(); ++li) plan_lane(*cx.wb.pass(), cx.wb.view(), li);
}

// Scrolls so the lane of a coded or chosen event shows.
void TimelineView::reveal(const ViewContext& cx) {
    UiState& v = cx.ui;
    if (!v.reveal_in_timeline) return;
    const auto& events = cx.wb.pass()->events();
    const float row = plan_.row, avail_y = plan_.avail.y;
    for (size_t li = 0; li < lanes_.size(); ++li)
        for (size_t i : lanes_[li].events)
            if (events[i].id == *v.reveal_in_timeline) {
                const float lane_y = row * (2 + static_cast<float>(li));
                const float scroll = ImGui::GetScrollY();
                if (lane_y < scroll + row * 2 || lane_y + row > scroll + avail_y)
                    ImGui::SetScrollY(std::max(0.0f, lane_y - avail_y / 2));
            }
    v.reveal_in_timeline.reset();
}

void TimelineView::plan_lane(const CodingPass& pass, const ViewState& v, size_t li) {
    Plan& p = plan_;
    const Lane& lane = lanes_[li];
    const auto& events = pass.events();
    const float y = p.lanes_top + p.row * static_cast<float>(li);
    const BehaviourDef* def = pass.scheme().behaviour(lane.behaviour);
    const bool state = def && def->is_state();
    const int64_t view_end = p.s.start_us + p.s.span_us;
    auto first =
        std::lower_bound(lane.events.begin(), lane.events.end(), p.s.start_us - lane.longest_us,
                         [&](size_t i, int64_t t) { return events[i].start_us < t; });
    LaneShapes shapes(p.shapes, y, p.row, behaviour_colour(lane.behaviour));
    const bool commented = !pass.comments().empty();
    std::vector<Shape> badges;  // a review comment's mark on its event
    for (auto it = first; it != lane.events.end() && events[*it].start_us <= view_end; ++it) {
        const Event& e = events[*it];
        const bool selected = v.selected.count(e.id) > 0;
        const float xs = p.s.x(e.start_us);
        float xe = xs;
        if (state) {
            xe = std::max(p.s.x(e.stop_us.value_or(p.now_us)), xs + 2);
            shapes.bar(xs, xe, selected,
                       e.open() ? std::optional<ImU32>(
                                      behaviour_colour(e.behaviour, palette::kOpenStateAlpha))
                                : std::nullopt);
        } else {
            shapes.tick(xs, selected);
        }
        p.boxes.push_back({e.id, y, xs, xe, state, selected, e.start_frame, e.stop_frame});
        if (commented && pass.comments_on(event_comment_target(e.id)) > 0)
            badges.push_back(
                {Shape::Kind::Badge, ImVec2(xs, y), ImVec2(xs, y), palette::kCommentBadge});
    }
    shapes.finish();
    p.shapes.insert(p.shapes.end(), badges.begin(), badges.end());  // over the lane's bars
    const std::string label = (def ? def->label : lane.behaviour) + " (" + lane.subject + ")";
    p.lanes.push_back({y, label, p.shapes.size()});
}

// --- input --------------------------------------------------------------------------------

bool TimelineView::handle_input(const ViewContext& cx, const video::FrameIndex& index,
                                const Hit& hit) {
    const Plan& p = plan_;
    UiState& v = cx.ui;
    ImGui::SetCursorScreenPos(p.origin);
    ImGui::InvisibleButton("timeline_area", ImVec2(p.avail.x, std::max(p.total_h, p.avail.y)));
    const bool over = ImGui::IsItemHovered();
    const ImGuiIO& io = ImGui::GetIO();
    const ImVec2 mouse = ImGui::GetMousePos();
    if (over && hit.edge) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (over && io.MouseWheel != 0 && mouse.x > p.s.x0) zoom(v, mouse, io.MouseWheel);
    if (ImGui::IsItemActivated()) {
        if (hit.edge) drag_ = hit.edge;
        panning_ = false;
    }
    if (ImGui::IsItemActive() && !drag_ && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4.0f)) {
        panning_ = true;
        v.follow_playhead = false;
        v.timeline_start_us = std::max<int64_t>(
            0,
            v.timeline_start_us - static_cast<int64_t>(io.MouseDelta.x / p.s.width * p.s.span_us));
    }
    if (ImGui::IsItemActive() && drag_)
        drag_->frame = index.frame_at_us(std::clamp<int64_t>(p.s.t(mouse.x), 0, p.end_us));
    if (ImGui::IsItemDeactivated()) {
        if (drag_)
            drop_edge(cx, index);
        else if (!panning_ && mouse.x > p.s.x0)
            click(cx, hit, mouse, io.KeyCtrl);
        panning_ = false;
    }
    return over;
}

// The wheel zooms around the time under the mouse.
void TimelineView::zoom(UiState& v, ImVec2 mouse, float wheel) const {
    const Scale& s = plan_.s;
    const int64_t anchor = s.t(mouse.x);
    const double factor = wheel > 0 ? 0.8 : 1.25;
    v.timeline_span_us = std::clamp<int64_t>(static_cast<int64_t>(v.timeline_span_us * factor),
                                             1'000'000, plan_.end_us + 10'000'000);
    v.timeline_start_us = std::max<int64_t>(
        0, anchor - static_cast<int64_t>((mouse.x - s.x0) / s.width * v.timeline_span_us));
    v.follow_playhead = false;
}

// Releasing a dragged edge writes the event once: one undoable change.
void TimelineView::drop_edge(const ViewContext& cx, const video::FrameIndex& index) {
    const auto& events = cx.wb.pass()->events();
    auto it = std::find_if(events.begin(), events.end(),
                           [&](const Event& e) { return e.id == drag_->event_id; });
    if (it != events.end()) {
        Event e = *it;
        const FrameTime at{drag_->frame, index.t_us(drag_->frame)};
        if (drag_->start_edge)
            e.start_frame = at.frame, e.start_us = at.t_us;
        else
            e.stop_frame = at.frame, e.stop_us = at.t_us;
        cx.post(intent::UpdateEvent{e});  // refused if it would stop before it starts
    }
    drag_.reset();
}

// A click on an event selects it (Ctrl toggles); on empty space it seeks there.
void TimelineView::click(const ViewContext& cx, const Hit& hit, ImVec2 mouse, bool ctrl) const {
    UiState& v = cx.ui;
    if (hit.hovered) {
        std::set<int64_t> selected = {*hit.hovered};
        if (ctrl) {
            selected = cx.wb.view().selected;
            if (!selected.erase(*hit.hovered)) selected.insert(*hit.hovered);
        }
        cx.post(intent::Select{std::move(selected)});
        v.scroll_to_event = *hit.hovered;
    } else {
        cx.post(intent::SeekTime{std::clamp<int64_t>(plan_.s.t(mouse.x), 0, plan_.end_us)});
        v.follow_playhead = true;
        if (!ctrl) cx.post(intent::Select{});
    }
}

// --- paint --------------------------------------------------------------------------------

void TimelineView::paint(const ViewContext& cx, const video::FrameIndex& index) const {
    const Plan& p = plan_;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(ImVec2(p.win_pos.x, p.header_top + p.row * 2),
                     ImVec2(p.win_pos.x + p.win_size.x, p.win_pos.y + p.win_size.y), true);
    paint_lanes(dl);
    paint_waveform(dl, p, *cx.wb.media());
    const float xp = p.s.x(p.now_us);
    dl->AddLine(ImVec2(xp, p.origin.y), ImVec2(xp, p.y_end), palette::kPlayhead, 2.0f);
    if (drag_) {
        const float xd = p.s.x(index.t_us(drag_->frame));
        dl->AddLine(ImVec2(xd, p.origin.y), ImVec2(xd, p.y_end), palette::kDragGhost, 1.0f);
    }
    dl->PopClipRect();
    paint_header(dl, p, *cx.wb.pass());
}

void TimelineView::paint_lanes(ImDrawList* dl) const {
    const Plan& p = plan_;
    size_t shape = 0;
    for (size_t li = 0; li < p.lanes.size(); ++li) {
        const timeline::LanePlan& lane = p.lanes[li];
        const float y = lane.y;
        if (li % 2)
            dl->AddRectFilled(ImVec2(p.origin.x, y), ImVec2(p.origin.x + p.avail.x, y + p.row),
                              palette::kLaneStripe);
        dl->PushClipRect(ImVec2(p.origin.x, y), ImVec2(p.s.x0 - 4, y + p.row), true);
        dl->AddText(ImVec2(p.origin.x + 4, y + 2), palette::kLaneLabel, lane.label.c_str());
        dl->PopClipRect();
        for (; shape < lane.shapes_end; ++shape) paint_shape(dl, p.shapes[shape]);
    }
}

void TimelineView::show_tooltip(const CodingPass& pass, const Hit& hit) const {
    for (const Event& e : pass.events())
        if (e.id == *hit.hovered) {
            ImGui::SetTooltip("%s %s  frame %lld%s", e.subject.c_str(), e.behaviour.c_str(),
                              static_cast<long long>(e.start_frame),
                              e.stop_frame && *e.stop_frame != e.start_frame
                                  ? (" - " + std::to_string(*e.stop_frame)).c_str()
                                  : "");
            return;
        }
}

}  // namespace attune::app::ui
