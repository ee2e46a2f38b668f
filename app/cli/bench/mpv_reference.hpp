#pragma once
// Debian's mpv as the reference player for speed comparisons: started without
// display or sound (--vo=null --ao=null --hr-seek=yes), driven over its JSON IPC
// socket, each command timed until mpv reports the result.
#include <memory>
#include <optional>
#include <string>

#include "attune/result.hpp"

namespace attune::cli {

class MpvReference {
  public:
    static Result<std::unique_ptr<MpvReference>> start(const std::string& file);
    ~MpvReference();
    // Milliseconds until mpv has the exact frame at t shown (event playback-restart).
    Result<double> seek_exact(double t_seconds);
    // Milliseconds for frame-back-step / frame-step until the position changes.
    Result<double> back_step();
    Result<double> forward_step();

  private:
    MpvReference() = default;
    Status send(const std::string& json);
    // Reads events until one line contains `needle`; fails after timeout_ms.
    Status wait_for(const std::string& needle, int timeout_ms);
    Result<double> timed_step(const char* command);
    int pid_ = -1, fd_ = -1;
    std::string socket_path_, pending_;
};

}  // namespace attune::cli
