#include "feedback_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "attune/coding/utf8.hpp"
#include "coding_overlays.hpp"
#include "palette.hpp"
#include "transport_bar.hpp"
#include "video_view.hpp"
#include "widgets.hpp"

namespace attune::app::ui {
namespace {

const Moment* find_moment(const std::vector<Moment>& moments, std::optional<int64_t> id) {
    if (!id) return nullptr;
    const auto it =
        std::find_if(moments.begin(), moments.end(), [&](const Moment& m) { return m.id == *id; });
    return it == moments.end() ? nullptr : &*it;
}

bool in_plan(const CodingPass& pass, int64_t moment_id) {
    return std::any_of(pass.plan().begin(), pass.plan().end(),
                       [&](const PlanItem& p) { return p.moment.id == moment_id; });
}

// The theme as the case's protocol titles it, else as stored.
std::string theme_label(const CodingPass& pass, const std::string& theme) {
    if (const auto& c = pass.feedback_case(); c && c->protocol)
        for (const ProtocolVisit& v : c->protocol->visits)
            if (v.theme == theme) return v.title;
    return theme.empty() ? "(no theme)" : theme;
}

std::string frame_text(const std::optional<FrameTime>& f) {
    if (!f) return "not marked";
    return "frame " + std::to_string(f->frame) + " (" + format_time(f->t_us) + ")";
}

// The protocol's themes to choose from, or a field to type one without a protocol.
void theme_chooser(const CodingPass& pass, std::string& theme) {
    const auto& c = pass.feedback_case();
    if (!c || !c->protocol || c->protocol->visits.empty()) {
        input_text("Theme", theme);
        return;
    }
    if (ImGui::BeginCombo("Theme", theme_label(pass, theme).c_str())) {
        for (const ProtocolVisit& v : c->protocol->visits) {
            const std::string label = "Visit " + std::to_string(v.visit) + ": " + v.title;
            if (ImGui::Selectable(label.c_str(), v.theme == theme)) theme = v.theme;
        }
        ImGui::EndCombo();
    }
}

// The fields a therapist writes: kind, title, the family's caption, the private note.
void moment_fields(const CodingPass& pass, Moment& m) {
    theme_chooser(pass, m.theme);
    int kind = m.kind == MomentKind::Strength ? 0 : 1;
    ImGui::RadioButton("Strength", &kind, 0);
    ImGui::SameLine();
    ImGui::RadioButton("To think about", &kind, 1);
    m.kind = kind == 0 ? MomentKind::Strength : MomentKind::Think;
    input_text("Title", m.title);
    ImGui::TextUnformatted("Caption for the family (the child's words allowed: \"I want...\")");
    const float w = ImGui::GetContentRegionAvail().x;
    input_multiline("##caption", m.caption, ImVec2(w, ImGui::GetTextLineHeight() * 3.5f));
    const size_t chars = utf8_length(m.caption);
    ImGui::TextColored(chars > kMaxCaptionChars ? palette::kTextError : palette::kTextNote,
                       "%zu / %zu characters", chars, kMaxCaptionChars);
    ImGui::TextColored(palette::kTextPrivate, "Private note (never shown to the family)");
    input_multiline("##note", m.note, ImVec2(w, ImGui::GetTextLineHeight() * 2.5f));
}

}  // namespace

std::optional<ImVec4> FeedbackView::draw(const ViewContext& cx, const VideoRenderer& renderer) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float side_w = std::round(avail.x * 0.38f);
    const float video_w = avail.x - side_w - gap;
    const float strip_h = ImGui::GetFrameHeight() * 1.6f + ImGui::GetTextLineHeightWithSpacing() +
                          ImGui::GetStyle().ItemSpacing.y * 2;
    const float transport_h = ImGui::GetFrameHeightWithSpacing() * 2;
    ImGui::BeginGroup();
    const auto picture =
        draw_video_view(cx, renderer, ImVec2(video_w, avail.y - transport_h - strip_h)).picture;
    ImGui::PushTextWrapPos(video_w);
    draw_transport_bar(cx);
    ImGui::PopTextWrapPos();
    draw_moment_strip(cx, video_w);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginChild("feedback_side", ImVec2(side_w, avail.y));
    draw_editor(cx);
    ImGui::Separator();
    draw_plan(cx);
    ImGui::EndChild();
    draw_keymap_overlay(cx);
    return picture;
}

