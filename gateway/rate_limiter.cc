#include "gateway/rate_limiter.h"

#include <algorithm>

namespace valohub::gateway {

namespace {
// Buckets idle this long are full again and can be forgotten.
constexpr size_t kSweepAbove = 100000;
}  // namespace

bool RateLimiter::Allow(const std::string& client, absl::Time now, absl::Duration* retry_after) {
  if (rate_ <= 0) return true;
  absl::MutexLock lock(&mu_);
  if (buckets_.size() > kSweepAbove) {
    absl::Duration refill = absl::Seconds(burst_ / rate_);
    absl::erase_if(buckets_, [&](const auto& entry) { return now - entry.second.updated > refill; });
  }
  auto [it, inserted] = buckets_.try_emplace(client, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!inserted) {
    b.tokens = std::min(burst_, b.tokens + absl::ToDoubleSeconds(now - b.updated) * rate_);
    b.updated = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  *retry_after = absl::Seconds((1 - b.tokens) / rate_);
  return false;
}

}  // namespace valohub::gateway
