#include "file_dialog.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {
namespace fs = std::filesystem;

void FileDialog::open(Purpose purpose, std::string title, std::vector<std::string> extensions,
                      bool save, std::string suggested_name) {
    purpose_ = purpose, title_ = std::move(title), extensions_ = std::move(extensions);
    save_ = save, open_ = true, appearing_ = true;
    name_ = std::move(suggested_name);
    error_.clear();
    if (dir_.empty()) dir_ = fs::current_path().string();
    list(dir_);
}

void FileDialog::list(const std::string& dir) {
    std::error_code ec;
    std::vector<Entry> entries;
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        const bool is_dir = it->is_directory(ec);
        std::string ext = it->path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
        if (is_dir || extensions_.empty() ||
            std::find(extensions_.begin(), extensions_.end(), ext) != extensions_.end())
            entries.push_back({name, is_dir});
    }
    if (ec) {
        error_ = "Cannot list " + dir + ": " + ec.message();
        return;
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.dir != b.dir ? a.dir : a.name < b.name;
    });
    entries_ = std::move(entries);
    dir_ = dir;
    error_.clear();
}

std::optional<FileDialog::Choice> FileDialog::draw() {
    if (!open_) return std::nullopt;
    if (appearing_) ImGui::OpenPopup(title_.c_str()), appearing_ = false;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.6f, vp->WorkSize.y * 0.6f),
                             ImGuiCond_Appearing);
    std::optional<Choice> chosen;
    if (!ImGui::BeginPopupModal(title_.c_str(), &open_)) return std::nullopt;
    if (ImGui::Button("Up")) list(fs::path(dir_).parent_path().string());
    ImGui::SameLine();
    if (ImGui::Button("Home"))
        if (const char* home = std::getenv("HOME")) list(home);
    ImGui::SameLine();
    std::string dir = dir_;
    ImGui::SetNextItemWidth(-1);
    if (input_text("##dir", dir, ImGuiInputTextFlags_EnterReturnsTrue)) list(dir);
    const float footer = ImGui::GetFrameHeightWithSpacing() * 2.5f;
    ImGui::BeginChild("entries", ImVec2(0, -footer), true);
    for (const Entry& e : entries_) {
        const std::string label = (e.dir ? "[dir]  " : "       ") + e.name;
        if (ImGui::Selectable(label.c_str(), name_ == e.name,
                              ImGuiSelectableFlags_AllowDoubleClick)) {
            if (e.dir) {
                if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
                    list((fs::path(dir_) / e.name).string());
            } else {
                name_ = e.name;
                if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && !save_)
                    chosen = Choice{purpose_, (fs::path(dir_) / name_).string(), subject};
            }
        }
    }
    if (entries_.empty()) ImGui::TextDisabled("No matching files here.");
    ImGui::EndChild();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    const bool enter = input_text("File name", name_, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button(save_ ? "Save" : "Open") || enter) && !name_.empty()) {
        const fs::path p = fs::path(name_).is_absolute() ? fs::path(name_) : fs::path(dir_) / name_;
        if (!save_ && !fs::exists(p))
            error_ = p.string() + " does not exist";
        else
            chosen = Choice{purpose_, p.string(), subject};
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) open_ = false;
    if (!error_.empty()) ImGui::TextColored(palette::kTextError, "%s", error_.c_str());
    if (chosen) open_ = false;
    if (!open_) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return chosen;
}

}  // namespace attune::app::ui
