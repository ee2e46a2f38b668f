#include "attune/coding/file_identity.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "attune/coding/sha256.hpp"

using namespace attune;

TEST_CASE("a recording is identified by its size and its first and last MiB", "[identity]") {
    const auto dir = std::filesystem::temp_directory_path() / "attune-unit";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "identity.bin").string();
    std::string content(3 << 20, '\0');
    for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>((i * 7919) % 251);
    std::ofstream(path, std::ios::binary) << content;

    const std::string head = content.substr(0, 1 << 20),
                      tail = content.substr(content.size() - (1 << 20));
    auto id = file_identity(path);
    REQUIRE(id.ok());
    CHECK(*id == "size:3145728 sha256:" + sha256_hex(head + tail));

    std::ofstream(path, std::ios::binary) << "tiny";
    CHECK(*file_identity(path) == "size:4 sha256:" + sha256_hex("tiny"));

    auto missing = file_identity((dir / "nope.mp4").string());
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("check the path"));
}
