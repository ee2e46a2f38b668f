#include "import_dialog.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {

namespace {

using interop::MapChoice;
using Stage = ImportFlow::Stage;

const char* kRoles[] = {"primary", "reliability", "consensus"};

// "CRY (Cries, state, child)": how a scheme behaviour reads in the mapping's lists.
std::string behaviour_item(const BehaviourDef& b) {
    return b.id + " (" + b.label + ", " + (b.is_state() ? "state" : "point") +
           (b.subject.empty() ? "" : ", " + b.subject) + ")";
}

std::string choice_text(MapChoice choice, const std::string& to) {
    if (choice == MapChoice::Dropped) return "(drop: leave its events out)";
    if (choice == MapChoice::Undecided) return "(to decide)";
    return to;
}

// A list of the scheme's ids (behaviours or a behaviour's modifiers) and Drop; posts the
// choice made as MapImport.
void map_combo(const ViewContext& cx, const char* id, bool modifier_set, size_t index,
               MapChoice choice, const std::string& to,
               const std::vector<std::pair<std::string, std::string>>& targets) {
    ImGui::SetNextItemWidth(-1);
    if (!ImGui::BeginCombo(id, choice_text(choice, to).c_str())) return;
    if (ImGui::Selectable("(drop: leave its events out)", choice == MapChoice::Dropped))
        cx.post(intent::MapImport{modifier_set, index, MapChoice::Dropped, ""});
    for (const auto& [target, text] : targets)
        if (ImGui::Selectable(text.c_str(), choice == MapChoice::Mapped && to == target))
            cx.post(intent::MapImport{modifier_set, index, MapChoice::Mapped, target});
    ImGui::EndCombo();
}

}  // namespace

