#include "attune/coding/file_identity.hpp"

#include <filesystem>
#include <fstream>

#include "attune/coding/sha256.hpp"

namespace attune {

Result<std::string> file_identity(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        return Error{"cannot read recording " + path + ": " + ec.message() + "; check the path"};
    std::ifstream f(path, std::ios::binary);
    if (!f) return Error{"cannot open recording " + path + "; check that it is readable"};
    constexpr std::uintmax_t kMiB = 1 << 20;
    std::string bytes(static_cast<size_t>(std::min(size, kMiB)), '\0');
    f.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (size > kMiB) {
        std::string tail(static_cast<size_t>(std::min(size - kMiB, kMiB)), '\0');
        f.seekg(static_cast<std::streamoff>(size - tail.size()));
        f.read(tail.data(), static_cast<std::streamsize>(tail.size()));
        bytes += tail;
    }
    if (!f) return Error{"cannot read recording " + path};
    return "size:" + std::to_string(size) + " sha256:" + sha256_hex(bytes);
}

}  // namespace attune
