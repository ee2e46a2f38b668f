#pragma once
// Datavyu (formerly OpenSHAPA) spreadsheets: the .opf project (a ZIP archive holding the
// project description and the `db` text database) and the text database saved on its own
// (Datavyu's "CSV"), versions #4, #3, #2 and the oldest without a version line
// (FORMATS.md section 3).
//
// As a foreign project: one observation (the spreadsheet, its medium the first viewer's
// feed, its offset that viewer's offset), no subjects (every event "No focal subject"),
// one behaviour per column. A MATRIX column's arguments are the behaviour's modifier sets;
// a NOMINAL, INTEGER or FLOAT column's value is one modifier set named "value"; a TEXT
// column's value is the event's comment. A column is a state when one of its cells lasts,
// a point when every cell has onset = offset. Cells whose offset comes before their onset
// are left out and listed (ForeignObservation::left_out); hidden columns are read too.
#include <string>

#include "attune/coding/interop/foreign.hpp"
#include "attune/result.hpp"

namespace attune::interop {

// The text database; `id` names the observation.
Result<ForeignProject> parse_datavyu(const std::string& text, const std::string& id);
// Whether a text is a Datavyu database rather than a tidy table (its first line is a
// version "#N" or a column header "name (TYPE...").
bool looks_like_datavyu(const std::string& text);
// A .opf project or a text database (.csv) on disk.
Result<ForeignProject> read_datavyu(const std::string& path);

}  // namespace attune::interop
