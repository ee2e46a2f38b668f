#pragma once
// Long work (indexing, waveform, export, statistics) on its own thread, with a
// progress fraction the interface draws as a bar and a cancel flag. The main
// thread polls ready() once per frame and takes the result; it never waits.
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "attune/result.hpp"

namespace attune::app {

template <typename T>
class BackgroundTask {
  public:
    using Progress = std::function<void(double)>;
    using Work = std::function<Result<T>(const Progress&, const std::atomic<bool>& cancel)>;

    BackgroundTask() = default;
    BackgroundTask(std::string label, Work work) : label_(std::move(label)) {
        auto progress = progress_;
        auto cancel = cancel_;
        result_ = std::async(std::launch::async, [work = std::move(work), progress, cancel] {
            // An exception in the work becomes its result's message, never a crash of the
            // thread that takes it.
            try {
                return work([progress](double f) { progress->store(f); }, *cancel);
            } catch (const std::exception& e) {
                return Result<T>(Error{std::string("Could not finish: ") + e.what()});
            }
        });
    }
    BackgroundTask(BackgroundTask&&) noexcept = default;
    BackgroundTask& operator=(BackgroundTask&& o) noexcept {
        if (cancel_) cancel_->store(true);  // the task being replaced stops early
        label_ = std::move(o.label_);
        progress_ = std::move(o.progress_);
        cancel_ = std::move(o.cancel_);
        result_ = std::move(o.result_);
        return *this;
    }
    ~BackgroundTask() {
        if (cancel_) cancel_->store(true);
    }

    bool running() const { return result_.valid(); }
    bool ready() const {
        return result_.valid() &&
               result_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    }
    Result<T> take() { return result_.get(); }  // only after ready()
    double progress() const { return progress_->load(); }
    const std::string& label() const { return label_; }

  private:
    std::string label_;
    std::shared_ptr<std::atomic<double>> progress_ = std::make_shared<std::atomic<double>>(0.0);
    std::shared_ptr<std::atomic<bool>> cancel_ = std::make_shared<std::atomic<bool>>(false);
    std::future<Result<T>> result_;
};

}  // namespace attune::app
