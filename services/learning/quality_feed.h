// Keeps the catalogue's quality labels current: follows the quality service's change feed
// (ListUnitQualityChanges) from the position stored in learning.quality_feed and applies each
// change to learning.unit_quality in the same transaction that moves the position on. A change
// is applied at least once; applying it again changes nothing. While the quality service is
// unreachable the labels keep their last state (an approval still ends at its valid_until,
// which the catalogue checks itself).
#ifndef VALOHUB_SERVICES_LEARNING_QUALITY_FEED_H_
#define VALOHUB_SERVICES_LEARNING_QUALITY_FEED_H_

#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/learning/quality_client.h"
#include "services/runtime/db.h"
#include "services/runtime/logger.h"

namespace valohub::learning {

class QualityFeed {
 public:
  QualityFeed(db::Pool& pool, QualityServiceGate& quality, Logger& logger,
              absl::Duration poll_interval);
  ~QualityFeed();
  void Start();
  void Stop();
  // Applies what the feed has now; the number of changes applied, or the error.
  absl::StatusOr<int> RunOnce();

 private:
  void Loop();

  db::Pool& pool_;
  QualityServiceGate& quality_;
  Logger& logger_;
  const absl::Duration poll_interval_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_QUALITY_FEED_H_
