#pragma once
// Study > Export...'s window: the format, the sessions, the de-identification choices (coder
// names and recording paths left out unless ticked, as attune-cli export's --with-coders and
// --with-paths) and the folder; Export posts StartExport. It changes nothing itself.
#include "workbench.hpp"

namespace attune::app::ui {

class ExportDialog {
  public:
    void open(const std::vector<std::string>& session_labels);
    void set_folder(std::string folder) { choices_.folder = std::move(folder); }
    void draw(const ViewContext& cx);

  private:
    bool open_ = false;
    ExportChoices choices_;
    std::vector<std::string> sessions_;
};

}  // namespace attune::app::ui
