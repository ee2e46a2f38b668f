#pragma once
// Noldus The Observer XT project templates: `.otx` (the NXMLINTERCHANGE XML, usually UTF-16)
// and `.otb` (a ZIP archive holding one .otx). A template holds a coding scheme and no
// observations; read as a foreign project it gives `scheme from-otx` its subjects and
// behaviours:
// - subjects: every CDS_SUBJECT that is not a subject group;
// - behaviours: every CDS_BEHAVIOR that is not a behaviour group, its group as category, its
//   start key code as key; a state event unless it is marked a point (CDS_ELE_POINT Y);
// - independent variables: the user-defined VL_VARIABLEs.
// Modifiers (CDS_MODIFIERS) are listed in `notes` and not carried over: no template with
// modifiers was available to learn how Observer XT ties them to behaviours.
#include <string>

#include "attune/coding/interop/foreign.hpp"
#include "attune/result.hpp"

namespace attune::interop {

Result<ForeignProject> parse_otx(const std::string& xml, const std::string& name);
Result<ForeignProject> read_otx(const std::string& path);  // .otx or .otb

}  // namespace attune::interop
