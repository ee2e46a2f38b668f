// The workstation's task runner: progress, results posted back to the main thread,
// exceptions captured as a message, cancel, and that replacing or cancelling a running
// task never waits for its work (the defect: std::async's future joined in its destructor,
// so replacing the sessions table's load froze the window until the old load ended).
// Ordering is checked with flags and latches, never with a clock.
#include "task_runner.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <latch>
#include <stdexcept>
#include <thread>

using namespace attune;
using namespace attune::app;

namespace {

// The loop's side of `wake`: counts wakes and lets a test wait for a condition they signal.
struct Waker {
    std::mutex mutex;
    std::condition_variable woken;
    int wakes = 0;

    std::function<void()> callback() {
        return [this] {
            std::lock_guard lock(mutex);
            ++wakes;
            woken.notify_all();
        };
    }
    // False if `done` never became true (a lost wake fails the test, never hangs it).
    template <typename Pred>
    bool wait_until(Pred done) {
        std::unique_lock lock(mutex);
        return woken.wait_for(lock, std::chrono::seconds(30), done);
    }
};

}  // namespace

TEST_CASE("a task reports progress, wakes the loop and posts its result", "[tasks]") {
    Waker waker;
    TaskRunner runner(waker.callback());
    std::latch reported(1), go_on(1);
    Task<int> task = runner.start<int>("Counting", [&](const auto& progress, const auto&) {
        progress(0.5);
        reported.count_down();
        go_on.wait();
        return Result<int>(42);
    });
    CHECK(task.name() == "Counting");
    reported.wait();
    CHECK(task.progress() == 0.5);
    CHECK(task.running());
    CHECK_FALSE(task.ready());  // the work waits for go_on
    go_on.count_down();
    // Its end woke the loop: the progress, then the end (the end's wake may come a moment
    // after the result is ready, so both are waited for).
    CHECK(waker.wait_until([&] { return task.ready() && waker.wakes >= 2; }));
    auto result = task.take();
    REQUIRE(result);
    CHECK(*result == 42);
    CHECK_FALSE(task.running());  // taken: the handle is empty
    CHECK_FALSE(task.ready());
}

TEST_CASE("an expected failure is the result's message", "[tasks]") {
    Waker waker;
    TaskRunner runner(waker.callback());
    Task<int> task = runner.start<int>(
        "Reading", [](const auto&, const auto&) { return Result<int>(Error{"no such file"}); });
    waker.wait_until([&] { return task.ready(); });
    auto result = task.take();
    REQUIRE_FALSE(result);
    CHECK(result.error().message == "no such file");
}

TEST_CASE("an exception in the work becomes a message naming the task", "[tasks]") {
    Waker waker;
    TaskRunner runner(waker.callback());
    Task<std::string> task =
        runner.start<std::string>("Exporting", [](const auto&, const auto&) -> Result<std::string> {
            throw std::runtime_error("the disk is full");
        });
    waker.wait_until([&] { return task.ready(); });
    auto result = task.take();
    REQUIRE_FALSE(result);
    CHECK(result.error().message == "Exporting failed: the disk is full");
}

TEST_CASE("cancel asks the work to stop and drops its result", "[tasks]") {
    Waker waker;
    TaskRunner runner(waker.callback());
    std::latch started(1);
    std::atomic<bool> saw_cancel{false};
    Task<int> task = runner.start<int>("Indexing", [&](const auto&, const auto& cancel) {
        started.count_down();
        while (!cancel.load()) std::this_thread::yield();
        saw_cancel = true;
        return Result<int>(Error{"cancelled"});
    });
    started.wait();
    task.cancel();
    CHECK_FALSE(task.running());
    CHECK_FALSE(task.ready());
    waker.wait_until([&] { return runner.unfinished() == 0; });
    CHECK(saw_cancel);
    CHECK_FALSE(task.ready());  // its result went nowhere
}

TEST_CASE("replacing or cancelling a running task returns before its work ends", "[tasks]") {
    std::atomic<bool> replaced{false}, cancelled{false};
    std::atomic<bool> replace_returned_first{false}, cancel_returned_first{false};
    std::atomic<bool> next_done{false};
    {
        Waker waker;
        TaskRunner runner(waker.callback());
        // Work that does not look at its cancel flag, as a long SQLite query does not.
        auto slow = [](std::atomic<bool>& returned, std::atomic<bool>& first) {
            return [&returned, &first](const auto&, const auto&) {
                std::this_thread::sleep_for(std::chrono::seconds(2));
                first = returned.load();
                return Result<int>(1);
            };
        };
        Task<int> task =
            runner.start<int>("Reading sessions", slow(replaced, replace_returned_first));
        task = runner.start<int>("Reading sessions",
                                 [](const auto&, const auto&) { return Result<int>(2); });
        replaced = true;  // the replace call has returned
        Task<int> other = runner.start<int>("Tallying", slow(cancelled, cancel_returned_first));
        other.cancel();
        cancelled = true;

        waker.wait_until([&] { return task.ready(); });  // the new task runs beside the old
        auto result = task.take();
        REQUIRE(result);
        CHECK(*result == 2);
        next_done = true;
    }  // the runner lets the dropped work finish before the program ends
    CHECK(next_done);
    CHECK(replace_returned_first);
    CHECK(cancel_returned_first);
}

TEST_CASE("dropping a task's handle never waits for its work", "[tasks]") {
    std::atomic<bool> dropped{false}, dropped_first{false};
    {
        TaskRunner runner;
        std::latch started(1);
        {
            Task<int> task = runner.start<int>("Audio waveform", [&](const auto&, const auto&) {
                started.count_down();
                std::this_thread::sleep_for(std::chrono::seconds(2));
                dropped_first = dropped.load();
                return Result<int>(3);
            });
            started.wait();
        }  // the handle goes out of scope while the work sleeps
        dropped = true;
        CHECK(runner.unfinished() == 1);
    }
    CHECK(dropped_first);
}
