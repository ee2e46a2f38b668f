#pragma once
// Small drawing helpers the views share.
#include <imgui.h>

#include <cstdint>
#include <string>

namespace attune::app::ui {

std::string format_time(int64_t t_us);  // hh:mm:ss.mmm
// A text field bound to a std::string (Debian's ImGui ships without imgui_stdlib).
bool input_text(const char* label, std::string& value, ImGuiInputTextFlags flags = 0);
bool input_multiline(const char* label, std::string& value, ImVec2 size);
ImU32 behaviour_colour(const std::string& behaviour, float alpha = 1.0f);
void help_marker(const char* text);
// A dialog window `width` wide, centred across the screen with its top `top_share` of the way
// down when it appears, closed by its title bar's button (`open`). False when there is
// nothing to draw (collapsed or closed): then it is already ended. End it with ImGui::End().
bool begin_dialog(const char* title, bool* open, float width, float top_share);
// A bar with its label, for long work in the background.
void progress_line(const char* label, double fraction);

}  // namespace attune::app::ui
