// A key chord as a scheme or a script writes it. What parses must print as text that parses
// back to the same chord (the checker compares chords by that text).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "attune/coding/key_chord.hpp"
#include "attune/coding/workstation_keys.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)attune::canonical_key(text);
    (void)attune::is_letter_key(text);
    auto chord = attune::parse_key_chord(text);
    if (!chord) return 0;
    (void)attune::untypeable_key_reason(*chord);
    (void)attune::is_workstation_chord(*chord);
    auto again = attune::parse_key_chord(chord->text());
    if (!again || !(*again == *chord)) std::abort();  // text() must round-trip
    return 0;
}
