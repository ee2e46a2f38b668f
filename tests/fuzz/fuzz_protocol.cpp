// A feedback protocol file as a service writes it: any bytes reach the loader and its checks,
// which must answer with problems, never crash. A protocol that loads is asked for each visit.
#include <cstddef>
#include <cstdint>
#include <string>

#include "attune/coding/feedback.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto protocol = attune::load_protocol_text(text, "fuzz.json");
    if (protocol)
        for (const auto& v : protocol->visits) (void)protocol->visit(v.visit);
    return 0;
}
