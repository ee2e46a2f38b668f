#include "mpv_reference.hpp"

#include "bench_timing.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>

namespace attune::bench {

using Clock = BenchClock;

Result<std::unique_ptr<MpvReference>> MpvReference::start(const std::string& file, Output output) {
    if (!std::filesystem::exists("/usr/bin/mpv"))
        return Error{"mpv is not installed (apt-get install mpv) so no comparison is made"};
    std::unique_ptr<MpvReference> m(new MpvReference);
    m->socket_path_ = (std::filesystem::temp_directory_path() /
                       ("attune-mpv-" + std::to_string(getpid()) + ".sock"))
                          .string();
    std::filesystem::remove(m->socket_path_);
    std::fflush(stdout);  // the child must not inherit (and print again) buffered output
    m->pid_ = fork();
    if (m->pid_ < 0) return Error{"cannot start mpv"};
    if (m->pid_ == 0) {
        const std::string ipc = "--input-ipc-server=" + m->socket_path_;
        // Under X (Xvfb too) mpv's own probing of GPU contexts ends in one that fails to
        // load the file; X11 with EGL is the one that draws.
        const char* vo = output == Output::Gpu ? "--vo=gpu" : "--vo=null";
        const char* context = output == Output::Gpu ? "--gpu-context=x11egl" : "--vo=null";
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        execl("/usr/bin/mpv", "mpv", "--no-config", vo, context, "--ao=null", "--hr-seek=yes",
              "--pause", "--keep-open=yes", "--idle=no", ipc.c_str(), file.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    for (int i = 0; i < 200 && m->fd_ < 0; ++i) {  // up to 10 s for the socket to appear
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (waitpid(m->pid_, nullptr, WNOHANG) == m->pid_) {  // it could not start at all
            m->pid_ = -1;
            return Error{"mpv ended before opening its IPC socket (no display, or no such file)"};
        }
        if (!std::filesystem::exists(m->socket_path_)) continue;
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, m->socket_path_.c_str(), sizeof addr.sun_path - 1);
        if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0)
            m->fd_ = fd;
        else
            close(fd);
    }
    if (m->fd_ < 0) return Error{"mpv did not open its IPC socket"};
    if (!m->send(R"({"command": ["observe_property", 1, "time-pos"]})"))
        return Error{"mpv IPC failed"};
    // Wait until the file is loaded and a first position is known.
    for (int i = 0; i < 100; ++i) {
        if (m->wait_for("\"time-pos\",\"data\":", 100)) return m;
    }
    return Error{"mpv did not load the file"};
}

MpvReference::~MpvReference() {
    if (fd_ >= 0) {
        (void)send(R"({"command": ["quit"]})");
        close(fd_);
    }
    if (pid_ > 0) {
        for (int i = 0; i < 40; ++i) {
            if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    std::filesystem::remove(socket_path_);
}

Status MpvReference::send(const std::string& json) {
    const std::string line = json + "\n";
    // MSG_NOSIGNAL: an mpv that has gone away is an error to report, not SIGPIPE.
    if (::send(fd_, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size()))
        return Error{"mpv IPC write failed"};
    return ok_status();
}

Status MpvReference::wait_for(const std::string& needle, int timeout_ms) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        size_t nl;
        while ((nl = pending_.find('\n')) != std::string::npos) {
            const std::string line = pending_.substr(0, nl);
            pending_.erase(0, nl + 1);
            if (line.find(needle) != std::string::npos) return ok_status();
        }
        const int left = static_cast<int>(
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
        if (left <= 0) return Error{"mpv did not answer in time"};
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, left) <= 0) continue;
        char buf[4096];
        const ssize_t n = read(fd_, buf, sizeof buf);
        if (n <= 0) return Error{"mpv closed its IPC socket"};
        pending_.append(buf, static_cast<size_t>(n));
    }
}

Result<double> MpvReference::seek_exact(double t) {
    pending_.clear();
    const auto start = Clock::now();
    if (auto ok = send("{\"command\": [\"seek\", " + std::to_string(t) + ", \"absolute+exact\"]}");
        !ok)
        return ok.error();
    if (auto ok = wait_for("playback-restart", 10000); !ok) return ok.error();
    return ms_since(start);
}

Result<double> MpvReference::timed_step(const char* command) {
    pending_.clear();
    const auto start = Clock::now();
    if (auto ok = send(std::string("{\"command\": [\"") + command + "\"]}"); !ok) return ok.error();
    if (auto ok = wait_for("\"name\":\"time-pos\"", 10000); !ok) return ok.error();
    return ms_since(start);
}

Result<double> MpvReference::back_step() {
    return timed_step("frame-back-step");
}
Result<double> MpvReference::forward_step() {
    return timed_step("frame-step");
}

}  // namespace attune::bench
