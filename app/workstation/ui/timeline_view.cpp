#include "timeline_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "widgets.hpp"

namespace attune::app::ui {
namespace {

constexpr float kLabelWidth = 210.0f;
constexpr float kEdgeGrab = 5.0f;
// Shapes closer than this many pixels merge into one: at a glance a dense stretch is a
// band; zooming in separates its events again.
constexpr float kMergePixels = 4.0f;

struct Scale {
    float x0, width;
    int64_t start_us, span_us;
    float x(int64_t t) const {
        return x0 + static_cast<float>(static_cast<double>(t - start_us) / span_us * width);
    }
    int64_t t(float x) const {
        return start_us + static_cast<int64_t>(std::llround((x - x0) / width * span_us));
    }
};

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
        dl->AddLine(ImVec2(x, y + h - 6), ImVec2(x, y + h), IM_COL32(160, 160, 160, 255));
        const std::string label = format_time(t).substr(step >= 1 ? 3 : 3, step >= 1 ? 5 : 9);
        dl->AddText(ImVec2(x + 2, y), IM_COL32(170, 170, 170, 255), label.c_str());
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

void TimelineView::follow(Workbench& wb, int64_t now_us) {
    ViewState& v = wb.view;
    if (now_us != last_playhead_us_ && v.follow_playhead &&
        (now_us < v.timeline_start_us || now_us > v.timeline_start_us + v.timeline_span_us))
        v.timeline_start_us = std::max<int64_t>(0, now_us - v.timeline_span_us / 10);
    last_playhead_us_ = now_us;
}

void TimelineView::draw(Workbench& wb, ImVec2 size) {
    CodingPass& pass = *wb.pass;
    if (generation_ != pass.version() || lanes_.empty()) rebuild(pass);
    ImGui::BeginChild("timeline", size, true, ImGuiWindowFlags_NoScrollWithMouse);
    const video::FrameIndex* index = wb.media->index();
    const auto now = wb.media->now();
    if (!index || !now) {
        ImGui::TextDisabled("The timeline appears once the recording is indexed.");
        ImGui::EndChild();
        return;
    }
    const int64_t end_us = index->t_us(index->frame_count() - 1);
    ViewState& v = wb.view;
    if (!v.timeline_fitted) {  // first look: the whole session, up to five minutes of it
        v.timeline_span_us = std::clamp<int64_t>(end_us + 1'000'000, 10'000'000, 300'000'000);
        v.timeline_fitted = true;
    }
    v.timeline_span_us = std::clamp<int64_t>(v.timeline_span_us, 1'000'000,
                                             std::max<int64_t>(end_us + 1'000'000, 2'000'000));
    follow(wb, now->t_us);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float row = ImGui::GetTextLineHeight() + 4;
    const Scale s{origin.x + kLabelWidth, avail.x - kLabelWidth, v.timeline_start_us,
                  v.timeline_span_us};
    const float lanes_top = origin.y + row * 2;
    geometry_ = {s.x0, s.width, lanes_top, row, s.start_us, s.span_us};
    const int wave_rows = 2;
    const float total_h = row * (2 + static_cast<float>(lanes_.size()) + wave_rows);
    const float y_end = origin.y + std::max(total_h, avail.y);

    // Ruler and episode band: pinned to the top of the timeline while the lanes scroll.
    const ImVec2 win_pos = ImGui::GetWindowPos(), win_size = ImGui::GetWindowSize();
    const float header_top = win_pos.y + ImGui::GetStyle().WindowPadding.y;
    auto draw_header = [&] {
        dl->AddRectFilled(ImVec2(win_pos.x, win_pos.y),
                          ImVec2(win_pos.x + win_size.x, header_top + row * 2),
                          ImGui::GetColorU32(ImGuiCol_ChildBg, 1.0f) | IM_COL32(0, 0, 0, 255));
        draw_ruler(dl, s, header_top, row);
        dl->AddText(ImVec2(origin.x + 4, header_top + row), IM_COL32(200, 200, 200, 255),
                    "Episodes");
        const auto& episodes = pass.content().episodes;
        for (size_t i = 0; i < episodes.size(); ++i) {
            const EpisodeSpan& ep = episodes[i];
            if (ep.source == EpisodeSpan::Source::Missing) continue;
            const int64_t stop = ep.end ? ep.end->t_us : end_us;
            const float x0 = std::max(s.x(ep.start.t_us), s.x0), x1 = s.x(stop);
            if (x1 < s.x0 || x0 > s.x0 + s.width) continue;
            const ImU32 fill = i % 2 ? IM_COL32(60, 90, 130, 255) : IM_COL32(75, 110, 155, 255);
            const float y = header_top + row;
            dl->AddRectFilled(ImVec2(x0, y + 1), ImVec2(x1, y + row - 5), fill);
            const float xn = s.x(ep.start.t_us + int64_t{ep.nominal_sec} * 1'000'000);  // nominal
            dl->AddLine(ImVec2(s.x(ep.start.t_us), y + row - 3), ImVec2(xn, y + row - 3),
                        IM_COL32(220, 220, 220, 200), 2.0f);
            std::string label = ep.id;
            if (ep.curtailed || ep.curtail_marked) label += " curtailed";
            if (ep.extended) label += " extended";
            if (ep.source == EpisodeSpan::Source::Override) label += " (set by hand)";
            const bool flagged = ep.curtailed || ep.extended;
            dl->AddText(ImVec2(x0 + 3, y + 1),
                        flagged ? IM_COL32(255, 200, 120, 255) : IM_COL32(255, 255, 255, 255),
                        label.c_str());
        }
        const float xp_head = s.x(now->t_us);
        dl->AddLine(ImVec2(xp_head, header_top), ImVec2(xp_head, header_top + row * 2),
                    IM_COL32(255, 80, 80, 255), 2.0f);
    };
    dl->PushClipRect(ImVec2(win_pos.x, header_top + row * 2),
                     ImVec2(win_pos.x + win_size.x, win_pos.y + win_size.y), true);

    // Lanes.
    const auto& events = pass.events();
    if (v.reveal_in_timeline) {  // scroll so the lane of a coded or chosen event shows
        for (size_t li = 0; li < lanes_.size(); ++li)
            for (size_t i : lanes_[li].events)
                if (events[i].id == *v.reveal_in_timeline) {
                    const float lane_y = row * (2 + static_cast<float>(li));
                    const float scroll = ImGui::GetScrollY();
                    if (lane_y < scroll + row * 2 || lane_y + row > scroll + avail.y)
                        ImGui::SetScrollY(std::max(0.0f, lane_y - avail.y / 2));
                }
        v.reveal_in_timeline.reset();
    }
    const int64_t view_end = s.start_us + s.span_us;
    std::optional<int64_t> hovered;
    std::optional<EdgeDrag> edge_under_mouse;
    const ImVec2 mouse = ImGui::GetMousePos();
    for (size_t li = 0; li < lanes_.size(); ++li) {
        const Lane& lane = lanes_[li];
        const float y = lanes_top + row * static_cast<float>(li);
        if (li % 2)
            dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + avail.x, y + row),
                              IM_COL32(255, 255, 255, 10));
        const BehaviourDef* def = pass.scheme().behaviour(lane.behaviour);
        const std::string label = (def ? def->label : lane.behaviour) + " (" + lane.subject + ")";
        dl->PushClipRect(ImVec2(origin.x, y), ImVec2(s.x0 - 4, y + row), true);
        dl->AddText(ImVec2(origin.x + 4, y + 2), IM_COL32(210, 210, 210, 255), label.c_str());
        dl->PopClipRect();
        auto first =
            std::lower_bound(lane.events.begin(), lane.events.end(), s.start_us - lane.longest_us,
                             [&](size_t i, int64_t t) { return events[i].start_us < t; });
        // Events closer than kMergePixels are drawn as one run, so a lane costs at most a
        // few hundred shapes however many events it holds; selected and running ones apart.
        const ImU32 colour = behaviour_colour(lane.behaviour);
        float run0 = 0, run1 = -1e9f, last_tick = -1e9f, tick_run0 = 0, tick_run1 = -1e9f;
        auto flush = [&] {
            if (run1 > run0)
                dl->AddRectFilled(ImVec2(run0, y + 3), ImVec2(run1, y + row - 3), colour);
        };
        auto flush_ticks = [&] {
            if (tick_run1 < tick_run0) return;
            if (tick_run1 - tick_run0 < 1) {  // one tick: a line with a head
                dl->AddLine(ImVec2(tick_run0, y + 2), ImVec2(tick_run0, y + row - 2), colour, 3.0f);
                dl->AddTriangleFilled(ImVec2(tick_run0 - 4, y + 2), ImVec2(tick_run0 + 4, y + 2),
                                      ImVec2(tick_run0, y + 8), colour);
            } else {
                dl->AddRectFilled(ImVec2(tick_run0 - 1, y + 2), ImVec2(tick_run1 + 1, y + row - 2),
                                  colour);
            }
            tick_run1 = -1e9f;
        };
        for (auto it = first; it != lane.events.end() && events[*it].start_us <= view_end; ++it) {
            const Event& e = events[*it];
            const bool selected = v.selected.count(e.id) > 0;
            const float xs = s.x(e.start_us);
            bool under = false;
            if (def && def->is_state()) {
                const int64_t stop_us = e.stop_us.value_or(now->t_us);
                const float xe = std::max(s.x(stop_us), xs + 2);
                if (selected || e.open()) {
                    dl->AddRectFilled(ImVec2(xs, y + 3), ImVec2(xe, y + row - 3),
                                      e.open() ? behaviour_colour(e.behaviour, 0.45f) : colour,
                                      3.0f);
                } else if (xs <= run1 + kMergePixels) {
                    run1 = std::max(run1, xe);
                } else {
                    flush();
                    run0 = xs, run1 = xe;
                }
                if (selected)
                    dl->AddRect(ImVec2(xs, y + 2), ImVec2(xe, y + row - 2),
                                IM_COL32(255, 255, 255, 255), 3.0f, 0, 2.0f);
                under = mouse.y >= y && mouse.y < y + row && mouse.x >= xs - kEdgeGrab &&
                        mouse.x <= xe + kEdgeGrab;
                if (under && selected) {
                    if (std::abs(mouse.x - xs) <= kEdgeGrab)
                        edge_under_mouse = EdgeDrag{e.id, true, e.start_frame};
                    else if (e.stop_frame && std::abs(mouse.x - xe) <= kEdgeGrab)
                        edge_under_mouse = EdgeDrag{e.id, false, *e.stop_frame};
                }
            } else {
                if (xs - last_tick < kMergePixels) {  // a dense stretch of ticks: one band
                    tick_run1 = xs;
                } else {
                    flush_ticks();
                    tick_run0 = tick_run1 = xs;
                }
                last_tick = xs;
                if (selected)
                    dl->AddRect(ImVec2(xs - 5, y + 1), ImVec2(xs + 5, y + row - 1),
                                IM_COL32(255, 255, 255, 255));
                under = mouse.y >= y && mouse.y < y + row && std::abs(mouse.x - xs) <= kEdgeGrab;
            }
            if (under) hovered = e.id;
        }
        flush();
        flush_ticks();
    }

