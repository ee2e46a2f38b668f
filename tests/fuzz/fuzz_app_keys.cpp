// The workstation's key events without a window: a GLFW key code, modifier bits and the name
// the keyboard layout reports (any bytes) become a chord, which is matched against the
// shipped scheme. The script parser has its own target (fuzz_script).
#include <GLFW/glfw3.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "attune/coding/scheme.hpp"
#include "keys.hpp"

namespace {
const attune::Scheme& scheme() {
    static const attune::Scheme s = [] {
        auto loaded = attune::load_scheme_file(ATTUNE_SCHEMA_DIR "/ssp-infant.json");
        if (!loaded) std::abort();
        return std::move(*loaded);
    }();
    return s;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 3) return 0;
    const int key = (data[0] | (data[1] << 8)) % (GLFW_KEY_LAST + 2) - 1;  // -1 is "unknown"
    const int mods = data[2] & 0x3F;
    const std::string name(reinterpret_cast<const char*>(data + 3), size - 3);
    const bool no_name = !name.empty() && name[0] == '\0';
    auto event = attune::app::key_event(key, no_name ? nullptr : name.c_str(), mods);
    if (event) {
        (void)attune::app::behaviour_on(scheme(), event->chord);
        (void)attune::app::glfw_key_of(event->chord);
    }
    (void)attune::app::parse_chord(name);
    return 0;
}
