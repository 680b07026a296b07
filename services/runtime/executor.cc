#include "services/runtime/executor.h"

namespace valohub {

Executor::Executor(int threads, int max_queued)
    : max_queued_(max_queued), max_inline_(threads) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

Executor::~Executor() {
  Shutdown();
  for (auto& t : threads_) t.join();
}

bool Executor::Submit(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_ || queue_.size() >= max_queued_) return false;
  queue_.push_back(std::move(task));
  return true;
}

bool Executor::RunOrSubmit(std::function<void()> task) {
  bool idle;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return false;
    idle = queue_.empty();
  }
  if (idle && inline_running_.fetch_add(1) < max_inline_) {
    task();
    inline_running_.fetch_sub(1);
    return true;
  }
  if (idle) inline_running_.fetch_sub(1);
  return Submit(std::move(task));
}

void Executor::Shutdown() {
  absl::MutexLock lock(&mu_);
  stopping_ = true;
}

void Executor::Work() {
  while (true) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || !queue_.empty();
      };
      mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

}  // namespace valohub