    // Audio waveform.
    const float wy = lanes_top + row * static_cast<float>(lanes_.size());
    const float wh = row * wave_rows;
    dl->AddText(ImVec2(origin.x + 4, wy + 2), IM_COL32(200, 200, 200, 255), "Audio");
    if (const video::Waveform* w = wb.media->waveform(); w && !w->min.empty()) {
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
                        IM_COL32(120, 200, 140, 255));
        }
    } else if (wb.media->waveform_task().running()) {
        const std::string text =
            "computing the waveform... " +
            std::to_string(static_cast<int>(wb.media->waveform_task().progress() * 100)) + "%";
        dl->AddText(ImVec2(s.x0 + 4, wy + 2), IM_COL32(150, 150, 150, 255), text.c_str());
    } else {
        dl->AddText(ImVec2(s.x0 + 4, wy + 2), IM_COL32(150, 150, 150, 255), "no audio");
    }

    // Playhead and drag ghost.
    const float xp = s.x(now->t_us);
    dl->AddLine(ImVec2(xp, origin.y), ImVec2(xp, y_end), IM_COL32(255, 80, 80, 255), 2.0f);
    if (drag_) {
        const float xd = s.x(index->t_us(drag_->frame));
        dl->AddLine(ImVec2(xd, origin.y), ImVec2(xd, y_end), IM_COL32(255, 255, 255, 200), 1.0f);
    }

    dl->PopClipRect();
    draw_header();

    // Interaction over the whole area.
    ImGui::SetCursorScreenPos(origin);
    ImGui::InvisibleButton("timeline_area", ImVec2(avail.x, std::max(total_h, avail.y)));
    const bool over = ImGui::IsItemHovered();
    const ImGuiIO& io = ImGui::GetIO();
    if (over && edge_under_mouse) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    if (over && io.MouseWheel != 0 && mouse.x > s.x0) {  // zoom around the mouse
        const int64_t anchor = s.t(mouse.x);
        const double factor = io.MouseWheel > 0 ? 0.8 : 1.25;
        v.timeline_span_us = std::clamp<int64_t>(static_cast<int64_t>(v.timeline_span_us * factor),
                                                 1'000'000, end_us + 10'000'000);
        v.timeline_start_us = std::max<int64_t>(
            0, anchor - static_cast<int64_t>((mouse.x - s.x0) / s.width * v.timeline_span_us));
        v.follow_playhead = false;
    }
    if (ImGui::IsItemActivated()) {
        if (edge_under_mouse) drag_ = edge_under_mouse;
        panning_ = false;
    }
    if (ImGui::IsItemActive() && !drag_ && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4.0f)) {
        panning_ = true;
        v.follow_playhead = false;
        v.timeline_start_us = std::max<int64_t>(
            0, v.timeline_start_us - static_cast<int64_t>(io.MouseDelta.x / s.width * s.span_us));
    }
    if (ImGui::IsItemActive() && drag_)
        drag_->frame = index->frame_at_us(std::clamp<int64_t>(s.t(mouse.x), 0, end_us));
    if (ImGui::IsItemDeactivated()) {
        if (drag_) {
            auto it = std::find_if(events.begin(), events.end(),
                                   [&](const Event& e) { return e.id == drag_->event_id; });
            if (it != events.end()) {
                Event e = *it;
                const FrameTime at{drag_->frame, index->t_us(drag_->frame)};
                if (drag_->start_edge)
                    e.start_frame = at.frame, e.start_us = at.t_us;
                else
                    e.stop_frame = at.frame, e.stop_us = at.t_us;
                if (e.stop_frame && *e.stop_frame < e.start_frame)
                    wb.notify("An event cannot stop before it starts", true);
                else
                    wb.report(pass.update(e));
            }
            drag_.reset();
        } else if (!panning_ && mouse.x > s.x0) {
            if (hovered) {
                if (io.KeyCtrl) {
                    if (!v.selected.erase(*hovered)) v.selected.insert(*hovered);
                } else {
                    v.selected = {*hovered};
                }
                v.scroll_to_event = *hovered;
            } else {
                wb.media->pause();
                wb.media->seek_time_us(std::clamp<int64_t>(s.t(mouse.x), 0, end_us));
                v.follow_playhead = true;
                if (!io.KeyCtrl) v.selected.clear();
            }
        }
        panning_ = false;
    }
    if (over && hovered && !drag_) {
        for (const Event& e : events)
            if (e.id == *hovered) {
                ImGui::SetTooltip("%s %s  frame %lld%s", e.subject.c_str(), e.behaviour.c_str(),
                                  static_cast<long long>(e.start_frame),
                                  e.stop_frame && *e.stop_frame != e.start_frame
                                      ? (" - " + std::to_string(*e.stop_frame)).c_str()
                                      : "");
                break;
            }
    }
    ImGui::EndChild();
}

}  // namespace attune::app::ui
