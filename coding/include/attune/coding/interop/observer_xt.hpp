#pragma once
// Noldus The Observer XT project templates: `.otx` (the NXMLINTERCHANGE XML, usually UTF-16)
// and `.otb` (a ZIP archive holding one .otx). A template holds a coding scheme and no
// observations; read as a foreign project it gives `scheme from-otx` its subjects and
// behaviours:
// - subjects: every CDS_SUBJECT that is not a subject group;
// - behaviours: every CDS_BEHAVIOR that is not a behaviour group, its group as category, its
//   start key code as key; a state event unless it is marked a point (CDS_ELE_POINT Y);
// - modifiers: each CDS_MODIFIER without a parent is a set (one choice), those whose
//   CDS_ELE_PARENT_ID names it its values in the file's order; a CDS_CONNECTION gives the
//   behaviour CDS_ELEMENT_ID the set CDS_MODIFIER_ID, as BORIS's import of a template reads
//   them. Sets tied to a behaviour group, values of no set and connections to no set are
//   named in `notes` and left out;
// - independent variables: the user-defined VL_VARIABLEs.
#include <string>

#include "attune/coding/interop/foreign.hpp"
#include "attune/result.hpp"

namespace attune::interop {

Result<ForeignProject> parse_otx(const std::string& xml, const std::string& name);
Result<ForeignProject> read_otx(const std::string& path);  // .otx or .otb

}  // namespace attune::interop
