#include "attune/coding/output_file.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "attune/coding/study.hpp"

namespace attune {

namespace fs = std::filesystem;

bool is_attune_study(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    char head[72] = {};
    if (!f.read(head, sizeof head)) return false;
    if (std::string(head, 16) != std::string("SQLite format 3\0", 16)) return false;
    const auto b = [&](int i) {
        return static_cast<uint32_t>(static_cast<unsigned char>(head[i]));
    };
    const uint32_t app = b(68) << 24 | b(69) << 16 | b(70) << 8 | b(71);
    return app == static_cast<uint32_t>(Study::kApplicationId);
}

Status write_output(const std::string& out,
                    const std::function<Status(const std::string&)>& write) {
    // A name of its own per write: two writes of one target (a workstation export still
    // running beside a newer one) never share a temporary file.
    static std::atomic<unsigned> serial{0};
    const fs::path target(out);
    const fs::path temp = target.parent_path() /
                          ("." + target.stem().string() + ".partial-" + std::to_string(::getpid()) +
                           "-" + std::to_string(++serial) + target.extension().string());
    Status ok = write(temp.string());
    std::error_code ec;
    if (!ok) {
        fs::remove(temp, ec);
        return ok;
    }
    fs::rename(temp, target, ec);
    if (ec) {
        const std::string why = ec.message();
        fs::remove(temp, ec);
        return Error{"cannot write " + out + ": " + why + "; nothing was written"};
    }
    return ok_status();
}

Status write_text_output(const std::string& out, const std::string& text) {
    return write_output(out, [&](const std::string& temp) -> Status {
        std::ofstream f(temp, std::ios::binary);
        f << text;
        f.close();
        if (!f) return Error{"cannot write " + out + " (disk full or no permission?)"};
        return ok_status();
    });
}

}  // namespace attune
