#include "services/learning/outbox_store.h"

#include <pqxx/binarystring>

#include "services/runtime/pg_array.h"

namespace valohub::learning {
namespace {

constexpr db::Query kInsert{"outbox_insert",
                            "INSERT INTO learning.outbox (event_id, kind, tenant, payload) "
                            "SELECT e.id::uuid, e.kind, e.tenant, e.payload FROM unnest($1::text[], "
                            "$2::text[], $3::text[], $4::bytea[]) AS e(id, kind, tenant, payload)"};
constexpr db::Query kClaim{"outbox_claim",
                           "SELECT id, event_id::text, kind, tenant, payload, attempts "
                           "FROM learning.outbox WHERE delivered_time IS NULL "
                           "AND dead_time IS NULL AND next_attempt_time <= now() "
                           "ORDER BY next_attempt_time, id LIMIT $1 FOR UPDATE SKIP LOCKED"};
constexpr db::Query kDelivered{"outbox_delivered",
                               "UPDATE learning.outbox SET delivered_time = now(), "
                               "attempts = attempts + 1, last_error = NULL WHERE id = $1"};
constexpr db::Query kRetry{"outbox_retry",
                           "UPDATE learning.outbox SET attempts = attempts + 1, last_error = $2, "
                           "next_attempt_time = now() + $3 * interval '1 millisecond' "
                           "WHERE id = $1"};
constexpr db::Query kDead{"outbox_dead",
                          "UPDATE learning.outbox SET attempts = attempts + 1, last_error = $2, "
                          "dead_time = now() WHERE id = $1"};
constexpr db::Query kCount{"outbox_count",
                           "SELECT (SELECT count(*) FROM learning.outbox "
                           "WHERE delivered_time IS NULL AND dead_time IS NULL), "
                           "(SELECT count(*) FROM learning.outbox WHERE dead_time IS NOT NULL)"};
constexpr db::Query kPrune{"outbox_prune",
                           "DELETE FROM learning.outbox WHERE id IN (SELECT id FROM learning.outbox "
                           "WHERE delivered_time < now() - $1 * interval '1 second' LIMIT $2)"};

}  // namespace

std::vector<db::Query> OutboxStore::Queries() {
  return {kInsert, kClaim, kDelivered, kRetry, kDead, kCount, kPrune};
}

absl::Status OutboxStore::InsertMany(db::Tx& tx, const std::vector<OutboxEvent>& events) {
  if (events.empty()) return absl::OkStatus();
  tx.Exec(kInsert, db::TextArray(events, [](const OutboxEvent& e) { return e.event_id; }),
          db::TextArray(events, [](const OutboxEvent& e) { return e.kind; }),
          db::TextArray(events, [](const OutboxEvent& e) { return e.tenant; }),
          db::ByteaArray(events, [](const OutboxEvent& e) -> const std::string& { return e.payload; }));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<OutboxEvent>> OutboxStore::ClaimDue(db::Tx& tx, int limit) {
  std::vector<OutboxEvent> out;
  for (const auto& row : tx.Exec(kClaim, limit)) {
    pqxx::binarystring payload(row[4]);
    out.push_back({row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                   row[3].as<std::string>(), payload.str(), row[5].as<int>()});
  }
  return out;
}

absl::Status OutboxStore::MarkDelivered(db::Tx& tx, int64_t id) {
  tx.Exec(kDelivered, id);
  return absl::OkStatus();
}

absl::Status OutboxStore::MarkRetry(db::Tx& tx, int64_t id, const std::string& error,
                                    absl::Duration delay) {
  tx.Exec(kRetry, id, error.substr(0, 2000), absl::ToInt64Milliseconds(delay));
  return absl::OkStatus();
}

absl::Status OutboxStore::MarkDead(db::Tx& tx, int64_t id, const std::string& error) {
  tx.Exec(kDead, id, error.substr(0, 2000));
  return absl::OkStatus();
}

absl::StatusOr<OutboxStore::Counts> OutboxStore::Count(db::Tx& tx) {
  pqxx::result r = tx.Exec(kCount);
  return Counts{r[0][0].as<int64_t>(), r[0][1].as<int64_t>()};
}

}  // namespace valohub::learning

namespace valohub::learning {

absl::StatusOr<int64_t> OutboxStore::PruneDelivered(db::Tx& tx, absl::Duration older_than,
                                                   int limit) {
  return static_cast<int64_t>(
      tx.Exec(kPrune, absl::ToInt64Seconds(older_than), limit).affected_rows());
}

}  // namespace valohub::learning
