// A Datavyu spreadsheet a lab imports (attune-cli import FILE.opf / FILE.csv, the `db` of a
// project): read, then a scheme derived from it, as scheme from-datavyu does.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "attune/coding/interop/datavyu.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    (void)attune::interop::looks_like_datavyu(text);
    auto project = attune::interop::parse_datavyu(text, "f");
    if (!project) return 0;
    std::vector<std::string> notes;
    (void)attune::interop::scheme_json_from(*project, "f", notes);
    return 0;
}
