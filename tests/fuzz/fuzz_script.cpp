// The `--script` parser (app/workstation/core/script.cpp) on any bytes: it either returns
// the commands or says which lines are wrong; every command it accepts carries what the
// runner needs (a chord for key and hold, a number for seek, wait and frames).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "script.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto parsed = attune::app::parse_script(text, "fuzz");
    if (!parsed) {
        if (parsed.error().message.empty()) std::abort();
        return 0;
    }
    for (const auto& c : *parsed) {
        if ((c.verb == "key" || c.verb == "hold") && !c.chord) std::abort();
        if (c.number < 0 || c.line < 1) std::abort();
    }
    return 0;
}
