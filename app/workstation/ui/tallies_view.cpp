#include "tallies_view.hpp"

#include <imgui.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "attune/coding/blinding.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/research_use.hpp"
#include "attune/coding/study_queries.hpp"
#include "attune/coding/study_settings.hpp"
#include "attune/coding/text_table.hpp"
#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {
namespace {

constexpr const char* kWays[] = {"2", "3", "4", "sub"};
constexpr const char* kWayLabels[] = {"2-way (secure / insecure)", "3-way (A / B / C)",
                                      "4-way (A / B / C / D)", "subgroups (A1 ... C2)"};

Result<TallyResult> run_tally(const std::string& path, const std::string& user, int ways,
                              const std::string& by, const std::string& norm) {
    auto study = Study::open(path, user);
    if (!study) return study.error();
    auto src = study_tally_inputs(*study);
    if (!src) return src.error();
    std::set<std::string> blind;
    const auto hidden = sessions_blind_for(*study, user);
    for (const Session& s : list_sessions(*study))
        if (hidden.count(s.id)) blind.insert(s.label);
    TallyResult out;
    out.study_path = path;
    out.sessions_hidden = static_cast<int>(leave_out_sessions(*src, blind));
    out.sessions_without_classification = src->sessions_without_classification;
    out.study_norm = study_setting(*study, stats::kTallyNormSetting);
    if (!src->scheme) return out;  // nothing classified yet
    for (const Norm& n : src->scheme->norms) {
        TallyResult::NormInfo info{n.id, n.population, {}};
        for (const auto& [category, percent] : n.percent) info.categories.insert(category);
        out.norms.push_back(std::move(info));
    }
    const auto split = by.empty() ? std::nullopt : std::optional(by);
    const stats::Ways w = *stats::ways_from(kWays[ways]);
    auto tables = stats::tally(*src->scheme, src->inputs, w, split,
                               norm.empty() ? std::nullopt : std::optional(norm));
    if (!tables && !norm.empty()) {  // the tally still stands without the comparison
        out.norm_refused = tables.error().message;
        tables = stats::tally(*src->scheme, src->inputs, w, split, std::nullopt);
    }
    if (!tables) return tables.error();
    out.tables = std::move(*tables);
    return out;
}

void bar_chart(const stats::TallyTable& t) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float h = ImGui::GetTextLineHeight() * 12, bar_w = ImGui::GetFontSize() * 3;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float width = (bar_w + palette::kChartBarGap) * static_cast<float>(t.rows.size()) + 20;
    ImGui::Dummy(ImVec2(width, h + ImGui::GetTextLineHeight() * 1.5f));
    dl->AddLine(ImVec2(o.x, o.y + h), ImVec2(o.x + width, o.y + h), palette::kChartAxis);
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const stats::TallyRow& r = t.rows[i];
        const float x =
            o.x + palette::kChartInset + static_cast<float>(i) * (bar_w + palette::kChartBarGap);
        auto y = [&](double percent) { return o.y + h - static_cast<float>(percent / 100.0) * h; };
        dl->AddRectFilled(ImVec2(x, y(r.percent)), ImVec2(x + bar_w, o.y + h),
                          behaviour_colour(r.category));
        // The exact 95% interval as a whisker; the norm as a white tick.
        const float xm = x + bar_w / 2;
        dl->AddLine(ImVec2(xm, y(100 * r.ci.low)), ImVec2(xm, y(100 * r.ci.high)),
                    palette::kChartInterval, 1.5f);
        if (r.norm_percent)
            dl->AddLine(ImVec2(x - 3, y(*r.norm_percent)),
                        ImVec2(x + bar_w + 3, y(*r.norm_percent)), palette::kChartNorm, 2.0f);
        dl->AddText(ImVec2(x, o.y + h + 2), palette::kChartLabel, r.category.c_str());
    }
    ImGui::TextDisabled("bars: this study; white: exact 95%% interval; yellow: the norm");
}

// One table: counts, percents, exact intervals and the norm, the test, then its bar chart.
void draw_table(const stats::TallyTable& t) {
    ImGui::Separator();
    ImGui::Text("%s%s%s: n = %d", t.by.empty() ? "" : (t.by + " = ").c_str(), t.group.c_str(), "",
                t.n);
    if (t.cannot_classify || t.unclassified_d)
        ImGui::TextDisabled("left out: %d cannot classify, %d D without a forced secondary",
                            t.cannot_classify, t.unclassified_d);
    ImGui::BeginGroup();
    if (ImGui::BeginTable(("tally" + t.by + t.group).c_str(), 5,
                          ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit,
                          ImVec2(ImGui::GetFontSize() * 24, 0))) {
        for (const char* h : {"Category", "Count", "Percent", "95% CI (exact)", "Norm %"})
            ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (const stats::TallyRow& r : t.rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.category.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d", r.count);
            ImGui::TableNextColumn();
            ImGui::Text("%.1f", r.percent);
            ImGui::TableNextColumn();
            ImGui::Text("%.1f - %.1f", 100 * r.ci.low, 100 * r.ci.high);
            ImGui::TableNextColumn();
            if (r.norm_percent) ImGui::Text("%.1f", *r.norm_percent);
        }
        ImGui::EndTable();
    }
    if (const auto& c = t.comparison) {
        ImGui::Text("vs %s (%s%s)", c->norm_id.c_str(), c->norm_population.c_str(),
                    c->norm_n ? (", n = " + std::to_string(*c->norm_n)).c_str() : "");
        ImGui::Text("%s: p = %.4f", stats::norm_test_name(c->test), c->p);
        ImGui::TextDisabled("chi-square %.3f, df %d, p = %.4f", c->chi_square, c->df,
                            c->chi_square_p);
    }
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
    for (const auto& note : t.notes) ImGui::TextDisabled("%s", note.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SameLine(0, palette::kWideGroupGap);
    bar_chart(t);
}

}  // namespace

