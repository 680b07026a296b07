// A fixed set of worker threads with a bounded queue. gRPC callback handlers hand their blocking
// work (PostgreSQL) to it, so the library's own threads never wait on the database and a burst
// of slow queries queues here, sized to the connection pool, instead of starving the server.
#ifndef VALOHUB_SERVICES_RUNTIME_EXECUTOR_H_
#define VALOHUB_SERVICES_RUNTIME_EXECUTOR_H_

#include <atomic>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace valohub {

class Executor {
 public:
  Executor(int threads, int max_queued);
  // Runs everything already queued, then joins the threads.
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // False when the queue is full or the executor is shutting down; the task is then not run.
  bool Submit(std::function<void()> task);

  // Runs `task` on the calling thread when fewer than `threads` tasks run that way right now and
  // nothing is queued, else submits it. The caller's thread (a gRPC one) is then held for one
  // database call, never more than `threads` of them at once, and a burst still queues here;
  // this saves the hand-off between threads on an idle service.
  bool RunOrSubmit(std::function<void()> task);

  // Stops accepting work; queued work still runs.
  void Shutdown();

 private:
  void Work();

  const size_t max_queued_;
  const int max_inline_;
  std::atomic<int> inline_running_{0};
  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_EXECUTOR_H_