// The recording's whole length, the moments on it, the marks of the next one, the playhead.
// A click on a moment selects it and goes to its first frame; elsewhere, goes there.
void FeedbackView::draw_moment_strip(const ViewContext& cx, float width) {
    const CodingPass& pass = *cx.wb.pass();
    const int64_t frames = std::max<int64_t>(cx.wb.media()->frame_count(), 1);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetFrameHeight() * 1.6f;
    ImGui::InvisibleButton("##moment_strip", ImVec2(width, h));
    const bool clicked = ImGui::IsItemClicked(), hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto x = [&](int64_t f) { return at.x + width * static_cast<float>(f) / frames; };
    dl->AddRectFilled(at, ImVec2(at.x + width, at.y + h), palette::kMomentStrip);
    const float mouse_x = ImGui::GetIO().MousePos.x;
    const Moment* under = nullptr;
    for (const Moment& m : pass.moments()) {
        const ImVec2 a(x(m.in.frame), at.y + 2),
            b(std::max(x(m.out.frame + 1), a.x + 3), at.y + h - 2);
        dl->AddRectFilled(
            a, b,
            m.kind == MomentKind::Strength ? palette::kMomentStrength : palette::kMomentThink);
        if (cx.ui.moment == m.id) dl->AddRect(a, b, palette::kSelected, 0, 0, 2);
        dl->PushClipRect(a, b, true);
        dl->AddText(ImVec2(a.x + 3, a.y + 2), palette::kMomentLabel, m.title.c_str());
        dl->PopClipRect();
        if (m.freeze)
            dl->AddLine(ImVec2(x(m.freeze->frame), a.y), ImVec2(x(m.freeze->frame), b.y),
                        palette::kMarkFreeze, 2);
        if (mouse_x >= a.x && mouse_x <= b.x) under = &m;
    }
    const auto& marks = cx.wb.view().marks;
    for (const auto& [mark, colour] :
         {std::pair{marks.in, palette::kMarkInOut}, std::pair{marks.out, palette::kMarkInOut},
          std::pair{marks.freeze, palette::kMarkFreeze}})
        if (mark)
            dl->AddLine(ImVec2(x(mark->frame), at.y), ImVec2(x(mark->frame), at.y + h), colour, 2);
    if (const auto now = cx.wb.media()->now())
        dl->AddLine(ImVec2(x(now->frame), at.y), ImVec2(x(now->frame), at.y + h),
                    palette::kPlayhead, 1.5f);
    if (hovered && under) ImGui::SetTooltip("%s\n%s", under->title.c_str(), under->caption.c_str());
    if (clicked && under) {
        cx.ui.moment = under->id;
        cx.post(intent::Seek{under->in.frame});
    } else if (clicked) {
        const float share = std::clamp((mouse_x - at.x) / width, 0.0f, 1.0f);
        cx.post(intent::Seek{static_cast<int64_t>(share * static_cast<float>(frames - 1))});
    }
    ImGui::TextDisabled("Moments: %zu. Marks for the next: in %s, out %s, freeze %s",
                        pass.moments().size(), frame_text(marks.in).c_str(),
                        frame_text(marks.out).c_str(), frame_text(marks.freeze).c_str());
}

// The selected moment, edited; without a selection, the next moment's fields (saved from the
// marks with Ctrl+S).
void FeedbackView::draw_editor(const ViewContext& cx) {
    const CodingPass& pass = *cx.wb.pass();
    const Moment* selected = find_moment(pass.moments(), cx.ui.moment);
    auto& editing = cx.ui.editing;
    if (!selected) {
        editing.reset();
    } else if (!editing || editing->id != selected->id ||
               (base_ != *selected && *editing == base_)) {  // changed elsewhere (undo)
        editing = base_ = *selected;
    }
    if (!editing) {
        ImGui::TextUnformatted("New moment: mark in (i) and out (o), optionally freeze (f)");
        moment_fields(pass, cx.ui.draft);
        if (ImGui::Button("Save moment (Ctrl+S)")) cx.post(intent::SaveMoment{cx.ui.draft});
        return;
    }
    Moment& m = *editing;
    ImGui::Text("Moment: frames %lld-%lld, from %s to %s", static_cast<long long>(m.in.frame),
                static_cast<long long>(m.out.frame), format_time(m.in.t_us).c_str(),
                format_time(m.out.t_us).c_str());
    const auto now = cx.wb.media()->now();
    if (now) {  // the moment's edges moved to the frame on screen (saved with the rest)
        if (ImGui::SmallButton("In on this frame")) m.in = *now;
        ImGui::SameLine();
        if (ImGui::SmallButton("Out on this frame")) m.out = *now;
    }
    ImGui::Text("Freeze: %s", frame_text(m.freeze).c_str());
    if (now && now->frame >= m.in.frame && now->frame <= m.out.frame) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Freeze on this frame")) m.freeze = *now;
    }
    if (m.freeze) {
        ImGui::SameLine();
        if (ImGui::SmallButton("No freeze")) m.freeze.reset();
    }
    moment_fields(pass, m);
    if (ImGui::Button("Save changes (Ctrl+S)")) {
        cx.post(intent::SaveMoment{m});
        base_ = m;  // as saved: an undo afterwards shows in the editor
    }
    ImGui::SameLine();
    if (ImGui::Button("Remove moment")) cx.post(intent::RemoveMoment{m.id});
    ImGui::SameLine();
    if (ImGui::Button("New moment")) cx.ui.moment.reset();
}

