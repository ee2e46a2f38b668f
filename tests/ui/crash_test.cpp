// Nothing a coder saw is lost: the workstation is killed with SIGKILL in the middle
// of a scripted session while another connection watches the study; every event
// that had appeared is still there afterwards, the file is intact, and the
// workstation opens it again.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "attune/coding/sqlite.hpp"
#include "ui_session.hpp"

using namespace attune;
using namespace attune::testing;

namespace {

std::set<int64_t> event_frames(const std::string& study) {
    std::set<int64_t> frames;
    for (const Event& e : coded_events(study)) frames.insert(e.start_frame);
    return frames;
}

}  // namespace

TEST_CASE("SIGKILL mid-script loses no event that was visible", "[ui][durability]") {
    const UiStudy s = make_ui_study("sigkill", "ui_coding", 6);
    std::string script = "open P01\n";
    for (int f = 10; f <= 150; f += 10)
        script += "seek " + std::to_string(f) + "\nkey Alt+g\nwait 100\n";
    script += "wait 60000\nquit\n";
    const std::string pid_file = s.dir + "/attune.pid";
    // The workstation's own pid (not xvfb-run's), so the kill hits the program itself.
    std::string command;
    for (const auto& a :
         std::vector<std::string>{ATTUNE_APP_PATH, s.study, "--coder", "alice", "--sound", "null",
                                  "--script", write_script(s, "kill.script", script)})
        command += "'" + a + "' ";
    const pid_t runner = fork();
    REQUIRE(runner >= 0);
    if (runner == 0) {
        setpgid(0, 0);
        const std::string env_config = "XDG_CONFIG_HOME=" + s.config;
        const std::string shell = command + "& echo $! > '" + pid_file + "'; wait";
        execlp("env", "env", ATTUNE_GUI_ENV, env_config.c_str(), "xvfb-run", "-a", "-s",
               "-screen 0 1280x800x24", "sh", "-c", shell.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    // Watch the study until several events have appeared, then kill the workstation.
    std::set<int64_t> seen;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (seen.size() < 6 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (std::filesystem::exists(s.study)) seen = event_frames(s.study);
    }
    pid_t app = 0;
    std::ifstream(pid_file) >> app;
    REQUIRE(app > 0);
    REQUIRE(seen.size() >= 6);
    REQUIRE(kill(app, SIGKILL) == 0);
    int status = 0;
    waitpid(runner, &status, 0);
    kill(-runner, SIGKILL);  // Xvfb, if it lingers

    const auto after = event_frames(s.study);
    for (int64_t f : seen) CHECK(after.count(f) == 1);
    CHECK(after.size() < 15);  // it was killed mid-script, not after the end
    {
        auto db = sql::Db::open(s.study, SQLITE_OPEN_READONLY);
        REQUIRE(db.ok());
        auto check = db->prepare("PRAGMA integrity_check");
        REQUIRE(check.step());
        CHECK(check.text(0) == "ok");
    }
    // The workstation opens the study again and finds every event.
    auto again = run_process(
        workstation_command(s, write_script(s, "reopen.script", "open P01\nframes 3\nquit\n"), ""),
        180);
    REQUIRE(again.ok());
    INFO(again->output);
    CHECK(again->exit_code == 0);
    CHECK(event_frames(s.study) == after);
}
