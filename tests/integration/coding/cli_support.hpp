#pragma once
// What the attune-cli tests share: running the real program (waiting for it, never longer
// than a timeout), a scratch folder per test file, and reading a file back whole.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "process.hpp"
#include "text_files.hpp"

namespace attune::testing {

inline ProcessResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), ATTUNE_CLI_PATH);
    auto r = run_process(args, 120);
    REQUIRE(r.ok());
    return *r;
}

inline std::string scratch_folder(const std::string& name) {
    const auto d = std::filesystem::temp_directory_path() / name;
    std::filesystem::create_directories(d);
    return d.string();
}

// A delimited text's lines split into fields (no quoting: BORIS's TSVs, our plain CSVs).
inline std::vector<std::vector<std::string>> split_lines(const std::string& text, char sep) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream fields(line);
        while (std::getline(fields, cell, sep)) cells.push_back(cell);
        if (!line.empty() && line.back() == sep) cells.push_back("");
        rows.push_back(cells);
    }
    return rows;
}

// The position of a header's column; a test failure when the header lacks it.
inline size_t column(const std::vector<std::string>& header, const std::string& name) {
    for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return i;
    FAIL("no column " << name);
    return 0;
}

}  // namespace attune::testing
