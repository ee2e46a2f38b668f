#include "reliability_view.hpp"

#include <imgui.h>

#include <array>
#include <cstdio>

#include "attune/coding/blinding.hpp"
#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {

namespace {

constexpr std::array kKinds = {"every kind", "time-unit", "events",
                               "episodes",   "ratings",   "classification"};

Result<ReliabilityReport> run_report(const std::string& path, const std::string& user, int kind) {
    auto study = Study::open(path, user);
    if (!study) return study.error();
    // The report shows both passes' codes side by side (the same rule as attune-cli).
    if (const auto blind = sessions_blind_for(*study, user); !blind.empty())
        return Error{user + " codes the reliability pass of " + std::to_string(blind.size()) +
                     " session(s) and is blind to their primary passes; the reliability report "
                     "compares the two, so it is a supervisor's, or yours once a supervisor "
                     "unblinds them."};
    ReliabilityOptions options;
    if (kind > 0) options.kinds.insert(static_cast<ReliabilityKind>(kind - 1));
    return reliability_report(*study, options);
}

std::string value_text(const ReliabilityFigure& f) {
    const auto& r = f.result;
    if (!r.value) return "undefined";
    char buf[96];
    if (r.ci)
        std::snprintf(buf, sizeof buf, "%.3f [%.3f, %.3f]", *r.value, r.ci->low, r.ci->high);
    else
        std::snprintf(buf, sizeof buf, "%.3f", *r.value);
    return buf;
}

void draw_confusion(const ConfusionTable& c) {
    ImGui::TextUnformatted("4-way classification: rows primary coder, columns reliability coder");
    const int cols = static_cast<int>(c.categories.size()) + 1;
    if (!ImGui::BeginTable("confusion", cols,
                           ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit))
        return;
    ImGui::TableSetupColumn("");
    for (const auto& cat : c.categories) ImGui::TableSetupColumn(cat.c_str());
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < c.categories.size(); ++i) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.categories[i].c_str());
        for (int n : c.counts[i]) {
            ImGui::TableNextColumn();
            ImGui::Text("%d", n);
        }
    }
    ImGui::EndTable();
}

void draw_drift(const std::vector<DriftPoint>& drift) {
    ImGui::TextUnformatted("Drift: each coder pair's agreement, session by session, in date order");
    if (!ImGui::BeginTable("drift", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV))
        return;
    for (const char* h : {"Coders", "Date", "Session", "4-way agrees", "Event kappa"})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const DriftPoint& d : drift) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%s / %s", d.primary_coder.c_str(), d.reliability_coder.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%s (%s)", d.date.c_str(), d.date_source.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d.session.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(!d.classification_agrees   ? "-"
                               : *d.classification_agrees ? "yes"
                                                          : "no");
        ImGui::TableNextColumn();
        if (d.event_kappa)
            ImGui::Text("%.3f", *d.event_kappa);
        else
            ImGui::TextDisabled("%s", d.event_kappa_reason.c_str());
    }
    ImGui::EndTable();
}

}  // namespace

void ReliabilityView::compute(const ViewContext& cx) {
    computed_for_ = cx.wb.study()->path() + "|" + cx.wb.user() + "|" + std::to_string(kind_);
    computed_changes_ = cx.wb.study_changes();
    computing_ = cx.tasks.start<ReliabilityReport>(
        "Computing agreement",
        [path = cx.wb.study()->path(), user = cx.wb.user(), kind = kind_](
            const auto&, const auto&) { return run_report(path, user, kind); });
}

void ReliabilityView::draw_figures(const ViewContext& cx, const ReliabilityReport& r) const {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
    const float height = ImGui::GetContentRegionAvail().y * 0.55f;
    if (!ImGui::BeginTable("figures", 6, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h : {"Session", "Kind", "Item", "Statistic", "Value [95% CI]", "What it says"})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < r.figures.size(); ++i) {
        const ReliabilityFigure& f = r.figures[i];
        if (pooled_only_ && f.session != "pooled") continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (f.session == "pooled") {
            ImGui::TextUnformatted(f.session.c_str());
        } else {  // the moments behind the figure: the session's disagreement review
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::SmallButton(f.session.c_str())) cx.post(intent::OpenReview{f.session});
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Review %s: step through its disagreements on the video",
                                  f.session.c_str());
            ImGui::PopID();
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(to_string(f.kind));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(f.item.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(f.result.name.c_str());
        ImGui::TableNextColumn();
        const std::string value = value_text(f);
        if (f.result.value)
            ImGui::TextUnformatted(value.c_str());
        else
            ImGui::TextColored(palette::kTextWarning, "%s", value.c_str());
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(f.result.value ? f.meaning.c_str()
                                              : f.result.undefined_reason.c_str());
        ImGui::TextDisabled("n = %d; %s", f.result.n, f.result.inputs.c_str());
        if (!f.convention.empty())
            ImGui::TextColored(palette::kTextStatus, "%s", f.convention.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
}

void ReliabilityView::draw(const ViewContext& cx) {
    if (!cx.wb.study()) return;
    const int frame = ImGui::GetFrameCount();
    const std::string settings =
        cx.wb.study()->path() + "|" + cx.wb.user() + "|" + std::to_string(kind_);
    if (frame - last_frame_ > 1 || settings != computed_for_ ||
        computed_changes_ != cx.wb.study_changes())
        compute(cx);
    last_frame_ = frame;
    if (computing_.ready()) {
        auto r = computing_.take();
        error_ = r ? "" : r.error().message;
        if (r) {
            cx.say("Agreement computed for " + std::to_string(r->double_coded_sessions) +
                   " double-coded session(s): " + std::to_string(r->figures.size()) + " figures");
            report_ = std::move(*r);
        } else {
            cx.say(error_, true);
            report_.reset();
        }
    }
    ImGui::SetNextItemWidth(180);
    ImGui::Combo("Kind", &kind_, kKinds.data(), static_cast<int>(kKinds.size()));
    ImGui::SameLine();
    ImGui::Checkbox("Pooled only", &pooled_only_);
    help_marker(
        "No public pass criterion exists for Strange Situation coders: a criterion set "
        "for this study (attune-cli study criterion) is shown beside the figures it "
        "names as the study's own convention, never as a verdict.");
    if (computing_.running()) ImGui::TextDisabled("Computing agreement...");
    if (!error_.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(palette::kTextError, "%s", error_.c_str());
        ImGui::PopTextWrapPos();
    }
    if (!report_) return;
    ImGui::Text("%d double-coded session(s): each primary pass against its reliability pass.",
                report_->double_coded_sessions);
    for (const auto& note : report_->notes) ImGui::TextDisabled("%s", note.c_str());
    draw_figures(cx, *report_);
    if (report_->confusion) draw_confusion(*report_->confusion);
    if (!report_->drift.empty()) draw_drift(report_->drift);
}

}  // namespace attune::app::ui
