#pragma once
// Where seek proxies (video/proxy.hpp) are kept: one folder per recording, named by the
// recording's identity (its content hash), under the user's cache directory
// ($XDG_CACHE_HOME/attune/proxies, else ~/.cache/attune/proxies). A proxy is a cache:
// any folder may be deleted at any time and is built again when needed. The folders
// least recently used go first when the cache would exceed its cap.
#include <cstdint>
#include <string>

namespace attune::app {

std::string proxy_cache_root();
// The folder of the recording with this identity ("size:N sha256:HEX"); empty when the
// identity names no content.
std::string proxy_folder(const std::string& root, const std::string& identity);
// Notes that the proxy in `folder` was used now (its modification time).
void touch_proxy(const std::string& folder);
uint64_t folder_bytes(const std::string& folder);
// Removes the least recently used proxy folders under `root`, never `keep`, until the
// others and `need` more bytes fit under `cap`. False when `need` alone is over the cap.
bool make_room(const std::string& root, const std::string& keep, uint64_t need, uint64_t cap);

}  // namespace attune::app
