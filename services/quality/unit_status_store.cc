#include "services/quality/unit_status_store.h"

#include <pqxx/binarystring>

#include "services/quality/quality_rules.h"

namespace valohub::quality {
namespace {

// Any fixed number: the key of the feed's writer lock.
constexpr int64_t kFeedLock = 7103001;

// Serializes the writers of one unit also while it has no row yet (the first submission).
constexpr db::Query kUnitLock{"status_unit_lock",
                              "SELECT pg_advisory_xact_lock(7103, hashtext($1 || '/' || $2))"};
constexpr db::Query kLock{"status_lock",
                          "SELECT seq, body FROM quality.unit_status "
                          "WHERE institution_id = $1 AND unit_id = $2 FOR UPDATE"};
constexpr db::Query kGet{"status_get",
                         "SELECT seq, body FROM quality.unit_status "
                         "WHERE institution_id = $1 AND unit_id = $2"};
constexpr db::Query kFeedLockQuery{"status_feed_lock", "SELECT pg_advisory_xact_lock($1::bigint)"};
constexpr db::Query kPut{
    "status_put",
    "INSERT INTO quality.unit_status (institution_id, unit_id, seq, body) "
    "VALUES ($1, $2, nextval('quality.status_changes'), $3) "
    "ON CONFLICT (institution_id, unit_id) DO UPDATE SET seq = nextval('quality.status_changes'), "
    "body = excluded.body, update_time = now() RETURNING seq"};
constexpr db::Query kChanges{"status_changes",
                             "SELECT seq, body FROM quality.unit_status WHERE seq > $1 "
                             "ORDER BY seq LIMIT $2"};

v1::UnitQuality FromRow(const pqxx::row& row) {
  v1::UnitQuality q;
  pqxx::binarystring body(row[1]);
  q.ParseFromArray(body.data(), static_cast<int>(body.size()));
  q.set_seq(row[0].as<int64_t>());
  return q;
}

v1::UnitQuality Fresh(const UnitRef& unit) {
  v1::UnitQuality q;
  q.set_unit(unit.Name());
  q.set_name(unit.Name() + "/quality");
  return q;
}

}  // namespace

std::vector<db::Query> UnitStatusStore::Queries() {
  return {kUnitLock, kLock, kGet, kFeedLockQuery, kPut, kChanges};
}

absl::StatusOr<v1::UnitQuality> UnitStatusStore::Lock(db::Tx& tx, const UnitRef& unit) {
  tx.Exec(kUnitLock, unit.institution_id, unit.unit_id);
  pqxx::result r = tx.Exec(kLock, unit.institution_id, unit.unit_id);
  return r.empty() ? Fresh(unit) : FromRow(r[0]);
}

absl::StatusOr<v1::UnitQuality> UnitStatusStore::Get(db::Tx& tx, const UnitRef& unit) {
  pqxx::result r = tx.Exec(kGet, unit.institution_id, unit.unit_id);
  return r.empty() ? Fresh(unit) : FromRow(r[0]);
}

absl::Status UnitStatusStore::Put(db::Tx& tx, const UnitRef& unit, v1::UnitQuality* q) {
  tx.Exec(kFeedLockQuery, kFeedLock);
  v1::UnitQuality body = *q;
  ClearPresented(&body);
  pqxx::result r = tx.Exec(kPut, unit.institution_id, unit.unit_id,
                           pqxx::binarystring(body.SerializeAsString()));
  q->set_seq(r[0][0].as<int64_t>());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::UnitQuality>> UnitStatusStore::Changes(db::Tx& tx,
                                                                      int64_t after_seq,
                                                                      int limit) {
  pqxx::result r = tx.Exec(kChanges, after_seq, limit);
  std::vector<v1::UnitQuality> out;
  for (const auto& row : r) out.push_back(FromRow(row));
  return out;
}

}  // namespace valohub::quality
