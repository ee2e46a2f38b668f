#include "proxy_cache.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

namespace attune::app {
namespace fs = std::filesystem;

std::string proxy_cache_root() {
    fs::path dir;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        dir = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        dir = fs::path(home) / ".cache";
    else
        dir = fs::temp_directory_path();
    return (dir / "attune" / "proxies").string();
}

std::string proxy_folder(const std::string& root, const std::string& identity) {
    std::string name;
    const auto hash = identity.find("sha256:");
    for (char c : identity.substr(hash == std::string::npos ? 0 : hash + 7))
        if (std::isalnum(static_cast<unsigned char>(c))) name += c;
    if (name.empty()) return {};  // never the root itself
    return (fs::path(root) / name.substr(0, 40)).string();
}

void touch_proxy(const std::string& folder) {
    std::error_code ec;
    fs::last_write_time(folder, fs::file_time_type::clock::now(), ec);
}

uint64_t folder_bytes(const std::string& folder) {
    uint64_t total = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec)) total += it->file_size(ec);
    return total;
}

bool make_room(const std::string& root, const std::string& keep, uint64_t need, uint64_t cap) {
    if (need > cap) return false;
    struct Folder {
        fs::file_time_type used;
        std::string path;
        uint64_t bytes;
    };
    std::vector<Folder> others;
    uint64_t total = 0;
    std::error_code ec;
    for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_directory(ec) || it->path() == fs::path(keep)) continue;
        others.push_back({it->last_write_time(ec), it->path().string(), folder_bytes(it->path())});
        total += others.back().bytes;
    }
    std::sort(others.begin(), others.end(),
              [](const Folder& a, const Folder& b) { return a.used < b.used; });
    for (const Folder& f : others) {
        if (total + need <= cap) break;
        fs::remove_all(f.path, ec);
        if (!ec) total -= f.bytes;
    }
    return true;
}

}  // namespace attune::app
