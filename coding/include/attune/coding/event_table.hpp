#pragma once
// Events as a tidy table (CSV or TSV): one row per event, a header, units in the
// column names, one column per modifier the scheme defines. Export then import
// round-trips exactly. CSV quotes per RFC 4180; TSV escapes tab, newline and
// backslash as \t, \n and \\.
#include <string>
#include <vector>

#include "attune/coding/model.hpp"
#include "attune/coding/scheme.hpp"

namespace attune {

enum class TableFormat { Csv, Tsv };
std::optional<TableFormat> table_format_from(const std::string& s);

struct EventRowContext {
    std::string session, participant, coder, role;
};

std::string events_to_table(const Scheme& scheme, const EventRowContext& ctx,
                            const std::vector<Event>& events, TableFormat format);

// Reads events back. Every row is checked against the scheme; all problems are
// reported at once ("line 12: ...") and nothing is returned unless all rows are good.
Result<std::vector<Event>> events_from_table(const Scheme& scheme, const std::string& text,
                                             TableFormat format);

// Splits one table into rows of fields (shared with other tidy readers).
Result<std::vector<std::vector<std::string>>> parse_table(const std::string& text,
                                                          TableFormat format);

}  // namespace attune
