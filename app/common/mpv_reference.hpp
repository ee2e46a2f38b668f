#pragma once
// Debian's mpv as the reference player for speed comparisons, shared by both programs'
// benchmarks: started without sound (--ao=null --hr-seek=yes), drawing nothing
// (--vo=null) or drawing in a window as a coder sees it (--vo=gpu --gpu-context=x11egl,
// under the same display as the workstation), driven over its JSON IPC socket, each command timed
// until mpv reports the result.
#include <memory>
#include <optional>
#include <string>

#include "attune/result.hpp"

namespace attune::bench {

class MpvReference {
  public:
    enum class Output { Null, Gpu };
    static Result<std::unique_ptr<MpvReference>> start(const std::string& file,
                                                       Output output = Output::Null);
    static const char* name(Output output) { return output == Output::Gpu ? "gpu" : "null"; }
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

}  // namespace attune::bench
