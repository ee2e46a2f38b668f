#pragma once
// A file chooser drawn with ImGui (no toolkit dependency): a folder listing with
// the wanted extensions, a path field, parent/home buttons. One dialog at a time;
// draw() returns the chosen path once, with the purpose it was opened for.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace attune::app::ui {

class FileDialog {
  public:
    enum class Purpose {
        OpenStudy,
        NewStudy,
        AddRecording,
        LocateRecording,
        ExportCsv,
        ReportFolder,
        BackupStudy,
        ImportFile,
        ExportFolder,
        LoadMapping,
        SaveMapping
    };
    struct Choice {
        Purpose purpose;
        std::string path;
        int64_t subject = 0;
    };

    void open(Purpose purpose, std::string title, std::vector<std::string> extensions, bool save,
              std::string suggested_name = "");
    std::optional<Choice> draw();
    int64_t subject = 0;  // what the choice is for (a session id for Locate)

  private:
    void list(const std::string& dir);

    bool open_ = false, save_ = false, appearing_ = false;
    Purpose purpose_ = Purpose::OpenStudy;
    std::string title_, dir_, name_, error_;
    std::vector<std::string> extensions_;
    struct Entry {
        std::string name;
        bool dir;
    };
    std::vector<Entry> entries_;
};

}  // namespace attune::app::ui
