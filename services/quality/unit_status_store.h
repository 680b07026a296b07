// Each unit's quality state (quality.unit_status) and the change feed over it: every write takes
// the next number of quality.status_changes while holding a transaction advisory lock, so the
// feed read in seq order never passes a change that has yet to commit.
#ifndef VALOHUB_SERVICES_QUALITY_UNIT_STATUS_STORE_H_
#define VALOHUB_SERVICES_QUALITY_UNIT_STATUS_STORE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "services/quality/review_store.h"
#include "services/runtime/db.h"
#include "valohub/quality/v1/quality.pb.h"

namespace valohub::quality {

class UnitStatusStore {
 public:
  static std::vector<db::Query> Queries();

  // The unit's stored state, locked for the transaction (a per-unit advisory lock, so also
  // before the unit has a row); a fresh state (name and unit set, nothing else) when there is
  // none. Take it before locking any of the unit's reviews.
  static absl::StatusOr<v1::UnitQuality> Lock(db::Tx& tx, const UnitRef& unit);
  static absl::StatusOr<v1::UnitQuality> Get(db::Tx& tx, const UnitRef& unit);
  // Writes the state with the next feed position (set in `q`).
  static absl::Status Put(db::Tx& tx, const UnitRef& unit, v1::UnitQuality* q);
  // Up to `limit` states changed after `after_seq`, in seq order.
  static absl::StatusOr<std::vector<v1::UnitQuality>> Changes(db::Tx& tx, int64_t after_seq,
                                                              int limit);
};

}  // namespace valohub::quality

#endif  // VALOHUB_SERVICES_QUALITY_UNIT_STATUS_STORE_H_
