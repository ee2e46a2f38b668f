// An import mapping a user edited by hand (attune-cli import --mapping M.json).
#include <cstddef>
#include <cstdint>
#include <string>

#include "attune/coding/interop/import_mapping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto mapping = attune::interop::parse_mapping(text);
    if (mapping) (void)attune::interop::mapping_json(*mapping);
    return 0;
}
