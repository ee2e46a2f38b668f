#include "transport_bar.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cmath>

#include "widgets.hpp"

namespace attune::app::ui {
namespace {

void key_button(KeyInput& input, const char* label, const char* chord, const char* tip) {
    if (ImGui::Button(label)) input.push({*parse_chord(chord), false});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)", tip, chord);
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

void draw_transport_bar(Workbench& wb, KeyInput& input) {
    SessionMedia& m = *wb.media;
    key_button(input, "|<", "Home", "First frame");
    key_button(input, "<<", "Shift+Left", "Jump back");
    key_button(input, "<", "Left", "One frame back");
    key_button(input, m.playing() ? "Pause" : "Play", "Space", "Play or pause");
    key_button(input, ">", "Right", "One frame forward");
    key_button(input, ">>", "Shift+Right", "Jump forward");
    key_button(input, ">|", "End", "Last frame");
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    key_button(input, "-", "[", "Slower");
    ImGui::Text("%.2fx", m.rate());
    ImGui::SameLine();
    key_button(input, "+", "]", "Faster");
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    key_button(input, "Event <", "Up", "Previous event");
    key_button(input, "> Event", "Down", "Next event");
    key_button(input, "Episode <", "PageUp", "Previous episode");
    key_button(input, "> Episode", "PageDown", "Next episode");
    key_button(input, "Go to...", "Ctrl+G", "Go to a time or frame");
    ImGui::NewLine();
    if (auto now = m.now())
        ImGui::Text("%s   frame %lld of %lld", format_time(now->t_us).c_str(),
                    static_cast<long long>(now->frame), static_cast<long long>(m.frame_count()));
    else
        ImGui::NewLine();
}

void draw_goto_dialog(Workbench& wb) {
    static constexpr const char* kTitle = "Go to time or frame";
    if (wb.view.show_goto && !ImGui::IsPopupOpen(kTitle)) ImGui::OpenPopup(kTitle);
    if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    std::string& text = wb.view.goto_text;
    ImGui::TextUnformatted("Seconds (75.2), minutes:seconds (1:15.2), or f + frame (f2256)");
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool enter = input_text("##target", text, ImGuiInputTextFlags_EnterReturnsTrue);
    const bool go = ImGui::Button("Go") || enter;
    ImGui::SameLine();
    const bool cancel = ImGui::Button("Cancel") || !wb.view.show_goto;
    if (go && wb.media && wb.media->ready()) {
        if (auto frame = parse_target(*wb.media, text)) {
            wb.media->pause();
            wb.media->seek_frame(*frame);
        } else {
            wb.notify("Not a time or frame: " + text, true);
        }
    }
    if (go || cancel) {
        wb.view.show_goto = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace attune::app::ui
