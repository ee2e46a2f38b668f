#pragma once
// Events as a tidy table (CSV or TSV): one row per event, a header, units in the
// column names, one column per modifier the scheme defines. Export then import
// round-trips exactly. CSV quotes per RFC 4180; TSV escapes tab, newline and
// backslash as \t, \n and \\.
#include <functional>
#include <optional>
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

// What an import checks the rows against besides the scheme: the pass they go to
// (session, participant, coder and pass_role columns, when present, must name it) and,
// when the study holds the recording's frame index, each frame's time and the frame count.
struct ImportTarget {
    EventRowContext pass;
    std::function<int64_t(int64_t frame)> frame_us;  // empty: no index
    std::function<int64_t(int64_t t_us)> frame_at;   // the frame on screen at a time (index)
    std::optional<int64_t> frame_count;
};
// As above, and also refuses (quoting line and value) rows for another pass, negative or
// inverted times, a start_us that disagrees with start_frame, frames past the recording's
// end, a subject that is not the behaviour's, two running bouts of one behaviour, a point
// event whose stop differs from its start and a repeated header column. Accepts a UTF-8 BOM,
// CRLF line ends and spaces around values.
Result<std::vector<Event>> events_from_table(const Scheme& scheme, const std::string& text,
                                             TableFormat format, const ImportTarget& target);
// The same checks on rows already split into fields, each row with where it came from
// ("observation 'o1', event 12"): the path every import takes (coding/interop/ builds its
// rows in the tidy table's columns). `source` names the input in the error ("the file").
Result<std::vector<Event>> events_from_rows(const Scheme& scheme, std::vector<std::string> header,
                                            const std::vector<std::vector<std::string>>& rows,
                                            const std::vector<std::string>& where,
                                            const ImportTarget& target, const std::string& source,
                                            TableFormat format = TableFormat::Csv);
// The format a table's first line looks like (a tab and no comma: TSV), if it is clear.
std::optional<TableFormat> sniff_table_format(const std::string& text);

// Splits one table into rows of fields (shared with other tidy readers).
Result<std::vector<std::vector<std::string>>> parse_table(const std::string& text,
                                                          TableFormat format);

}  // namespace attune
