#pragma once
// A file's bytes read or written whole, for tests that check what a program wrote.
#include <fstream>
#include <sstream>
#include <string>

namespace attune::testing {

inline std::string read_file(const std::string& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

inline void write_file(const std::string& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

}  // namespace attune::testing
