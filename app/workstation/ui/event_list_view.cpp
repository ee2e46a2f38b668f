#include "event_list_view.hpp"

#include <imgui.h>

#include <algorithm>

#include "comments_view.hpp"
#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {
namespace {

enum Column { kStart, kFrame, kStop, kSubject, kBehaviour, kModifiers, kComment };

std::string modifiers_text(const Event& e) {
    std::string s;
    for (const auto& [k, v] : e.modifiers) s += (s.empty() ? "" : ", ") + k + "=" + v;
    return s;
}

bool contains(const std::string& hay, const std::string& needle) {
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           }) != hay.end();
}

}  // namespace

void EventListView::rebuild(const CodingPass& pass) {
    const auto& events = pass.events();
    rows_.clear();
    for (size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        if (!applied_filter_.empty() && !contains(e.behaviour, applied_filter_) &&
            !contains(e.subject, applied_filter_) && !contains(e.comment, applied_filter_) &&
            !contains(modifiers_text(e), applied_filter_))
            continue;
        rows_.push_back(i);
    }
    auto key = [&](size_t i) {
        const Event& e = events[i];
        switch (sort_column_) {
            case kStop:
                return std::to_string(e.stop_frame.value_or(INT64_MAX) + (int64_t{1} << 40));
            case kSubject:
                return e.subject;
            case kBehaviour:
                return e.behaviour;
            case kModifiers:
                return modifiers_text(e);
            case kComment:
                return e.comment;
            default:
                return std::string();
        }
    };
    if (sort_column_ == kStart || sort_column_ == kFrame) {
        if (!sort_ascending_) std::reverse(rows_.begin(), rows_.end());
    } else {
        std::stable_sort(rows_.begin(), rows_.end(), [&](size_t a, size_t b) {
            return sort_ascending_ ? key(a) < key(b) : key(b) < key(a);
        });
    }
    generation_ = pass.version();
}

void EventListView::draw(const ViewContext& cx) {
    const CodingPass& pass = *cx.wb.pass();
    ImGui::SetNextItemWidth(200);
    input_text("Filter", filter_);
    ImGui::SameLine();
    ImGui::Text("%zu of %zu events", rows_.size(), pass.events().size());
    if (filter_ != applied_filter_ || generation_ != pass.version()) {
        applied_filter_ = filter_;
        rebuild(pass);
    }
    const auto& events = pass.events();
    const float editor_h = ImGui::GetFrameHeightWithSpacing() * 5;
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_BordersInnerV;
    if (ImGui::BeginTable("events", 7, flags, ImVec2(0, -editor_h))) {
        setup_columns(pass);
        scroll_to_requested(cx);
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows_.size()));
        while (clipper.Step())
            for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r)
                draw_row(cx, static_cast<size_t>(r), events[rows_[static_cast<size_t>(r)]]);
        ImGui::EndTable();
    }
    draw_editor(cx);
}

// The header row; a click on a header sorts by that column.
void EventListView::setup_columns(const CodingPass& pass) {
    ImGui::TableSetupScrollFreeze(0, 1);
    const float time_w = ImGui::CalcTextSize("00:00:00.000").x;
    const float frame_w = ImGui::CalcTextSize("0000000").x;
    ImGui::TableSetupColumn(
        "Start", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_WidthFixed, time_w);
    ImGui::TableSetupColumn("Frame", ImGuiTableColumnFlags_WidthFixed, frame_w);
    ImGui::TableSetupColumn("Stop", ImGuiTableColumnFlags_WidthFixed, frame_w);
    ImGui::TableSetupColumn("Subject");
    ImGui::TableSetupColumn("Behaviour");
    ImGui::TableSetupColumn("Modifiers");
    ImGui::TableSetupColumn("Comment");
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        if (specs->SpecsCount > 0) {
            sort_column_ = specs->Specs[0].ColumnIndex;
            sort_ascending_ = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
        }
        specs->SpecsDirty = false;
        rebuild(pass);
    }
}

