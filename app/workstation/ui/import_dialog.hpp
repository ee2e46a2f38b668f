#pragma once
// Study > Import...'s window: draws the import flow (core/import_flow.hpp) at its stage,
// the file being read, the choices of where its observations go with the mapping of its
// codes, the summary of the checked plan, the commit's progress, and posts the user's
// choices as intents. It changes nothing itself.
#include "workbench.hpp"

namespace attune::app::ui {

class ImportDialog {
  public:
    void draw(const ViewContext& cx);

  private:
    void draw_choices(const ViewContext& cx, const ImportFlow& flow);
    void draw_codes(const ViewContext& cx, const ImportFlow& flow);
    void draw_modifier_sets(const ViewContext& cx, const ImportFlow& flow);
    void draw_mapping_buttons(const ViewContext& cx, const ImportFlow& flow);
    void draw_summary(const ViewContext& cx, const ImportFlow& flow);

    ImportChoices edit_;                              // the choices as the widgets hold them
    const interop::ForeignProject* shown_ = nullptr;  // the project edit_ was taken for
};

}  // namespace attune::app::ui
