#include "validity_view.hpp"

#include <imgui.h>

#include "intents.hpp"
#include "palette.hpp"

namespace attune::app::ui {
namespace {

void go_to(const ViewContext& cx, const ValidityIssue& issue) {
    const auto& events = cx.wb.pass()->events();
    if (issue.event_id) {
        for (const Event& e : events)
            if (e.id == *issue.event_id) return cx.post(intent::JumpToEvent{e.id});
    }
    if (issue.cell) {
        cx.post(intent::SelectRatingCell{issue.cell});
        cx.post(intent::ShowTab{SideTab::Ratings});
        return;
    }
    std::optional<int64_t> frame = issue.frame;
    if (!frame && !issue.episode.empty())
        for (const EpisodeSpan& ep : cx.wb.pass()->content().episodes)
            if (ep.id == issue.episode && ep.source != EpisodeSpan::Source::Missing)
                frame = ep.start.frame;
    if (frame) cx.post(intent::Seek{*frame});
}

}  // namespace

void draw_validity_view(const ViewContext& cx) {
    const auto& issues = cx.wb.pass()->issues();
    if (issues.empty()) {
        ImGui::TextColored(palette::kTextOk, "No problems found in this pass.");
        return;
    }
    ImGui::TextDisabled("Click a line to go to its place.");
    if (!ImGui::BeginTable(
            "issues", 3,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable))
        return;
    ImGui::TableSetupColumn("Severity", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("Where", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("What to do");
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;  // a pass can have thousands of problems; draw the visible ones
    clipper.Begin(static_cast<int>(issues.size()));
    while (clipper.Step())
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const size_t i = static_cast<size_t>(row);
            const ValidityIssue& issue = issues[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(i));
            const ImVec4 colour =
                issue.severity == ValidityIssue::Severity::Error     ? palette::kTextError
                : issue.severity == ValidityIssue::Severity::Warning ? palette::kTextWarning
                                                                     : palette::kTextNote;
            ImGui::PushStyleColor(ImGuiCol_Text, colour);
            if (ImGui::Selectable(to_string(issue.severity), false,
                                  ImGuiSelectableFlags_SpanAllColumns))
                go_to(cx, issue);
            ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            if (issue.frame)
                ImGui::Text("frame %lld", static_cast<long long>(*issue.frame));
            else if (issue.cell)
                ImGui::Text("%s %s", issue.cell->scale.c_str(), issue.cell->episode.c_str());
            else
                ImGui::TextUnformatted(issue.episode.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(issue.message.c_str());  // one line per row, for the clipper
            ImGui::PopID();
        }
    ImGui::EndTable();
}

}  // namespace attune::app::ui
