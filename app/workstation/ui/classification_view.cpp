#include "classification_view.hpp"

#include <imgui.h>

#include <algorithm>

#include "attune/coding/research_use.hpp"
#include "comments_view.hpp"
#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {
namespace {

void draw_hints(const CodingPass& pass) {
    ImGui::TextUnformatted("Rule hints");
    ImGui::SameLine();
    ImGui::TextColored(palette::kTextWarning, "ADVISORY - never a classification");
    help_marker(
        "The scheme's hints, evaluated on your ratings. They point at what to look at "
        "again; the classification is always the coder's judgement.");
    if (const std::string why = why_hints_hidden(pass.pass().role, pass.content().classification);
        !why.empty()) {
        ImGui::TextDisabled("%s", why.c_str());
        return;
    }
    for (const HintResult& h : pass.hints()) {
        const char* state = h.state == HintResult::State::Holds         ? "holds"
                            : h.state == HintResult::State::DoesNotHold ? "does not hold"
                                                                        : "not enough ratings";
        const ImVec4 colour =
            h.state == HintResult::State::Holds ? palette::kTextHintHolds : palette::kTextHintIdle;
        ImGui::TextColored(colour, "%s -> %s (%s): %s", h.id.c_str(),
                           h.suggests.empty() ? "flag" : h.suggests.c_str(), to_string(h.strength),
                           state);
        if (!h.message.empty()) ImGui::TextDisabled("    %s", h.message.c_str());
        if (h.state == HintResult::State::Holds && !h.cells.empty()) {
            std::string cells;
            for (const Rating& r : h.cells)
                cells += (cells.empty() ? "" : ", ") + r.scale + " " + r.target + " " + r.episode +
                         " = " + std::to_string(r.value);
            ImGui::TextDisabled("    from %s", cells.c_str());
        }
    }
}

// A radio button per code that can be chosen; true if the coder chose another.
bool choose_code(const Scheme& scheme, Classification& c) {
    bool changed = false;
    ImGui::TextUnformatted("Classification");
    std::string group;
    for (const ClassificationCode& code : scheme.codes) {
        // Subgroups are chosen (A1, B3); a group is a choice only without subgroups (D, CC).
        const bool has_subgroups =
            code.is_group &&
            std::any_of(scheme.codes.begin(), scheme.codes.end(),
                        [&](const auto& c) { return !c.is_group && c.group == code.code; });
        if (has_subgroups) continue;
        if (code.group != group)
            group = code.group;  // each group on its own row
        else
            ImGui::SameLine();
        if (ImGui::RadioButton(code.code.c_str(), c.code == code.code) && c.code != code.code) {
            c.code = code.code, changed = true;
            if (!code.secondary_required) c.secondary.reset();  // part of the change asked for
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", code.label.c_str());
    }
    return changed;
}

// The secondary code the chosen one requires, or one stored without need; true if changed.
bool edit_secondary(const Scheme& scheme, Classification& c) {
    bool changed = false;
    if (const ClassificationCode* code = scheme.code(c.code); code && code->secondary_required) {
        ImGui::SetNextItemWidth(160);
        if (ImGui::BeginCombo("Secondary (required)", c.secondary.value_or("choose").c_str())) {
            for (const auto& s : code->secondary_from)
                if (ImGui::Selectable(s.c_str(), c.secondary == s)) c.secondary = s, changed = true;
            ImGui::EndCombo();
        }
    } else if (c.secondary) {
        // Stored by an import or under another code: shown, and kept until the coder clears it.
        ImGui::TextDisabled("Secondary %s is stored, though %s takes none", c.secondary->c_str(),
                            c.code.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Clear")) c.secondary.reset(), changed = true;
    }
    return changed;
}

bool edit_confidence(Classification& c) {
    bool changed = false;
    ImGui::TextUnformatted("Confidence");
    for (int level = 1; level <= 3; ++level) {
        ImGui::SameLine();
        const char* names[] = {"", "uncertain", "probable", "confident"};
        if (ImGui::RadioButton(names[level], c.confidence == level) && c.confidence != level)
            c.confidence = level, changed = true;
    }
    return changed;
}

// The validity findings about the classification, to look at again.
void draw_findings(const CodingPass& pass) {
    bool any = false;
    for (const ValidityIssue& issue : pass.issues()) {
        if (issue.check != "d_without_secondary" && issue.check != "d_rating_vs_code" &&
            issue.check != "hint_disagrees" && issue.check != "hint_flag")
            continue;
        if (!any) ImGui::TextUnformatted("To look at again");
        any = true;
        ImGui::TextColored(palette::kTextCaution, "- %s", issue.message.c_str());
    }
}

}  // namespace

void ClassificationView::draw(const ViewContext& cx) {
    const CodingPass& pass = *cx.wb.pass();
    const Scheme& scheme = pass.scheme();
    Classification c = pass.content().classification.value_or(Classification{});
    if (notes_for_ != static_cast<uint64_t>(pass.pass().id)) {
        notes_ = c.notes;
        notes_for_ = static_cast<uint64_t>(pass.pass().id);
        d_dragged_.reset();
    }
    if (scheme.codes.empty()) {
        ImGui::TextDisabled("This scheme has no classification; rate the scales instead.");
        return;
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(palette::kTextWarning, "%s", research_use_caution());
    ImGui::PopTextWrapPos();
    if (const int n = pass.comments_on(classification_comment_target()); n > 0) {
        ImGui::TextColored(palette::kTextCommentBadge, "%d comment(s) on the classification:", n);
        comment_lines(pass, classification_comment_target());
        if (ImGui::SmallButton("Reply on the Comments tab"))
            cx.post(intent::ShowTab{SideTab::Comments});
        ImGui::Separator();
    }
    bool changed = choose_code(scheme, c);
    if (const ClassificationCode* linked = scheme.linked_code())
        changed |= edit_d_rating(cx, scheme, *linked, c);
    changed |= edit_secondary(scheme, c);
    changed |= edit_confidence(c);
    input_multiline("Notes", notes_, ImVec2(-1, ImGui::GetTextLineHeight() * 4));
    if (ImGui::IsItemDeactivatedAfterEdit() && notes_ != c.notes) c.notes = notes_, changed = true;
    if (changed) {
        if (c.code.empty())
            cx.say("Choose a classification code first", true);
        else
            cx.post(intent::SetClassification{c});
    }

    ImGui::Separator();
    draw_findings(pass);
    ImGui::Spacing();
    draw_hints(pass);
}

// The D slider of the code linked to a scale. While it is held the value is only shown;
// releasing it writes one change (true then).
bool ClassificationView::edit_d_rating(const ViewContext& cx, const Scheme& scheme,
                                       const ClassificationCode& linked, Classification& c) {
    bool changed = false;
    const RatingScale* scale = scheme.scale(linked.linked_scale);
    int d = d_dragged_.value_or(c.d_rating.value_or(0));
    ImGui::SetNextItemWidth(160);
    if (ImGui::SliderInt("D rating", &d, 0, scale ? scale->max : 9, d ? "%d" : "not rated"))
        d_dragged_ = d;
    if (ImGui::IsItemDeactivated()) {
        const std::optional<int> chosen =
            d_dragged_ ? (*d_dragged_ ? d_dragged_ : std::nullopt) : c.d_rating;
        if (chosen != c.d_rating) c.d_rating = chosen, changed = true;
        d_dragged_.reset();
    }
    const ImVec2 at = ImGui::GetItemRectMin();
    cx.ui.controls["D rating"] = {at.x, at.y, 160, ImGui::GetItemRectSize().y,
                                  ImGui::GetFrameCount()};
    if (linked.threshold)
        ImGui::SameLine(), ImGui::TextDisabled("(D at %d or more)", *linked.threshold);
    return changed;
}

}  // namespace attune::app::ui
