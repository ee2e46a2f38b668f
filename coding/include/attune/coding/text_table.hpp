#pragma once
// Tidy tables for researchers' scripts and the workstation's exports: a header, one
// row per observation, units in column names; rendered as CSV, TSV, JSON (array of
// objects) or Markdown. Shared by attune-cli and the workstation so both write the
// same columns.
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/stats/tally.hpp"

namespace attune {

struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> numeric;  // per column: written as a JSON number when set
};

enum class OutputFormat { Csv, Tsv, Json, Markdown };
bool parse_output_format(const std::string& s, OutputFormat& out);
std::string render(const Table& t, OutputFormat f);

std::string fixed(double v, int decimals);
std::string opt_fixed(const std::optional<double>& v, int decimals);  // "" when absent

// Classification tallies, one row per group x category, with intervals and the norm test.
Table tally_report(const std::vector<stats::TallyTable>& tables);

}  // namespace attune
