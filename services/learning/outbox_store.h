// The transactional outbox (learning.outbox): events written in the transaction of the change
// that caused them, claimed and marked by the relay.
#ifndef VALOHUB_SERVICES_LEARNING_OUTBOX_STORE_H_
#define VALOHUB_SERVICES_LEARNING_OUTBOX_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/runtime/db.h"

namespace valohub::learning {

struct OutboxEvent {
  int64_t id = 0;
  std::string event_id;
  std::string kind;
  std::string tenant;
  std::string payload;
  int attempts = 0;
};

class OutboxStore {
 public:
  static std::vector<db::Query> Queries();

  static absl::Status InsertMany(db::Tx& tx, const std::vector<OutboxEvent>& events);
  // Up to `limit` due events, locked (SKIP LOCKED: replicas share the work), oldest first.
  static absl::StatusOr<std::vector<OutboxEvent>> ClaimDue(db::Tx& tx, int limit);
  static absl::Status MarkDelivered(db::Tx& tx, int64_t id);
  // Another attempt after `delay`.
  static absl::Status MarkRetry(db::Tx& tx, int64_t id, const std::string& error,
                                absl::Duration delay);
  // Not retried: the receiver refused it for good. Kept for the operator.
  static absl::Status MarkDead(db::Tx& tx, int64_t id, const std::string& error);
  struct Counts {
    int64_t pending = 0;
    int64_t dead = 0;
  };
  static absl::StatusOr<Counts> Count(db::Tx& tx);
  // Deletes up to `limit` events delivered longer than `older_than` ago; how many.
  static absl::StatusOr<int64_t> PruneDelivered(db::Tx& tx, absl::Duration older_than, int limit);
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_OUTBOX_STORE_H_
