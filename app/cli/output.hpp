#pragma once
// Tidy tables for researchers' scripts: a header, one row per observation, units
// in column names; printed as CSV, TSV, JSON (array of objects) or Markdown.
#include <string>
#include <vector>

namespace attune::cli {

struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> numeric;  // per column: written as a JSON number when set
};

enum class OutputFormat { Csv, Tsv, Json, Markdown };
bool parse_output_format(const std::string& s, OutputFormat& out);
std::string render(const Table& t, OutputFormat f);

std::string fixed(double v, int decimals);

}  // namespace attune::cli
