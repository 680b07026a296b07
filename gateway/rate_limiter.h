// Per-client token buckets: each client (a verified subject, else the peer address) may make
// `rate` requests per second on average and `burst` at once. Thread-safe.
#ifndef VALOHUB_GATEWAY_RATE_LIMITER_H_
#define VALOHUB_GATEWAY_RATE_LIMITER_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace valohub::gateway {

class RateLimiter {
 public:
  // rate <= 0 disables limiting.
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}

  // Takes one token for `client`. When none is left, returns false and sets `retry_after` to
  // when the next one will be there.
  bool Allow(const std::string& client, absl::Time now, absl::Duration* retry_after);

 private:
  struct Bucket {
    double tokens;
    absl::Time updated;
  };
  const double rate_;
  const double burst_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_RATE_LIMITER_H_
