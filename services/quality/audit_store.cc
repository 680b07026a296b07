#include "services/quality/audit_store.h"

#include "services/runtime/page_rows.h"
#include "services/runtime/timestamps.h"

namespace valohub::quality {
namespace {

constexpr db::Query kAppend{
    "audit_append",
    "INSERT INTO quality.audit_events (event_time, actor, actor_institution_id, action, "
    "institution_id, unit_id, review_id, detail) "
    "VALUES (to_timestamp($1::float8 / 1000000), $2, $3, $4, $5, $6, $7, $8)"};
constexpr db::Query kList{
    "audit_list",
    "SELECT seq, (extract(epoch from event_time) * 1000000)::bigint, actor, actor_institution_id, "
    "action, institution_id, unit_id, review_id, detail FROM quality.audit_events "
    "WHERE seq > $1 AND ($3 = '' OR (institution_id = $3 AND unit_id = $4)) "
    "AND ($5 = '' OR review_id = $5) ORDER BY seq LIMIT $2"};

v1::AuditEvent FromRow(const pqxx::row& row) {
  v1::AuditEvent e;
  e.set_seq(row[0].as<int64_t>());
  SetMicros(row[1].as<int64_t>(), e.mutable_time());
  e.set_actor(row[2].as<std::string>());
  e.set_actor_institution(row[3].as<std::string>());
  e.set_action(row[4].as<std::string>());
  const std::string inst = row[5].as<std::string>();
  if (!inst.empty()) e.set_unit(UnitRef{inst, row[6].as<std::string>()}.Name());
  const std::string review = row[7].as<std::string>();
  if (!review.empty()) e.set_review("reviews/" + review);
  e.set_detail(row[8].as<std::string>());
  return e;
}

}  // namespace

std::vector<db::Query> AuditStore::Queries() { return {kAppend, kList}; }

void AuditStore::Append(db::Tx& tx, const Principal& actor, const AuditEntry& entry,
                                absl::Time now) {
  tx.Exec(kAppend, absl::ToUnixMicros(now), actor.subject, actor.institution, entry.action,
          entry.unit.institution_id, entry.unit.unit_id, entry.review_id, entry.detail);
}

absl::StatusOr<std::vector<v1::AuditEvent>> AuditStore::List(db::Tx& tx, const UnitRef& unit,
                                                             const std::string& review_id,
                                                             const Page& page, int64_t* next_seq) {
  pqxx::result r = tx.Exec(kList, page.after_seq, page.size + 1, unit.institution_id,
                           unit.unit_id, review_id);
  std::vector<v1::AuditEvent> out;
  *next_seq = CollectPage(r, page, FromRow, &out);
  return out;
}

}  // namespace valohub::quality
