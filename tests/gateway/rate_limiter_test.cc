#include "gateway/rate_limiter.h"

#include <gtest/gtest.h>

namespace valohub::gateway {
namespace {

TEST(RateLimiterTest, BurstThenRate) {
  RateLimiter limiter(2, 3);
  absl::Time t = absl::FromUnixSeconds(1000);
  absl::Duration retry;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("a", t, &retry)) << i;
  EXPECT_FALSE(limiter.Allow("a", t, &retry));
  EXPECT_EQ(retry, absl::Milliseconds(500));
  EXPECT_TRUE(limiter.Allow("b", t, &retry)) << "clients have their own buckets";
  EXPECT_TRUE(limiter.Allow("a", t + absl::Milliseconds(500), &retry));
  EXPECT_FALSE(limiter.Allow("a", t + absl::Milliseconds(500), &retry));
  // Tokens never pile up past the burst.
  t += absl::Hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("a", t, &retry));
  EXPECT_FALSE(limiter.Allow("a", t, &retry));
}

TEST(RateLimiterTest, ZeroRateMeansNoLimit) {
  RateLimiter limiter(0, 1);
  absl::Duration retry;
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Allow("a", absl::Now(), &retry));
}

}  // namespace
}  // namespace valohub::gateway
