// An ELAN document a lab imports (attune-cli import FILE.eaf): read, then written back.
#include <cstddef>
#include <cstdint>
#include <string>

#include "attune/coding/interop/elan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto project = attune::interop::parse_eaf(text, "f");
    if (!project) return 0;
    for (const auto& o : project->observations)
        (void)attune::interop::write_eaf(o, project->ethogram, "f", "2026-01-01T00:00:00");
    return 0;
}
