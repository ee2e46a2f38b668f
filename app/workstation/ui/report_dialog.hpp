#pragma once
// Study > Report...'s window: which pass (the open one first), the de-identification choices
// (coder names and recording paths left out unless ticked, as attune-cli report's
// --with-coders and --with-paths) and the folder; Write posts StartReport. It changes nothing
// itself.
#include <string>
#include <utility>
#include <vector>

#include "workbench.hpp"

namespace attune::app::ui {

class ReportDialog {
  public:
    // `passes`: each pass's id and how the list names it; `current`: the one chosen first.
    void open(std::vector<std::pair<int64_t, std::string>> passes, int64_t current);
    void set_folder(std::string folder) { choices_.folder = std::move(folder); }
    void close() { open_ = false; }
    void draw(const ViewContext& cx);

  private:
    bool open_ = false;
    ReportChoices choices_;
    std::vector<std::pair<int64_t, std::string>> passes_;
};

}  // namespace attune::app::ui
