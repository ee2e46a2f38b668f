#pragma once
#include <string>
#include <string_view>

namespace attune {
// SHA-256 (FIPS 180-4) of the bytes, as 64 lowercase hex digits. Identifies
// scheme snapshots by content.
std::string sha256_hex(std::string_view bytes);
}  // namespace attune
