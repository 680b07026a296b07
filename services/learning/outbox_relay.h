// Delivers the learning outbox to the competence service: claims due events (FOR UPDATE SKIP
// LOCKED, so replicas share the work without delivering one event twice at the same time),
// sends each as an idempotent CreateAssessment keyed by the event id, and marks it delivered,
// or schedules a retry with exponential backoff, or (for a refusal that retrying cannot change)
// marks it dead for the operator. Delivery is at least once; the receiver's request log makes a
// repeated delivery change nothing.
#ifndef VALOHUB_SERVICES_LEARNING_OUTBOX_RELAY_H_
#define VALOHUB_SERVICES_LEARNING_OUTBOX_RELAY_H_

#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/learning/competence_client.h"
#include "services/runtime/db.h"
#include "services/runtime/logger.h"

namespace prometheus {
class Counter;
class Gauge;
}  // namespace prometheus

namespace valohub {
class Metrics;
}

namespace valohub::learning {

inline constexpr char kEvidenceEventKind[] = "competence.CreateAssessment";

struct RelayOptions {
  absl::Duration poll_interval = absl::Milliseconds(500);
  int batch_size = 200;
  absl::Duration min_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(60);
  absl::Duration call_timeout = absl::Seconds(5);
  // Delivered events are kept this long (for inquiries), then deleted.
  absl::Duration keep_delivered = absl::Hours(24 * 7);
};

class OutboxRelay {
 public:
  OutboxRelay(db::Pool& pool, CompetenceClient& competence, Logger& logger, Metrics* metrics,
              RelayOptions options = {});
  ~OutboxRelay();
  void Start();
  // Finishes the batch in hand and stops; undelivered events wait in the table.
  void Stop();
  // Something was written: look now rather than at the next poll.
  void Wake();
  // One pass over the due events; the number delivered. For tests and the loop.
  int RunOnce();
  // At most every 10 s: refreshes valohub_learning_outbox_events{state} from the table and
  // deletes delivered events older than keep_delivered.
  void Upkeep();

 private:
  void Loop();

  db::Pool& pool_;
  CompetenceClient& competence_;
  Logger& logger_;
  const RelayOptions options_;
  prometheus::Counter* delivered_ = nullptr;
  prometheus::Counter* retried_ = nullptr;
  prometheus::Counter* dead_ = nullptr;
  prometheus::Gauge* pending_gauge_ = nullptr;
  prometheus::Gauge* dead_gauge_ = nullptr;
  absl::Time last_count_ = absl::InfinitePast();
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  bool woken_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_OUTBOX_RELAY_H_
