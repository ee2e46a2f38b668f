// An events table a coder imports (attune-cli events import): the first byte picks CSV or
// TSV, the rest is the file, read against the shipped infant SSP scheme.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "attune/coding/event_table.hpp"
#include "attune/coding/scheme.hpp"

namespace {
const attune::Scheme& scheme() {
    static const attune::Scheme s = [] {
        auto loaded = attune::load_scheme_file(ATTUNE_SCHEMA_DIR "/ssp-infant.json");
        if (!loaded) std::abort();  // the shipped scheme must load; nothing to fuzz without it
        return std::move(*loaded);
    }();
    return s;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const auto format = data[0] & 1 ? attune::TableFormat::Tsv : attune::TableFormat::Csv;
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    (void)attune::parse_table(text, format);
    (void)attune::events_from_table(scheme(), text, format);
    return 0;
}
