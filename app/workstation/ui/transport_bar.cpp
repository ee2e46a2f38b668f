#include "transport_bar.hpp"

#include <imgui.h>

#include <cctype>
#include <cmath>

#include "widgets.hpp"

namespace attune::app::ui {
namespace {

// A button for an action of the command table: its tooltip says what it does and its keys.
void action_button(const ViewContext& cx, const char* label, std::string_view action) {
    if (ImGui::Button(label)) cx.post(intent::Run{std::string(action)});
    if (ImGui::IsItemHovered()) {
        const WorkstationAction* a = workstation_action(action);
        const std::string tip(a->description);
        ImGui::SetTooltip("%c%s (%s)", std::toupper(static_cast<unsigned char>(tip[0])),
                          tip.c_str() + 1, cx.wb.bindings().chords_text(action).c_str());
    }
    ImGui::SameLine();
}

// "12.5" seconds, "1:02.5", "00:01:02.500" or "f1234" / "#1234" for a frame.
std::optional<int64_t> parse_target(const SessionMedia& m, const std::string& text) {
    if (text.empty()) return std::nullopt;
    try {
        if (text[0] == 'f' || text[0] == 'F' || text[0] == '#') return std::stoll(text.substr(1));
        double seconds = 0;
        size_t start = 0;
        for (;;) {  // each ':' multiplies what came before by 60
            const size_t colon = text.find(':', start);
            seconds = seconds * 60 + std::stod(text.substr(start, colon - start));
            if (colon == std::string::npos) break;
            start = colon + 1;
        }
        return m.index()->frame_at_us(static_cast<int64_t>(std::llround(seconds * 1e6)));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

void draw_transport_bar(const ViewContext& cx) {
    const SessionMedia& m = *cx.wb.media();
    action_button(cx, "|<", "first-frame");
    action_button(cx, "<<", "jump-back");
    action_button(cx, "<", "step-back");
    action_button(cx, m.playing() ? "Pause" : "Play", "play-pause");
    action_button(cx, ">", "step-forward");
    action_button(cx, ">>", "jump-forward");
    action_button(cx, ">|", "last-frame");
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    action_button(cx, "-", "slower");
    ImGui::Text("%.2fx", m.rate());
    ImGui::SameLine();
    action_button(cx, "+", "faster");
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    action_button(cx, "Event <", "previous-event");
    action_button(cx, "> Event", "next-event");
    action_button(cx, "Episode <", "previous-episode");
    action_button(cx, "> Episode", "next-episode");
    action_button(cx, "Go to...", "go-to");
    ImGui::NewLine();
    if (auto now = m.now())
        ImGui::Text("%s   frame %lld of %lld", format_time(now->t_us).c_str(),
                    static_cast<long long>(now->frame), static_cast<long long>(m.frame_count()));
    else
        ImGui::NewLine();
}

void draw_goto_dialog(const ViewContext& cx) {
    static constexpr const char* kTitle = "Go to time or frame";
    if (cx.ui.show_goto && !ImGui::IsPopupOpen(kTitle)) ImGui::OpenPopup(kTitle);
    if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    std::string& text = cx.ui.goto_text;
    ImGui::TextUnformatted("Seconds (75.2), minutes:seconds (1:15.2), or f + frame (f2256)");
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool enter = input_text("##target", text, ImGuiInputTextFlags_EnterReturnsTrue);
    const bool go = ImGui::Button("Go") || enter;
    ImGui::SameLine();
    const bool cancel = ImGui::Button("Cancel") || !cx.ui.show_goto;
    if (go && cx.wb.media() && cx.wb.media()->ready()) {
        if (auto frame = parse_target(*cx.wb.media(), text)) {
            cx.post(intent::Seek{*frame});
        } else {
            cx.say("Not a time or frame: " + text, true);
        }
    }
    if (go || cancel) {
        cx.ui.show_goto = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace attune::app::ui
