#include "attune/coding/file_identity.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "attune/coding/records.hpp"
#include "attune/coding/sha256.hpp"
#include "pass_fixture.hpp"
#include "study_access.hpp"

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

TEST_CASE("a relative recording path is looked for beside the study first", "[identity]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "attune-unit" / "resolve";
    fs::remove_all(dir);
    fs::create_directories(dir / "study" / "video");
    fs::create_directories(dir / "cwd" / "video");
    const std::string study = (dir / "study" / "s.attune").string();
    std::ofstream(dir / "cwd" / "video" / "a.mp4") << "elsewhere";
    const fs::path was = fs::current_path();
    fs::current_path(dir / "cwd");
    CHECK(resolve_recording_path(study, "video/a.mp4") == "video/a.mp4");  // only here: older way
    std::ofstream(dir / "study" / "video" / "a.mp4") << "beside";
    CHECK(resolve_recording_path(study, "video/a.mp4") == (dir / "study" / "video/a.mp4").string());
    CHECK(resolve_recording_path(study, "video/b.mp4") == (dir / "study" / "video/b.mp4").string());
    CHECK(resolve_recording_path(study, "/data/a.mp4") == "/data/a.mp4");
    fs::current_path(was);
}

TEST_CASE("accepting a different recording is one audited study-level note on the pass",
          "[identity]") {
    attune::testing::PassFixture f;
    auto audit_rows = [&] {
        auto s = study_db(f.study).prepare("SELECT count(*) FROM audit");
        s.step();
        return s.int64(0);
    };
    const int64_t before = audit_rows();
    REQUIRE(accept_recording(f.study, f.pass, "/v/P01.mp4", "size:4 sha256:aa", "size:9 sha256:bb")
                .ok());
    CHECK(audit_rows() == before + 1);
    CHECK(accepted_recordings(f.study, f.pass) == std::vector<std::string>{"size:4 sha256:aa"});
    const auto comments = list_comments(f.study, f.pass);
    REQUIRE(comments.size() == 1);
    CHECK(comments[0].text ==
          "Recording accepted: identity size:4 sha256:aa; coded on size:9 sha256:bb; file "
          "/v/P01.mp4");
    // The coder's Ctrl+Z in the pass never takes the acceptance back.
    auto undone = f.study.undo(f.pass, Whose::Mine);
    REQUIRE(undone.ok());
    CHECK(accepted_recordings(f.study, f.pass).size() == 1);
    REQUIRE(add_comment(f.study, f.pass, std::nullopt, "Recording accepted by hand").ok());
    CHECK(accepted_recordings(f.study, f.pass).size() == 1);  // only the workstation's own words
}
