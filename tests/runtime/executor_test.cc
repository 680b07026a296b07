#include "services/runtime/executor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"

namespace valohub {
namespace {

TEST(ExecutorTest, SubmitRunsQueuedWorkAndRefusesBeyondTheBound) {
  Executor executor(1, 2);
  absl::Notification release;
  std::atomic<int> done{0};
  ASSERT_TRUE(executor.Submit([&] {
    release.WaitForNotification();
    ++done;
  }));
  absl::SleepFor(absl::Milliseconds(20));  // the worker holds the first task
  EXPECT_TRUE(executor.Submit([&] { ++done; }));
  EXPECT_TRUE(executor.Submit([&] { ++done; }));
  EXPECT_FALSE(executor.Submit([&] { ++done; })) << "queue bound";
  release.Notify();
  absl::Time until = absl::Now() + absl::Seconds(5);
  while (done.load() < 3 && absl::Now() < until) absl::SleepFor(absl::Milliseconds(5));
  EXPECT_EQ(done.load(), 3);
}

TEST(ExecutorTest, RunOrSubmitRunsInlineAtMostThreadsAtOnce) {
  Executor executor(2, 100);
  absl::Notification release;
  std::atomic<int> inline_runs{0}, queued_runs{0}, max_inline{0}, now_inline{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 5; ++i) {
    callers.emplace_back([&] {
      const auto caller = std::this_thread::get_id();
      executor.RunOrSubmit([&, caller] {
        if (std::this_thread::get_id() == caller) {
          int n = ++now_inline;
          int seen = max_inline.load();
          while (n > seen && !max_inline.compare_exchange_weak(seen, n)) {
          }
          ++inline_runs;
          release.WaitForNotification();
          --now_inline;
        } else {
          ++queued_runs;
        }
      });
    });
    absl::SleepFor(absl::Milliseconds(10));
  }
  absl::SleepFor(absl::Milliseconds(50));
  release.Notify();
  for (auto& t : callers) t.join();
  absl::Time until = absl::Now() + absl::Seconds(5);
  while (inline_runs + queued_runs < 5 && absl::Now() < until) absl::SleepFor(absl::Milliseconds(5));
  EXPECT_EQ(inline_runs + queued_runs, 5);
  EXPECT_LE(max_inline.load(), 2);
  EXPECT_GE(queued_runs.load(), 3);
}

}  // namespace
}  // namespace valohub