void ImportDialog::draw(const ViewContext& cx) {
    const ImportFlow& flow = cx.wb.import_flow();
    if (!flow.open()) {
        shown_ = nullptr;
        return;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
        ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(
        ImVec2(std::min(900.0f, vp->WorkSize.x * 0.9f), std::min(640.0f, vp->WorkSize.y * 0.9f)),
        ImGuiCond_Appearing);
    const std::string title =
        "Import " + std::filesystem::path(flow.file()).filename().string() + "###import";
    bool keep = true;
    if (!ImGui::Begin(title.c_str(),
                      flow.busy() && flow.stage() == Stage::Committing ? nullptr : &keep,
                      ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    if (!keep) cx.post(intent::StepImport{intent::ImportStep::Cancel});
    if (flow.busy()) {
        progress_line(flow.step_name(), flow.progress());
        if (flow.stage() == Stage::Committing)
            ImGui::TextWrapped(
                "The import is one change: it lands whole or not at all. Coding goes on "
                "meanwhile.");
        else if (ImGui::Button("Cancel"))
            cx.post(intent::StepImport{intent::ImportStep::Cancel});
    } else if (flow.stage() == Stage::Reviewing) {
        draw_summary(cx, flow);
    } else if (flow.project()) {
        draw_choices(cx, flow);
        if (flow.scheme()) {
            draw_codes(cx, flow);
            draw_modifier_sets(cx, flow);
        }
        if (!flow.problem().empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextError);
            ImGui::TextWrapped("%s", flow.problem().c_str());
            ImGui::PopStyleColor();
        }
        draw_mapping_buttons(cx, flow);
    }
    ImGui::End();
}

// The file, then where its observations go: which observation, which session, whose pass.
void ImportDialog::draw_choices(const ViewContext& cx, const ImportFlow& flow) {
    const auto& project = *flow.project();
    if (shown_ != &project) edit_ = flow.choices(), shown_ = &project;
    ImGui::Text("%s file \"%s\": %zu observations", project.format.c_str(), project.name.c_str(),
                project.observations.size());
    for (const auto& note : project.notes) ImGui::TextDisabled("note: %s", note.c_str());
    bool changed = false;
    const std::string all = "Every observation with events";
    ImGui::SetNextItemWidth(320);
    if (ImGui::BeginCombo("Observation",
                          edit_.observation.empty() ? all.c_str() : edit_.observation.c_str())) {
        if (ImGui::Selectable(all.c_str(), edit_.observation.empty()))
            edit_.observation.clear(), edit_.session.clear(), changed = true;
        for (size_t i = 0; i < project.observations.size(); ++i) {
            const auto& obs = project.observations[i];
            const std::string item = obs.id + " (" + std::to_string(obs.events.size()) + " events)";
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(item.c_str(), edit_.observation == obs.id))
                edit_.observation = obs.id, changed = true;
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    const std::string fresh = "New sessions, one per observation";
    ImGui::SetNextItemWidth(320);
    if (ImGui::BeginCombo("Into", edit_.session.empty() ? fresh.c_str() : edit_.session.c_str())) {
        if (ImGui::Selectable(fresh.c_str(), edit_.session.empty()))
            edit_.session.clear(), changed = true;
        const auto& labels = flow.session_labels();
        for (size_t i = 0; i < labels.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(labels[i].c_str(), edit_.session == labels[i]))
                edit_.session = labels[i], changed = true;
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    help_marker(
        "New sessions: each observation becomes a session labelled with its id, its medium the "
        "recording. An existing session: the one observation chosen goes into that session's "
        "pass of the coder and role below, which must be empty (two observations of one "
        "recording can become a primary and a reliability pass).");
    ImGui::SetNextItemWidth(160);
    if (edit_.coder.empty() && !ImGui::IsItemActive()) edit_.coder = cx.wb.user();
    input_text("Coder", edit_.coder);
    if (ImGui::IsItemDeactivatedAfterEdit()) changed = true;  // Enter, Tab or a click away
    ImGui::SameLine();
    int role = static_cast<int>(edit_.role);
    ImGui::SetNextItemWidth(140);
    if (ImGui::Combo("Role", &role, kRoles, 3))
        edit_.role = static_cast<PassRole>(role), changed = true;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    if (ImGui::InputDouble("Frame rate if unknown", &edit_.fps, 0, 0, "%.3f"))
        edit_.fps = std::clamp(edit_.fps, 0.0, 1000.0), changed = true;
    if (changed) cx.post(intent::ChooseImport{edit_});
    if (const Scheme* s = flow.scheme())
        ImGui::Text("Mapped to scheme %s %s", s->id.c_str(), s->version.c_str());
    ImGui::Separator();
}

void ImportDialog::draw_codes(const ViewContext& cx, const ImportFlow& flow) {
    const auto& m = flow.mapping();
    std::vector<std::pair<std::string, std::string>> targets;
    for (const auto& b : flow.scheme()->behaviours) targets.push_back({b.id, behaviour_item(b)});
    ImGui::Text("The file's codes (%zu still to decide)", m.undecided().size());
    const float height = std::min(40.0f + 26.0f * static_cast<float>(m.codes.size()),
                                  ImGui::GetContentRegionAvail().y * 0.55f);
    if (!ImGui::BeginTable(
            "codes", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY,
            ImVec2(0, height)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Subject");
    ImGui::TableSetupColumn("Behaviour");
    ImGui::TableSetupColumn("Events", ImGuiTableColumnFlags_WidthFixed, 60);
    ImGui::TableSetupColumn("Becomes", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < m.codes.size(); ++i) {
        const auto& c = m.codes[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.subject.empty() ? "(none)" : c.subject.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%s%s", c.behaviour.c_str(), c.in_ethogram ? "" : " (not in its ethogram)");
        ImGui::TableNextColumn();
        ImGui::Text("%zu", c.events);
        ImGui::TableNextColumn();
        if (c.choice == MapChoice::Undecided)
            ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextError);
        map_combo(cx, "##to", false, i, c.choice, c.to, targets);
        if (c.choice == MapChoice::Undecided) ImGui::PopStyleColor();
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void ImportDialog::draw_modifier_sets(const ViewContext& cx, const ImportFlow& flow) {
    const auto& m = flow.mapping();
    if (m.modifiers.empty()) return;
    ImGui::Text("The file's modifier sets (values kept as the file spells them)");
    for (size_t i = 0; i < m.modifiers.size(); ++i) {
        const auto& mm = m.modifiers[i];
        std::vector<std::pair<std::string, std::string>> targets;
        for (const auto& c : m.codes)
            if (c.behaviour == mm.behaviour && c.choice == MapChoice::Mapped)
                if (const auto* b = flow.scheme()->behaviour(c.to))
                    for (const auto& mod : b->modifiers)
                        if (std::find_if(targets.begin(), targets.end(), [&](const auto& t) {
                                return t.first == mod.id;
                            }) == targets.end())
                            targets.push_back({mod.id, mod.id + " (of " + b->id + ")"});
        ImGui::PushID(1000 + static_cast<int>(i));
        ImGui::Text("%s: set '%s'", mm.behaviour.c_str(), mm.set.c_str());
        ImGui::SameLine(320);
        ImGui::SetNextItemWidth(-1);
        map_combo(cx, "##modifier", true, i, mm.choice, mm.to, targets);
        ImGui::PopID();
    }
}

void ImportDialog::draw_mapping_buttons(const ViewContext& cx, const ImportFlow& flow) {
    ImGui::Separator();
    if (ImGui::Button("Load mapping..."))
        cx.post(intent::ChooseFile{intent::FileChoice::LoadMapping});
    ImGui::SameLine();
    ImGui::BeginDisabled(!flow.scheme());
    if (ImGui::Button("Save mapping..."))
        cx.post(intent::ChooseFile{intent::FileChoice::SaveMapping});
    ImGui::EndDisabled();
    ImGui::SameLine();
    help_marker(
        "A mapping saved here (or written by attune-cli import --write-mapping) maps the next "
        "file of the same project in one step.");
    ImGui::SameLine(ImGui::GetWindowWidth() - 190);
    ImGui::BeginDisabled(!flow.scheme());
    if (ImGui::Button("Check...")) cx.post(intent::StepImport{intent::ImportStep::Check});
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) cx.post(intent::StepImport{intent::ImportStep::Cancel});
}

// The checked plan: where each observation goes, events per behaviour, what is left out.
void ImportDialog::draw_summary(const ViewContext& cx, const ImportFlow& flow) {
    const auto* plan = flow.plan();
    if (!plan) return;
    ImGui::TextWrapped(
        "Checked: %zu events into %zu %s as %s's %s %s. Nothing is in the study yet: Import "
        "writes it all as one change, which the audit log keeps.",
        plan->events(), plan->observations.size(),
        plan->observations.size() == 1 ? "session" : "sessions", plan->coder.c_str(),
        to_string(plan->role), plan->observations.size() == 1 ? "pass" : "passes");
    const std::string summary = plan->summary();
    ImGui::BeginChild("summary", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.5f), true);
    ImGui::TextUnformatted(summary.c_str());
    ImGui::EndChild();
    if (ImGui::Button("Import")) cx.post(intent::StepImport{intent::ImportStep::Commit});
    ImGui::SameLine();
    if (ImGui::Button("Back to the mapping")) cx.post(intent::StepImport{intent::ImportStep::Back});
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) cx.post(intent::StepImport{intent::ImportStep::Cancel});
    if (!flow.problem().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextError);
        ImGui::TextWrapped("%s", flow.problem().c_str());
        ImGui::PopStyleColor();
    }
}

}  // namespace attune::app::ui
