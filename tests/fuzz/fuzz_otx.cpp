// An Observer XT template a lab brings its scheme in with (attune-cli scheme from-otx FILE):
// read, then the scheme derived from it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "attune/coding/interop/observer_xt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto project = attune::interop::parse_otx(text, "f");
    if (!project) return 0;
    std::vector<std::string> notes;
    (void)attune::interop::scheme_json_from(*project, "f", notes);
    return 0;
}
