#pragma once
// The CLI prints the tidy tables of the coding library (attune/coding/text_table.hpp).
#include "attune/coding/text_table.hpp"

namespace attune::cli {
using attune::fixed;
using attune::OutputFormat;
using attune::parse_output_format;
using attune::render;
using attune::Table;
}  // namespace attune::cli
