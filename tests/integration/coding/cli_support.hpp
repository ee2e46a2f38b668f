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

inline std::string read_file(const std::string& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace attune::testing
