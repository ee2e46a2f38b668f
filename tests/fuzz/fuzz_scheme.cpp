// A scheme file as a lab writes it: any bytes reach the loader and the checker, which must
// answer with issues, never crash. A scheme that loads is also put through its hints.
#include <cstddef>
#include <cstdint>
#include <string>

#include "attune/coding/rule_hints.hpp"
#include "attune/coding/scheme.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto scheme = attune::load_scheme_text(text, "fuzz.json");
    if (scheme) (void)attune::evaluate_hints(*scheme, {});
    return 0;
}
