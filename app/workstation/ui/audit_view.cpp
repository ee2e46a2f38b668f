#include "audit_view.hpp"

#include <imgui.h>

#include <filesystem>

#include "attune/coding/blinding.hpp"
#include "attune/coding/records.hpp"
#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {

namespace {

Result<AuditPage> read_page(const std::string& path, const std::string& user,
                            const AuditFilter& filter) {
    auto study = Study::open(path, user);
    if (!study) return study.error();
    AuditPage page;
    AuditFilter seen = filter;
    seen.hidden_passes = passes_hidden_from(*study, user);  // blind: nothing of them
    page.entries = audit_entries(*study, seen);
    std::map<int64_t, std::string> labels;
    for (const Session& s : list_sessions(*study)) labels[s.id] = s.label;
    for (const Pass& p : list_passes(*study))
        if (!seen.hidden_passes.count(p.id))
            page.passes.push_back(
                {p.id, labels[p.session_id] + ": " + p.coder + " " + to_string(p.role)});
    return page;
}

Result<AuditVerdict> verify(const std::string& path, const std::string& user) {
    auto study = Study::open(path, user);
    if (!study) return study.error();
    return verify_audit_chain(*study);
}

}  // namespace

std::string AuditView::pass_name(std::optional<int64_t> id) const {
    if (!id) return "";
    for (const auto& [pass, name] : page_.passes)
        if (pass == *id) return name;
    return "pass " + std::to_string(*id);
}

void AuditView::load(const ViewContext& cx) {
    AuditFilter filter;
    filter.pass_id = pass_filter_;
    if (!who_filter_.empty()) filter.who = who_filter_;
    loaded_changes_ = cx.wb.study_changes();
    loading_ = cx.tasks.start<AuditPage>(
        "Reading the audit log",
        [path = cx.wb.study()->path(), user = cx.wb.user(), filter](const auto&, const auto&) {
            return read_page(path, user, filter);
        });
}

void AuditView::draw_filters(const ViewContext& cx) {
    ImGui::SetNextItemWidth(260);
    if (ImGui::BeginCombo("Pass", pass_filter_ ? pass_name(pass_filter_).c_str() : "every pass")) {
        if (ImGui::Selectable("every pass", !pass_filter_)) pass_filter_.reset(), load(cx);
        for (const auto& [id, name] : page_.passes)
            if (ImGui::Selectable(name.c_str(), pass_filter_ == id)) pass_filter_ = id, load(cx);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(160);
    if (input_text("Changed by", who_filter_, ImGuiInputTextFlags_EnterReturnsTrue) ||
        ImGui::IsItemDeactivatedAfterEdit())
        load(cx);
    help_marker("A name as it was recorded (the coder or --user); empty shows everyone.");
    ImGui::SameLine();
    if (ImGui::Button("Verify the chain"))
        verifying_ = cx.tasks.start<AuditVerdict>(
            "Verifying the audit log",
            [path = cx.wb.study()->path(), user = cx.wb.user()](const auto&, const auto&) {
                return verify(path, user);
            });
    help_marker(
        "Every audit row holds the SHA-256 of its content and of the row before it: a row "
        "changed or removed by another program breaks the chain there. Names are recorded, "
        "not authenticated (docs/roles.md).");
}

void AuditView::draw_verdict(const ViewContext& cx) {
    if (verifying_.ready()) {
        auto v = verifying_.take();
        if (v)
            verdict_ = std::move(*v);
        else
            cx.say(v.error().message, true);
    }
    if (verifying_.running()) progress_line("Verifying the audit log", verifying_.progress());
    if (!verdict_) return;
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(verdict_->intact() ? palette::kTextOk : palette::kTextError, "%s",
                       verdict_->describe().c_str());
    ImGui::PopTextWrapPos();
}

void AuditView::draw(const ViewContext& cx) {
    if (!cx.wb.study()) return;
    const int frame = ImGui::GetFrameCount();
    if (frame - last_frame_ > 1 || loaded_changes_ != cx.wb.study_changes()) load(cx);
    last_frame_ = frame;
    if (loading_.ready()) {
        auto page = loading_.take();
        if (page)
            page_ = std::move(*page);
        else
            cx.say(page.error().message, true);
    }
    ImGui::Text("Audit log of %s (newest first, at most 500 rows)",
                std::filesystem::path(cx.wb.study()->path()).filename().c_str());
    draw_filters(cx);
    draw_verdict(cx);
    if (loading_.running()) progress_line("Reading the audit log", loading_.progress());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("audit", 7, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h : {"Row", "When (UTC)", "Who", "Change", "What", "Pass", "Action"})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const AuditEntry& e : page_.entries) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(e.id));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.at.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.who.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.change_label.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%s %s %lld", e.op.c_str(), e.table.c_str(), static_cast<long long>(e.row_id));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(pass_name(e.pass_id).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.action.c_str());
    }
    ImGui::EndTable();
}

}  // namespace attune::app::ui
