// Nothing changes data without the user asking: viewing the Classification tab
// writes nothing, dragging the D slider writes one undoable change when released,
// and Locate... keeps the pass that is open.
#include <catch2/catch.hpp>
#include <filesystem>

#include "attune/coding/ratings.hpp"
#include "attune/coding/records.hpp"
#include "attune/coding/sqlite.hpp"
#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;
namespace fs = std::filesystem;

namespace {

int64_t count(const std::string& study, const std::string& sql) {
    auto db = sql::Db::open(study, SQLITE_OPEN_READONLY);
    REQUIRE(db.ok());
    auto s = db->prepare(sql);
    REQUIRE(s.step());
    return s.int64(0);
}

// Makes `coder`'s pass in `role` on a session, with a classification when given.
int64_t make_pass(const std::string& study_path, const std::string& label, const std::string& coder,
                  PassRole role, const std::optional<Classification>& c = std::nullopt) {
    auto study = Study::open(study_path, coder);
    REQUIRE(study.ok());
    const auto snapshot = scheme_for_new_pass(*study);
    REQUIRE(snapshot);
    const int64_t snapshot_id = *snapshot;
    auto session = find_session(*study, label);
    REQUIRE(session);
    auto pass = ensure_pass(*study, session->id, coder, role, snapshot_id);
    REQUIRE(pass.ok());
    if (c) {
        auto scheme = load_scheme_snapshot(*study, snapshot_id);
        REQUIRE(scheme.ok());
        REQUIRE(set_classification(*study, *scheme, *pass, *c).ok());
    }
    return *pass;
}

std::optional<Classification> classification_of(const std::string& study_path, int64_t pass) {
    auto study = Study::open(study_path, "test");
    REQUIRE(study.ok());
    auto scheme = load_scheme_snapshot(*study, get_pass(*study, pass)->scheme_snapshot_id);
    REQUIRE(scheme.ok());
    return load_classification(*study, *scheme, pass);
}

}  // namespace

TEST_CASE("viewing the Classification tab leaves a stored classification as it is",
          "[ui][classification]") {
    const UiStudy s = make_ui_study("classification_view_only", "ui_coding", 2);
    // B3 takes no secondary; one stored by an import or an older scheme stays until changed.
    Classification stored;
    stored.code = "B3";
    stored.secondary = "A2";
    stored.confidence = 2;
    const int64_t pass = make_pass(s.study, "P01", "alice", PassRole::Primary, stored);
    const int64_t before = count(s.study, "SELECT count(*) FROM audit");
    auto run = run_process(
        workstation_command(s,
                            write_script(s, "view.script",
                                         "open P01\ntab classification\nframes 5\ntab events\n"
                                         "frames 2\ntab classification\nframes 5\nquit\n"),
                            ""),
        180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    CHECK(count(s.study, "SELECT count(*) FROM audit") == before);
    CHECK(classification_of(s.study, pass) == stored);
}

TEST_CASE("dragging the D slider writes one undoable change when it is released",
          "[ui][classification]") {
    const UiStudy s = make_ui_study("d_slider", "ui_coding", 2);
    Classification b1;
    b1.code = "B1";
    const int64_t pass = make_pass(s.study, "P01", "alice", PassRole::Primary, b1);
    const std::string changes = "SELECT count(*) FROM change_set WHERE label LIKE 'classify%'";
    const int64_t before = count(s.study, changes);
    std::string script = "open P01\ntab classification\nframes 5\npoint D rating 0.02\nframes 2\n";
    script += "press\nframes 2\n";
    for (const char* at : {"0.3", "0.5", "0.7", "1.0"})
        script += std::string("point D rating ") + at + "\nframes 3\n";
    script += "release\nframes 3\nquit\n";
    auto run = run_process(workstation_command(s, write_script(s, "drag.script", script), ""), 180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    CHECK(count(s.study, changes) == before + 1);
    auto dragged = classification_of(s.study, pass);
    REQUIRE(dragged);
    CHECK(dragged->code == "B1");
    CHECK(dragged->d_rating == 9);

    // One Ctrl+Z takes the whole drag back.
    auto undo = run_process(
        workstation_command(s, write_script(s, "undo.script", "open P01\nkey Ctrl+Z\nquit\n"), ""),
        180);
    REQUIRE(undo.ok());
    INFO(undo->output);
    REQUIRE(undo->exit_code == 0);
    CHECK(classification_of(s.study, pass) == b1);
}

TEST_CASE("Locate... keeps the pass that is open", "[ui][sessions]") {
    const UiStudy s = make_ui_study("locate_keeps_pass", "ui_coding", 6);
    const std::string path = s.dir + "/P02.mp4";
    fs::copy_file(s.recording, path);
    add_ui_session(s, "P02", path);
    const int64_t bobs = make_pass(s.study, "P02", "bob", PassRole::Reliability);
    const std::string moved = s.dir + "/moved-P02.mp4";
    fs::rename(path, moved);

    // alice, a supervisor here, looks at bob's reliability pass and points it at the file.
    auto run =
        run_process(workstation_command(s,
                                        write_script(s, "locate.script",
                                                     "open P02 as bob reliability\nlocate P02 " +
                                                         moved + "\nseek 12\nkey Alt+g\nquit\n"),
                                        ""),
                    180);
    REQUIRE(run.ok());
    INFO(run->output);
    REQUIRE(run->exit_code == 0);
    auto study = Study::open(s.study, "test");
    REQUIRE(study.ok());
    const auto session = find_session(*study, "P02");
    REQUIRE(session);
    CHECK(session->recording_path == fs::absolute(moved).string());
    std::vector<Pass> passes;
    for (const Pass& p : list_passes(*study))
        if (p.session_id == session->id) passes.push_back(p);
    REQUIRE(passes.size() == 1);  // no pass of alice's own was started
    CHECK(passes[0].id == bobs);
    CHECK(passes[0].coder == "bob");
    CHECK(passes[0].role == PassRole::Reliability);
    CHECK(count(s.study, "SELECT count(*) FROM event WHERE pass_id = " + std::to_string(bobs) +
                             " AND start_frame = 12") == 1);
}
