#include "clip_cache.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>

extern "C" {
#include <libavutil/log.h>
}

namespace attune::testing {
namespace fs = std::filesystem;

std::string clip_directory() {
    return ATTUNE_TEST_CLIP_DIR;
}

namespace {
std::string describe(const ClipSpec& s) {
    const VideoSettings& v = s.video;
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s|%s|%dx%d|%d/%d|g%d|b%d|o%d|v%d|r%d|p%d|%s|%.6f|%lld|a%d",
                  s.container.c_str(), v.codec.c_str(), v.width, v.height, v.fps.num, v.fps.den,
                  v.gop, v.bframes, v.open_gop, v.vfr, v.rotate_degrees,
                  static_cast<int>(v.pix_fmt), v.preset.c_str(), s.seconds,
                  static_cast<long long>(s.start_offset_us), s.audio);
    return buf;
}
}  // namespace

Result<std::string> ensure_clip(const std::string& name, ClipSpec spec) {
    av_log_set_level(AV_LOG_ERROR);  // encoder statistics would drown the test output
    const fs::path dir = clip_directory();
    std::error_code ec;
    fs::create_directories(dir, ec);
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016zx", std::hash<std::string>{}(describe(spec)));
    const fs::path final_path = dir / (name + "-" + std::string(hash, 8) + "." + spec.container);
    if (fs::exists(final_path)) return final_path.string();

    // Each process writes its own temporary file, then renames it into place atomically.
    const fs::path temp = dir / (final_path.stem().string() + ".tmp" + std::to_string(::getpid()) +
                                 "." + spec.container);
    spec.out = temp.string();
    if (auto ok = make_barcode_clip(spec); !ok) {
        fs::remove(temp, ec);
        return Error{"cannot make test clip " + final_path.string() + ": " + ok.error().message};
    }
    fs::rename(temp, final_path, ec);
    if (ec) return Error{"cannot move test clip into place: " + ec.message()};
    return final_path.string();
}

}  // namespace attune::testing
