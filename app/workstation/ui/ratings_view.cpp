#include "ratings_view.hpp"

#include <imgui.h>

#include <algorithm>

#include "attune/coding/ratings.hpp"
#include "comments_view.hpp"
#include "palette.hpp"

namespace attune::app::ui {
namespace {

bool same_cell(const Rating& a, const std::string& s, const std::string& t, const std::string& e) {
    return a.scale == s && a.target == t && a.episode == e;
}

void anchor_tooltip(const RatingScale& scale, const CodingPass* pass = nullptr,
                    const CommentTarget* about = nullptr) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::Text("%s (%d-%d)", scale.label.c_str(), scale.min, scale.max);
    if (!scale.construct.empty()) ImGui::TextDisabled("%s", scale.construct.c_str());
    for (const Anchor& a : scale.anchors) {
        ImGui::Text("%d  %s", a.value, a.label.c_str());
        if (!a.text.empty()) ImGui::TextDisabled("    %s", a.text.c_str());
    }
    if (pass && about && pass->comments_on(*about) > 0) {
        ImGui::Separator();
        comment_lines(*pass, *about);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

}  // namespace

void RatingsView::cell(const ViewContext& cx, const RatingScale& scale, const std::string& target,
                       const std::string& episode) {
    const auto value = cx.wb.pass()->rating(scale.id, target, episode);
    const auto& sel = cx.wb.view().rating_cell;
    const bool selected = sel && same_cell(*sel, scale.id, target, episode);
    char label[48];
    std::snprintf(label, sizeof label, "%s##%s%s%s", value ? std::to_string(*value).c_str() : ".",
                  scale.id.c_str(), target.c_str(), episode.c_str());
    if (ImGui::Selectable(label, selected, 0, ImVec2(ImGui::GetFontSize() * 1.6f, 0)))
        cx.post(intent::SelectRatingCell{Rating{scale.id, target, episode, 0}});
    const CommentTarget about = rating_comment_target(scale.id, target, episode);
    const CodingPass& pass = *cx.wb.pass();
    if (pass.comments_on(about) > 0) {  // a spreadsheet's comment mark: the top-right corner
        const ImVec2 corner(ImGui::GetItemRectMax().x, ImGui::GetItemRectMin().y);
        const float size = ImGui::GetFontSize() * 0.45f;
        ImGui::GetWindowDrawList()->AddTriangleFilled(corner, ImVec2(corner.x - size, corner.y),
                                                      ImVec2(corner.x, corner.y + size),
                                                      palette::kCommentBadge);
    }
    if (ImGui::IsItemHovered()) anchor_tooltip(scale, &pass, &about);
}

void RatingsView::draw(const ViewContext& cx) {
    const CodingPass& pass = *cx.wb.pass();
    const Scheme& scheme = pass.scheme();
    const auto grid = rating_grid(scheme);
    size_t rated = 0;
    for (const Rating& r : grid)
        if (pass.rating(r.scale, r.target, r.episode)) ++rated;
    ImGui::Text("%zu of %zu cells rated", rated, grid.size());
    ImGui::SameLine();
    ImGui::TextDisabled("- Ctrl+R or click a cell, type values; Esc ends; hover for anchors");

    // Episode columns used by episode-scoped cells, in the scheme's order.
    std::vector<std::string> episodes;
    for (const EpisodeDef& ep : scheme.episodes)
        for (const Rating& r : grid)
            if (r.episode == ep.id) {
                episodes.push_back(ep.id);
                break;
            }
    std::vector<std::pair<const RatingScale*, std::string>> rows, session_rows;
    for (const Rating& r : grid) {
        const RatingScale* s = scheme.scale(r.scale);
        auto& into = r.episode == "ALL" ? session_rows : rows;
        if (std::find(into.begin(), into.end(), std::make_pair(s, r.target)) == into.end())
            into.emplace_back(s, r.target);
    }
    if (!rows.empty() && ImGui::BeginTable("grid", static_cast<int>(episodes.size()) + 1,
                                           ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                               ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("Scale / target");
        const float column_w =
            ImGui::CalcTextSize("E88 >").x + ImGui::GetStyle().FramePadding.x * 2;
        for (const auto& ep : episodes)
            ImGui::TableSetupColumn(ep.c_str(), ImGuiTableColumnFlags_WidthFixed, column_w);
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("Scale / target");
        for (const auto& ep : episodes) {
            ImGui::TableNextColumn();
            if (ImGui::SmallButton((ep + " >").c_str())) {
                for (const EpisodeSpan& span : pass.content().episodes)
                    if (span.id == ep && span.source != EpisodeSpan::Source::Missing)
                        cx.post(intent::Seek{span.start.frame});
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Go to the start of %s", ep.c_str());
        }
        for (const auto& [scale, target] : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%s > %s", scale->id.c_str(), target.c_str());
            if (ImGui::IsItemHovered()) anchor_tooltip(*scale);
            for (const auto& ep : episodes) {
                ImGui::TableNextColumn();
                if (scheme.scale_applies(*scale, target, ep)) cell(cx, *scale, target, ep);
            }
        }
        ImGui::EndTable();
    }
    if (!session_rows.empty()) {
        ImGui::Spacing();
        ImGui::TextUnformatted("Session-level scales");
        if (ImGui::BeginTable(
                "session_scales", 2,
                ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
            for (const auto& [scale, target] : session_rows) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::Text("%s > %s", scale->label.c_str(), target.c_str());
                if (ImGui::IsItemHovered()) anchor_tooltip(*scale);
                ImGui::TableNextColumn();
                cell(cx, *scale, target, "ALL");
            }
            ImGui::EndTable();
        }
    }
}

}  // namespace attune::app::ui