void FeedbackView::draw_plan(const ViewContext& cx) {
    const CodingPass& pass = *cx.wb.pass();
    const auto& plan = pass.plan();
    ImGui::Text("Visit plan: %zu moment(s), shown in this order (Alt+Up / Alt+Down, or drag)",
                plan.size());
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("plan", 3, flags)) {
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Moment");
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
        for (size_t i = 0; i < plan.size(); ++i) {
            const PlanItem& item = plan[i];
            ImGui::PushID(static_cast<int>(item.moment.id));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const std::string row = std::to_string(i + 1);
            if (ImGui::Selectable(
                    row.c_str(), cx.ui.moment == item.moment.id,
                    ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
                cx.ui.moment = item.moment.id;
                if (item.session == pass.session().label)
                    cx.post(intent::Seek{item.moment.in.frame});
            }
            if (ImGui::BeginDragDropSource()) {
                ImGui::SetDragDropPayload("attune-plan", &item.moment.id, sizeof(int64_t));
                ImGui::Text("Move \"%s\"", item.moment.title.c_str());
                ImGui::EndDragDropSource();
            }
            if (ImGui::BeginDragDropTarget()) {
                if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("attune-plan"))
                    cx.post(intent::MoveInPlan{*static_cast<const int64_t*>(p->Data), i});
                ImGui::EndDragDropTarget();
            }
            ImGui::TableNextColumn();
            ImGui::Text(
                "%s  [%s]%s", item.moment.title.c_str(),
                theme_label(pass, item.moment.theme).c_str(),
                item.session == pass.session().label ? "" : (" from " + item.session).c_str());
            if (!item.script.empty()) ImGui::TextDisabled("Say: %s", item.script.c_str());
            ImGui::TableNextColumn();
            if (ImGui::ArrowButton("up", ImGuiDir_Up) && i > 0)
                cx.post(intent::MoveInPlan{item.moment.id, i - 1});
            ImGui::SameLine();
            if (ImGui::ArrowButton("down", ImGuiDir_Down) && i + 1 < plan.size())
                cx.post(intent::MoveInPlan{item.moment.id, i + 1});
            ImGui::SameLine();
            if (ImGui::SmallButton("Leave out")) cx.post(intent::RemoveFromPlan{item.moment.id});
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    draw_script(cx);
    // Moments of this visit left out, and of the case's other visits, to add.
    if (ImGui::BeginCombo("##add", "Add a moment to the plan...")) {
        for (const Moment& m : pass.moments())
            if (!in_plan(pass, m.id) && ImGui::Selectable(("This visit: " + m.title).c_str()))
                cx.post(intent::AddToPlan{m.id});
        for (const PlanItem& other : pass.other_visits())
            if (!in_plan(pass, other.moment.id) &&
                ImGui::Selectable((other.session + ": " + other.moment.title).c_str()))
                cx.post(intent::AddToPlan{other.moment.id});
        ImGui::EndCombo();
    }
    if (ImGui::Button("Show the plan to the family (F5)")) cx.post(intent::StartPresentation{});
}

// What to say when the selected moment of the plan is shown; kept when the field is left.
void FeedbackView::draw_script(const ViewContext& cx) {
    const auto& plan = cx.wb.pass()->plan();
    const auto it = std::find_if(plan.begin(), plan.end(), [&](const PlanItem& p) {
        return cx.ui.moment && p.moment.id == *cx.ui.moment;
    });
    if (it == plan.end()) return;
    if (script_of_ != it->moment.id) {
        // Another moment selected while typing: what was typed is kept for its own moment.
        if (script_of_ && script_edited_) cx.post(intent::SetPlanScript{*script_of_, script_text_});
        script_of_ = it->moment.id, script_text_ = it->script, script_edited_ = false;
    }
    ImGui::TextUnformatted("What to say when it is shown:");
    if (input_multiline(
            "##script", script_text_,
            ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetTextLineHeight() * 2.5f)))
        script_edited_ = true;
    if (ImGui::IsItemDeactivated() && script_edited_) {
        cx.post(intent::SetPlanScript{it->moment.id, script_text_});
        script_edited_ = false;
    }
}

