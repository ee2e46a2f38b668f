#pragma once
// A lab's old BORIS project, written by our BORIS writer, for the tests of importing one:
// observation "visit1" of subject "child", CRY from 1.000 s to 2.520 s and a "wiggle" (a code
// no Attune scheme has) at 0.500 s, filmed at 25 fps on a file long gone ("gone.mp4").
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "attune/coding/interop/boris_project.hpp"

namespace attune::testing {

inline std::string write_old_boris_project(const std::filesystem::path& dir) {
    interop::ForeignProject p;
    p.name = "old lab";
    p.subjects = {"child"};
    p.ethogram = {{"CRY", "", "", "", true, {}}, {"wiggle", "", "", "", false, {}}};
    interop::ForeignObservation o;
    o.id = "visit1";
    o.media = {"gone.mp4"};
    o.fps = 25;
    o.media_seconds = {10}, o.media_fps = {25};
    const interop::ForeignEvent wiggle{"child", "wiggle", {}, 500'000, std::nullopt, true, "", ""};
    const interop::ForeignEvent cry{"child", "CRY", {}, 1'000'000, 2'520'000, false, "", ""};
    o.events = {wiggle, cry};
    p.observations = {o};
    auto text = interop::write_boris(p, "2026-12-07T10:00:00");
    REQUIRE(text.ok());
    const std::string path = (dir / "old.boris").string();
    std::ofstream(path) << *text;
    return path;
}

}  // namespace attune::testing
