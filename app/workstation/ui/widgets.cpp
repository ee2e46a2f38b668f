#include "widgets.hpp"
#include "palette.hpp"

#include <cstdio>
#include <functional>

namespace attune::app::ui {

std::string format_time(int64_t t_us) {
    const bool negative = t_us < 0;
    const int64_t ms = (negative ? -t_us : t_us) / 1000;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%02lld:%02lld:%02lld.%03lld", negative ? "-" : "",
                  static_cast<long long>(ms / 3'600'000), static_cast<long long>(ms / 60'000 % 60),
                  static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000));
    return buf;
}

namespace {
int resize_callback(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* s = static_cast<std::string*>(data->UserData);
        s->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = s->data();
    }
    return 0;
}
}  // namespace

bool input_text(const char* label, std::string& value, ImGuiInputTextFlags flags) {
    return ImGui::InputText(label, value.data(), value.capacity() + 1,
                            flags | ImGuiInputTextFlags_CallbackResize, resize_callback, &value);
}

bool input_multiline(const char* label, std::string& value, ImVec2 size) {
    return ImGui::InputTextMultiline(label, value.data(), value.capacity() + 1, size,
                                     ImGuiInputTextFlags_CallbackResize, resize_callback, &value);
}

bool begin_dialog(const char* title, bool* open, float width, float top_share) {
    if (!*open) return false;
    ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Appearing);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * top_share),
        ImGuiCond_Appearing, ImVec2(0.5f, 0.0f));
    if (ImGui::Begin(title, open, ImGuiWindowFlags_NoCollapse)) return true;
    ImGui::End();
    return false;
}

ImU32 behaviour_colour(const std::string& behaviour, float alpha) {
    const size_t h = std::hash<std::string>{}(behaviour);
    const float hue = static_cast<float>(h % 360) / 360.0f;
    float r, g, b;
    ImGui::ColorConvertHSVtoRGB(hue, palette::kBehaviourSaturation, palette::kBehaviourValue, r, g,
                                b);
    return ImGui::GetColorU32(ImVec4(r, g, b, alpha));
}

void help_marker(const char* text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void progress_line(const char* label, double fraction) {
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%s %.0f%%", label, fraction * 100.0);
    ImGui::ProgressBar(static_cast<float>(fraction), ImVec2(-1, 0), overlay);
}

}  // namespace attune::app::ui