std::optional<ImVec4> FeedbackView::draw_therapist(const ViewContext& cx,
                                                   const VideoRenderer& renderer) {
    const Presentation& p = *cx.wb.presentation();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float video_w = std::round(avail.x * 0.55f);
    const float transport_h = ImGui::GetFrameHeightWithSpacing() * 2;
    ImGui::BeginGroup();
    const auto picture =
        draw_video_view(cx, renderer, ImVec2(video_w, avail.y - transport_h)).picture;
    ImGui::PushTextWrapPos(video_w);
    draw_transport_bar(cx);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginChild("therapist", ImVec2(0, avail.y));
    ImGui::Text("Showing moment %zu of %zu to the family", p.index() + 1, p.moments().size());
    for (size_t i = 0; i < p.moments().size(); ++i) {
        const ShownMoment& s = p.moments()[i];
        const std::string label = std::to_string(i + 1) + ". " + s.moment.title + "  (" +
                                  s.session.label + ")##shown" + std::to_string(i);
        if (ImGui::Selectable(label.c_str(), i == p.index())) cx.post(intent::ShowMoment{i});
    }
    ImGui::Separator();
    const ShownMoment& s = p.current();
    ImGui::TextWrapped("Caption: %s", s.moment.caption.c_str());
    ImGui::Spacing();
    ImGui::TextWrapped("Say: %s", s.script.empty() ? "-" : s.script.c_str());
    ImGui::Spacing();
    ImGui::TextColored(palette::kTextPrivate, "Private note (the family does not see it):");
    ImGui::TextWrapped("%s", s.moment.note.empty() ? "-" : s.moment.note.c_str());
    ImGui::Separator();
    ImGui::TextWrapped(
        "Down / Up: next / previous moment   R: replay   Space: play / pause   Left / Right: "
        "a frame   2: half speed (sound kept at its pitch)   4: quarter speed (muted)   1: "
        "normal   Esc: back to the plan");
    ImGui::EndChild();
    return picture;
}

std::optional<ImVec4> draw_family_view(const ViewContext& cx, const VideoRenderer& renderer,
                                       ImVec2 size, ImFont* caption_font) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y),
                      palette::kFamilyBackground);
    const auto& p = cx.wb.presentation();
    if (!p || p->moments().empty()) return std::nullopt;
    const float font_px = caption_font->FontSize;
    const float caption_h = std::round(font_px * 3.6f);
    std::optional<ImVec4> picture;
    const SessionMedia* film = cx.wb.media();
    // Only the moment's own frames: nothing while its film is still on its way to the in frame.
    if (p->started() && film && film->ready() && film->shown() && renderer.has_picture()) {
        picture =
            fit_picture(renderer.display_aspect(), origin, ImVec2(size.x, size.y - caption_h));
        dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(renderer.texture())),
                     ImVec2(picture->x, picture->y),
                     ImVec2(picture->x + picture->z, picture->y + picture->w));
    }
    const std::string& caption = p->current().moment.caption;
    const float wrap = size.x * 0.9f;
    const ImVec2 text = caption_font->CalcTextSizeA(font_px, FLT_MAX, wrap, caption.c_str());
    const ImVec2 at(origin.x + (size.x - text.x) / 2,
                    origin.y + size.y - caption_h + (caption_h - text.y) / 2);
    dl->AddText(caption_font, font_px, at, palette::kFamilyCaption, caption.c_str(), nullptr, wrap);
    return picture;
}

std::optional<ImVec4> draw_family_screen(const ViewContext& cx, const VideoRenderer& renderer,
                                         ImVec2 pos, ImVec2 size, ImFont* caption_font) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("##family", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    auto picture = draw_family_view(cx, renderer, size, caption_font);
    ImGui::End();
    ImGui::PopStyleVar();
    return picture;
}

}  // namespace attune::app::ui
