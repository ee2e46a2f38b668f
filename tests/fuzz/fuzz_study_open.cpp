// A study file from anywhere (a colleague's disk, a half-copied USB stick): random bytes are
// written to a file and opened. Opening must refuse with a message or open; never crash.
// With ATTUNE_FUZZ_MAKE_SEED=PATH set, a fresh empty study is first created at PATH, so
// scripts/fuzz seeds the corpus with a real study file without committing one.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "attune/coding/study.hpp"

namespace fs = std::filesystem;

namespace {
fs::path dir;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* seed = std::getenv("ATTUNE_FUZZ_MAKE_SEED"); seed && !fs::exists(seed))
        if (!attune::Study::create(seed, "seed", "fuzz")) std::abort();
    dir = fs::temp_directory_path() / ("attune-fuzz-study-" + std::to_string(getpid()));
    fs::create_directories(dir);
    std::atexit([] {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const fs::path file = dir / "input.attune";
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    {
        auto study = attune::Study::open(file.string(), "fuzz");
        if (study) (void)study->notices();
    }
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(dir, ignored)) fs::remove_all(entry, ignored);
    return 0;
}