void TalliesView::compute(const ViewContext& cx) {
    computed_for_ = cx.wb.study()->path() + "|" + kWays[ways_] + "|" + by_ + "|" + norm_;
    computing_ = cx.tasks.start<TallyResult>(
        "Tallying",
        [path = cx.wb.study()->path(), user = cx.wb.user(), ways = ways_, by = by_, norm = norm_](
            const auto&, const auto&) { return run_tally(path, user, ways, by, norm); });
}

void TalliesView::export_to(const ViewContext& cx, const std::string& path) {
    if (!result_) return;
    exporting_ = cx.tasks.start<std::string>(
        "Exporting",
        [path, tables = result_->tables](const auto&, const auto&) -> Result<std::string> {
            // Its own temporary name: an export still running beside this one (a replaced
            // task is never waited for) must not write into the same file.
            static std::atomic<unsigned> serial{0};
            const std::string tmp =
                path + ".part-" + std::to_string(::getpid()) + "-" + std::to_string(++serial);
            {
                std::ofstream out(tmp, std::ios::trunc);
                out << render(tally_report(tables), OutputFormat::Csv);
                if (!out)
                    return Error{"cannot write " + path + "; choose a folder you can write to"};
            }
            std::error_code ec;
            std::filesystem::rename(tmp, path,
                                    ec);  // never a half-written file under the real name
            if (ec) return Error{"cannot write " + path + ": " + ec.message()};
            return path;
        });
    cx.say("Exporting the tallies to " + path);
}

void TalliesView::draw(const ViewContext& cx) {
    if (!cx.wb.study()) {
        ImGui::TextDisabled("Open a study to tally its classifications.");
        return;
    }
    const int frame = ImGui::GetFrameCount();
    if (norm_read_for_ != cx.wb.study()->path())
        norm_.clear();  // another study's is not this one's
    const std::string settings =
        cx.wb.study()->path() + "|" + kWays[ways_] + "|" + by_ + "|" + norm_;
    if (frame - last_frame_ > 1 || settings != computed_for_) compute(cx);
    last_frame_ = frame;
    take_results(cx);
    draw_controls(cx);
    if (computing_.running()) ImGui::TextDisabled("Tallying...");
    if (exporting_.running()) progress_line("Exporting", exporting_.progress());
    if (!error_.empty()) ImGui::TextColored(palette::kTextError, "%s", error_.c_str());
    if (!result_) return;
    if (result_->sessions_hidden)
        ImGui::TextDisabled(
            "%d session(s) left out: you code their reliability pass and are "
            "blind to the primary pass until a supervisor unblinds it.",
            result_->sessions_hidden);
    ImGui::PushTextWrapPos(0);
    if (!result_->norm_refused.empty())
        ImGui::TextColored(palette::kTextError, "Not compared: %s", result_->norm_refused.c_str());
    else if (norm_.empty() && !result_->norms.empty())
        ImGui::TextDisabled(
            "Not compared with a norm: choose one under Norm (the study keeps the choice).");
    ImGui::PopTextWrapPos();
    if (result_->tables.empty()) {
        ImGui::TextDisabled("No session has a classification yet (%d without one).",
                            result_->sessions_without_classification);
        return;
    }
    ImGui::BeginChild("tally_tables");
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", research_use_caution());
    ImGui::PopTextWrapPos();
    for (const stats::TallyTable& t : result_->tables) draw_table(t);
    ImGui::EndChild();
}

// A finished tally or export: its result, or its error on screen.
void TalliesView::take_results(const ViewContext& cx) {
    if (computing_.ready()) {
        auto r = computing_.take();
        if (r)
            result_ = std::move(*r), error_.clear();
        else
            error_ = r.error().message;
        // The norm chosen for this study, once: never one the user did not choose.
        if (r && result_->study_path == cx.wb.study()->path() &&
            norm_read_for_ != result_->study_path) {
            norm_read_for_ = result_->study_path;
            norm_ = result_->study_norm.value_or("");
        }
    }
    if (exporting_.ready()) {
        auto r = exporting_.take();
        if (r)
            cx.say("Exported the tallies to " + *r);
        else
            cx.say(r.error().message, true);
    }
}

// Ways, the split, the norm and export.
void TalliesView::draw_controls(const ViewContext& cx) {
    ImGui::SetNextItemWidth(240);
    ImGui::Combo("Ways", &ways_, kWayLabels, 4);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(140);
    input_text("Split by variable", by_, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(200);
    if (ImGui::BeginCombo("Norm", norm_.empty() ? "choose a norm..." : norm_.c_str())) {
        if (ImGui::Selectable("none", norm_.empty())) choose_norm(cx, "");
        if (result_)
            for (const auto& n : result_->norms)
                if (ImGui::Selectable((n.id + "  " + n.population).c_str(), norm_ == n.id))
                    choose_norm(cx, n.id);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("Export CSV...") && result_)
        cx.post(intent::ChooseFile{intent::FileChoice::ExportCsv, 0});
}

// The study remembers the choice, for every coder and the next start.
void TalliesView::choose_norm(const ViewContext& cx, const std::string& id) {
    norm_ = id;
    cx.post(intent::ChooseTallyNorm{id});
}

}  // namespace attune::app::ui
