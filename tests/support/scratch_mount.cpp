#include "scratch_mount.hpp"

#include <unistd.h>

#include <filesystem>

#include "process.hpp"

namespace attune::testing {
namespace fs = std::filesystem;

namespace {

bool run(const std::vector<std::string>& argv, std::string& why) {
    auto r = run_process(argv, 60);
    if (r && r->exit_code == 0) return true;
    why = argv[0] + " failed" + (r ? ": " + r->output : "");
    return false;
}

std::string fresh_dir(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("attune-mount-" + name + "-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir.string();
}

}  // namespace

ScratchMount ScratchMount::tmpfs(const std::string& name, int mebibytes) {
    ScratchMount m;
    if (::geteuid() != 0) {
        m.why_not = "mounting a small tmpfs needs root";
        return m;
    }
    m.path = fresh_dir(name);
    if (!run({"mount", "-t", "tmpfs", "-o", "size=" + std::to_string(mebibytes) + "m", "tmpfs",
              m.path},
             m.why_not))
        m.why_not = "cannot mount a tmpfs: " + m.why_not;
    return m;
}

ScratchMount::ScratchMount(ScratchMount&& o) noexcept
    : path(std::move(o.path)), why_not(std::move(o.why_not)) {
    o.path.clear();
}

ScratchMount::~ScratchMount() {
    std::string why;
    if (!path.empty()) {
        run({"umount", "-l", path}, why);
        std::error_code ec;
        fs::remove_all(path, ec);
    }
}

}  // namespace attune::testing
