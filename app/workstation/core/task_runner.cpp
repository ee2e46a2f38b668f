#include "task_runner.hpp"

#include <algorithm>

namespace attune::app {

TaskRunner::~TaskRunner() {
    std::vector<Worker> workers;
    {
        std::lock_guard lock(mutex_);
        workers = std::move(workers_);
    }
    for (Worker& w : workers) w.state->cancel.store(true);
    for (Worker& w : workers) w.thread.join();
}

size_t TaskRunner::unfinished() const {
    std::lock_guard lock(mutex_);
    return static_cast<size_t>(std::count_if(workers_.begin(), workers_.end(), [](const Worker& w) {
        return !w.state->done.load(std::memory_order_acquire);
    }));
}

void TaskRunner::reap_exited() {
    std::lock_guard lock(mutex_);
    auto exited = std::partition(workers_.begin(), workers_.end(), [](const Worker& w) {
        return !w.exited->load(std::memory_order_acquire);
    });
    for (auto it = exited; it != workers_.end(); ++it) it->thread.join();  // already returned
    workers_.erase(exited, workers_.end());
}

void TaskRunner::launch(std::shared_ptr<detail::TaskState> state,
                        std::function<void(const Progress&)> body) {
    reap_exited();
    auto exited = std::make_shared<std::atomic<bool>>(false);
    std::thread thread([state, body = std::move(body), exited, wake = wake_] {
        // The loop is woken when the bar would move by a percent, not on every call.
        int shown_percent = -1;
        const Progress progress = [&](double fraction) {
            state->progress.store(fraction);
            const int percent = static_cast<int>(fraction * 100);
            if (percent == shown_percent) return;
            shown_percent = percent;
            if (wake) wake();
        };
        body(progress);
        state->done.store(true, std::memory_order_release);
        if (wake) wake();
        exited->store(true, std::memory_order_release);
    });
    std::lock_guard lock(mutex_);
    workers_.push_back({std::move(state), std::move(thread), std::move(exited)});
}

}  // namespace attune::app
