#pragma once
// The first thing the workstation shows: what Attune is and which study was asked for.
#include <optional>
#include <string>

namespace attune::app {

class WelcomeView {
  public:
    explicit WelcomeView(std::optional<std::string> study);
    void draw();
    bool quit_requested() const { return quit_requested_; }

  private:
    std::optional<std::string> study_;
    std::string study_status_;
    bool quit_requested_ = false;
};

}  // namespace attune::app
