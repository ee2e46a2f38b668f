#pragma once
// Long work (indexing, waveform, session table, tallies, export, backup) off the main
// thread. The Application owns one TaskRunner; start() runs a named piece of work on a
// thread the runner keeps and hands back a Task<T>: the main thread reads its progress,
// asks ready() once per frame and take()s the result, which the worker posted into the
// task's slot. An exception in the work becomes the result's message, never a crash.
// Dropping or replacing a Task only asks its work to stop and forgets the result: it
// never waits for the work (the runner lets it finish on its own thread and reaps it).
// The worker wakes the loop (`wake`, glfwPostEmptyEvent in the window) when its progress
// moves by a percent and when it finishes, so the loop needs no list of who is busy.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "attune/result.hpp"

namespace attune::app {

namespace detail {
// What a task's handle, its worker and the runner share; the worker writes, the main
// thread reads. Lives as long as the longest of the three.
struct TaskState {
    explicit TaskState(std::string n) : name(std::move(n)) {}
    const std::string name;
    std::atomic<double> progress{0.0};
    std::atomic<bool> cancel{false};
    std::atomic<bool> done{false};  // set (release) after the result is written
};
template <typename T>
struct TaskSlot : TaskState {
    using TaskState::TaskState;
    std::optional<Result<T>> result;
};
}  // namespace detail

// The main thread's handle on one task. Empty when default-made or after take().
template <typename T>
class Task {
  public:
    Task() = default;
    explicit Task(std::shared_ptr<detail::TaskSlot<T>> slot) : slot_(std::move(slot)) {}
    Task(Task&&) noexcept = default;
    Task& operator=(Task&& other) noexcept {
        if (this != &other) {
            cancel();
            slot_ = std::move(other.slot_);
        }
        return *this;
    }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;
    ~Task() { cancel(); }

    bool running() const { return slot_ != nullptr; }  // started, result not yet taken
    bool ready() const { return slot_ && slot_->done.load(std::memory_order_acquire); }
    // Only after ready(); the handle is empty afterwards.
    Result<T> take() {
        auto slot = std::move(slot_);
        return std::move(*slot->result);
    }
    double progress() const { return slot_ ? slot_->progress.load() : 0.0; }
    const std::string& name() const {
        static const std::string none;
        return slot_ ? slot_->name : none;
    }
    // Asks the work to stop and drops its result. Returns at once.
    void cancel() {
        if (slot_) slot_->cancel.store(true);
        slot_.reset();
    }

  private:
    std::shared_ptr<detail::TaskSlot<T>> slot_;
};

class TaskRunner {
  public:
    using Progress = std::function<void(double)>;
    template <typename T>
    using Work = std::function<Result<T>(const Progress&, const std::atomic<bool>& cancel)>;

    explicit TaskRunner(std::function<void()> wake = {}) : wake_(std::move(wake)) {}
    // The program is ending: asks every task still running to stop and waits for them.
    ~TaskRunner();
    TaskRunner(const TaskRunner&) = delete;
    TaskRunner& operator=(const TaskRunner&) = delete;

    template <typename T>
    Task<T> start(std::string name, Work<T> work) {
        auto slot = std::make_shared<detail::TaskSlot<T>>(std::move(name));
        launch(slot, [slot, work = std::move(work)](const Progress& progress) {
            slot->result = capture<T>(slot->name, [&] { return work(progress, slot->cancel); });
        });
        return Task<T>(std::move(slot));
    }

    // Work not yet finished, including work whose Task was dropped; for tests and shutdown.
    size_t unfinished() const;

  private:
    struct Worker {
        std::shared_ptr<detail::TaskState> state;
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> exited;  // the thread's last step
    };

    // The work's result, or its exception as the message a coder reads.
    template <typename T, typename F>
    static Result<T> capture(const std::string& name, F&& run) {
        try {
            return run();
        } catch (const std::exception& e) {
            return Error{name + " failed: " + e.what()};
        } catch (...) {
            return Error{name + " failed (an unknown error)"};
        }
    }
    void launch(std::shared_ptr<detail::TaskState> state,
                std::function<void(const Progress&)> body);
    void reap_exited();  // joins threads that have already returned (a join without a wait)

    std::function<void()> wake_;
    mutable std::mutex mutex_;
    std::vector<Worker> workers_;
};

}  // namespace attune::app
