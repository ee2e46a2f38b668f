// A rule-hint expression: parsed, then evaluated with every cell 3 and every hint true.
#include <cstddef>
#include <cstdint>
#include <string>

#include "attune/coding/expression.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto e = attune::Expression::parse(text);
    if (!e) return 0;
    (void)e->holds([](const attune::CellRef&) { return std::optional<double>(3); },
                   [](const std::string&) { return std::optional<bool>(true); });
    (void)e->value([](const attune::CellRef&) { return std::optional<double>(); },
                   [](const std::string&) { return std::optional<bool>(); });
    return 0;
}
