#pragma once
// A small filesystem of its own for a test that needs the disk to fail for real: a
// tmpfs of a few MiB, to fill it up or remount it read-only. Needs root; when it cannot
// be made, `why_not` says why and the test skips visibly (skip.hpp).
// Unmounted and removed in the destructor.
#include <optional>
#include <string>

namespace attune::testing {

class ScratchMount {
  public:
    static ScratchMount tmpfs(const std::string& name, int mebibytes);
    ScratchMount(ScratchMount&& o) noexcept;
    ScratchMount& operator=(ScratchMount&&) = delete;
    ~ScratchMount();

    bool ok() const { return why_not.empty(); }
    std::string path;     // the mount point
    std::string why_not;  // empty when mounted
  private:
    ScratchMount() = default;
};

}  // namespace attune::testing