// Scrolls the table to an event another view asked for (the timeline, coding a key).
void EventListView::scroll_to_requested(const ViewContext& cx) {
    if (!cx.ui.scroll_to_event) return;
    const auto& events = cx.wb.pass()->events();
    std::optional<size_t> scroll_row;
    for (size_t r = 0; r < rows_.size(); ++r)
        if (events[rows_[r]].id == *cx.ui.scroll_to_event) scroll_row = r;
    cx.ui.scroll_to_event.reset();
    const float row_h = ImGui::GetTextLineHeightWithSpacing();
    if (scroll_row)
        ImGui::SetScrollY(std::max(0.0f, row_h * static_cast<float>(*scroll_row) - row_h * 3));
}

void EventListView::draw_row(const ViewContext& cx, size_t r, const Event& e) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(static_cast<int>(e.id));
    const bool selected = cx.wb.view().selected.count(e.id) > 0;
    const std::string start = format_time(e.start_us);
    if (ImGui::Selectable(
            start.c_str(), selected,
            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
        select(cx, r, e);
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) cx.post(intent::JumpToEvent{e.id});
    }
    ImGui::PopID();
    ImGui::TableNextColumn();
    ImGui::Text("%lld", static_cast<long long>(e.start_frame));
    ImGui::TableNextColumn();
    if (e.stop_frame)
        ImGui::Text("%lld", static_cast<long long>(*e.stop_frame));
    else
        ImGui::TextColored(palette::kTextRunning, "running");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(e.subject.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(e.behaviour.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(modifiers_text(e).c_str());
    ImGui::TableNextColumn();
    const CodingPass& pass = *cx.wb.pass();
    if (pass.comments_on(event_comment_target(e.id)) > 0) {
        comment_badge(pass, event_comment_target(e.id));
        ImGui::SameLine();
    }
    ImGui::TextUnformatted(e.comment.c_str());
}

// A click selects the row; Shift extends from the last clicked row, Ctrl toggles.
void EventListView::select(const ViewContext& cx, size_t r, const Event& e) {
    const auto& events = cx.wb.pass()->events();
    const ImGuiIO& io = ImGui::GetIO();
    std::set<int64_t> selected = cx.wb.view().selected;
    if (io.KeyShift) {
        const size_t lo = std::min<size_t>(anchor_row_, r);
        const size_t hi = std::max<size_t>(anchor_row_, r);
        for (size_t k = lo; k <= hi && k < rows_.size(); ++k) selected.insert(events[rows_[k]].id);
    } else if (io.KeyCtrl) {
        if (!selected.erase(e.id)) selected.insert(e.id);
        anchor_row_ = r;
    } else {
        selected = {e.id};
        anchor_row_ = r;
    }
    cx.post(intent::Select{std::move(selected)});
}

namespace {

// Moves one end of an event to another frame, kept inside the recording.
void set_frame(const video::FrameIndex* index, int64_t& frame, int64_t& us, int64_t to) {
    if (!index) return;
    frame = std::clamp<int64_t>(to, 0, index->frame_count() - 1);
    us = index->t_us(frame);
}

// Another behaviour of the same kind (a point stays a point); true if one was chosen.
bool edit_behaviour(const Scheme& scheme, Event& e) {
    bool changed = false;
    ImGui::SetNextItemWidth(180);
    if (ImGui::BeginCombo("Behaviour", e.behaviour.c_str())) {
        const BehaviourDef* current = scheme.behaviour(e.behaviour);
        for (const BehaviourDef& b : scheme.behaviours) {
            if (current && b.kind != current->kind) continue;  // a point stays a point
            if (ImGui::Selectable(b.id.c_str(), b.id == e.behaviour) && b.id != e.behaviour) {
                e.behaviour = b.id, e.subject = b.subject;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

// -1/+1 frame buttons for the start and (for a state) the stop; true if one was pressed.
bool edit_frames(const video::FrameIndex* index, Event& e) {
    bool changed = false;
    ImGui::Text("start %lld", static_cast<long long>(e.start_frame));
    ImGui::SameLine();
    if (ImGui::SmallButton("-1##s"))
        set_frame(index, e.start_frame, e.start_us, e.start_frame - 1), changed = true;
    ImGui::SameLine();
    if (ImGui::SmallButton("+1##s"))
        set_frame(index, e.start_frame, e.start_us, e.start_frame + 1), changed = true;
    if (e.stop_frame && e.stop_frame != e.start_frame) {
        int64_t stop = *e.stop_frame, stop_us = e.stop_us.value_or(0);
        ImGui::SameLine(0, palette::kGroupGap);
        ImGui::Text("stop %lld", static_cast<long long>(stop));
        ImGui::SameLine();
        if (ImGui::SmallButton("-1##e")) set_frame(index, stop, stop_us, stop - 1), changed = true;
        ImGui::SameLine();
        if (ImGui::SmallButton("+1##e")) set_frame(index, stop, stop_us, stop + 1), changed = true;
        e.stop_frame = stop, e.stop_us = stop_us;
    } else if (e.stop_frame) {
        e.stop_frame = e.start_frame, e.stop_us = e.start_us;  // a point moves as one
    }
    return changed;
}

// One field per modifier the behaviour has; true if one was changed.
bool edit_modifiers(const BehaviourDef& def, Event& e) {
    bool changed = false;
    for (const ModifierDef& m : def.modifiers) {
        const std::string current = e.modifiers.count(m.id) ? e.modifiers.at(m.id) : "";
        ImGui::SetNextItemWidth(140);
        if (!m.values.empty()) {
            if (ImGui::BeginCombo(m.id.c_str(), current.c_str())) {
                for (const auto& value : m.values)
                    if (ImGui::Selectable(value.c_str(), value == current))
                        e.modifiers[m.id] = value, changed = true;
                ImGui::EndCombo();
            }
        } else {
            std::string text = current;
            if (input_text(m.id.c_str(), text, ImGuiInputTextFlags_EnterReturnsTrue))
                e.modifiers[m.id] = text, changed = true;
        }
        ImGui::SameLine();
    }
    ImGui::NewLine();
    return changed;
}

}  // namespace

void EventListView::draw_editor(const ViewContext& cx) {
    const CodingPass& pass = *cx.wb.pass();
    ImGui::Separator();
    if (cx.wb.view().selected.size() > 1) {
        ImGui::Text("%zu events selected.", cx.wb.view().selected.size());
        if (ImGui::Button("Delete selected (Delete)")) {
            cx.post(
                intent::RemoveEvents{{cx.wb.view().selected.begin(), cx.wb.view().selected.end()}});
            cx.post(intent::Select{});
        }
        return;
    }
    const Event* found = nullptr;
    if (cx.wb.view().selected.size() == 1)
        for (const Event& e : pass.events())
            if (e.id == *cx.wb.view().selected.begin()) found = &e;
    if (!found) {
        ImGui::TextDisabled("Select an event to edit it; double-click to go to its frame.");
        return;
    }
    Event e = *found;
    if (editing_id_ != e.id) editing_id_ = e.id, comment_ = e.comment;
    const video::FrameIndex* index = cx.wb.media() ? cx.wb.media()->index() : nullptr;
    bool changed = edit_behaviour(pass.scheme(), e);
    changed |= edit_frames(index, e);
    if (const BehaviourDef* def = pass.scheme().behaviour(e.behaviour))
        changed |= edit_modifiers(*def, e);
    ImGui::SetNextItemWidth(-120);
    input_text("Comment", comment_);
    if (ImGui::IsItemDeactivatedAfterEdit()) e.comment = comment_, changed = true;
    ImGui::SameLine();
    if (ImGui::Button("Delete")) {
        cx.post(intent::RemoveEvents{{e.id}});
        cx.post(intent::Select{});
        return;
    }
    // Refused (with a message) if it would stop before it starts.
    if (changed && !(e == *found)) cx.post(intent::UpdateEvent{e});
}

}  // namespace attune::app::ui
