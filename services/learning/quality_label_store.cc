#include "services/learning/quality_label_store.h"

#include "services/runtime/timestamps.h"

namespace valohub::learning {
namespace {

// Times as microseconds, 0 for none.
constexpr db::Query kApply{
    "quality_label_apply",
    "INSERT INTO learning.unit_quality AS q (institution_id, unit_id, status, model, "
    "model_version, decision_time, valid_until, feed_seq) VALUES ($1, $2, $3, $4, $5, "
    "CASE WHEN $6::bigint = 0 THEN NULL ELSE to_timestamp($6::bigint / 1000000.0) END, "
    "CASE WHEN $7::bigint = 0 THEN NULL ELSE to_timestamp($7::bigint / 1000000.0) END, $8) "
    "ON CONFLICT (institution_id, unit_id) DO UPDATE SET status = excluded.status, "
    "model = excluded.model, model_version = excluded.model_version, "
    "decision_time = excluded.decision_time, valid_until = excluded.valid_until, "
    "feed_seq = excluded.feed_seq, update_time = now() "
    "WHERE q.feed_seq <= excluded.feed_seq"};
constexpr db::Query kGet{
    "quality_label_get",
    "SELECT status, model, model_version, "
    "coalesce((extract(epoch from decision_time) * 1000000)::bigint, 0), "
    "coalesce((extract(epoch from valid_until) * 1000000)::bigint, 0) "
    "FROM learning.unit_quality WHERE institution_id = $1 AND unit_id = $2"};
constexpr db::Query kCursor{"quality_feed_cursor",
                            "SELECT after_seq FROM learning.quality_feed WHERE id = 1"};
constexpr db::Query kSetCursor{"quality_feed_set_cursor",
                               "UPDATE learning.quality_feed SET after_seq = greatest(after_seq, $1) "
                               "WHERE id = 1"};

int64_t MicrosOrZero(const google::protobuf::Timestamp& t, bool has) {
  return has ? ToMicros(t) : 0;
}

}  // namespace

std::vector<db::Query> QualityLabelStore::Queries() {
  return {kApply, kGet, kCursor, kSetCursor};
}

absl::StatusOr<std::optional<v1::QualityLabel>> QualityLabelStore::Get(db::Tx& tx,
                                                                       const UnitKey& unit) {
  pqxx::result r = tx.Exec(kGet, unit.institution_id, unit.unit_id);
  if (r.empty()) return std::optional<v1::QualityLabel>();
  v1::QualityLabel label;
  label.set_status(r[0][0].as<std::string>());
  label.set_model(r[0][1].as<std::string>());
  label.set_model_version(r[0][2].as<int>());
  if (int64_t t = r[0][3].as<int64_t>(); t != 0) SetMicros(t, label.mutable_decision_time());
  if (int64_t t = r[0][4].as<int64_t>(); t != 0) SetMicros(t, label.mutable_valid_until());
  return std::optional<v1::QualityLabel>(std::move(label));
}

absl::Status QualityLabelStore::Apply(db::Tx& tx, const UnitKey& unit,
                                      const v1::QualityLabel& label, int64_t feed_seq) {
  tx.Exec(kApply, unit.institution_id, unit.unit_id, label.status(), label.model(),
          label.model_version(),
          MicrosOrZero(label.decision_time(), label.has_decision_time()),
          MicrosOrZero(label.valid_until(), label.has_valid_until()), feed_seq);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> QualityLabelStore::Cursor(db::Tx& tx) {
  pqxx::result r = tx.Exec(kCursor);
  return r.empty() ? 0 : r[0][0].as<int64_t>();
}

absl::Status QualityLabelStore::SetCursor(db::Tx& tx, int64_t seq) {
  tx.Exec(kSetCursor, seq);
  return absl::OkStatus();
}

}  // namespace valohub::learning
