#pragma once
// The coder's classification of the pass (primary code, D rating 1-9, secondary
// code when D, confidence, notes), saved as it is chosen (the D slider when it is
// released; viewing never writes); beside it the scheme's
// rule hints, labelled advisory, with the ratings that triggered them, and the
// inconsistencies the validity checks find. Nothing is ever filled in for the coder.
#include <optional>
#include <string>

#include "workbench.hpp"

namespace attune::app::ui {

class ClassificationView {
  public:
    void draw(const ViewContext& cx);

  private:
    bool edit_d_rating(const ViewContext& cx, const Scheme& scheme,
                       const ClassificationCode& linked, Classification& c);

    std::string notes_;
    uint64_t notes_for_ = UINT64_MAX;  // the pass the notes buffer belongs to
    std::optional<int> d_dragged_;     // the D slider's value while it is held
};

}  // namespace attune::app::ui
