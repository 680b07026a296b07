// The public quality labels the catalogue shows and filters on (learning.unit_quality), as the
// quality service last reported them, and how far its change feed has been followed
// (learning.quality_feed). A label is only replaced by one from a later feed position.
#ifndef VALOHUB_SERVICES_LEARNING_QUALITY_LABEL_STORE_H_
#define VALOHUB_SERVICES_LEARNING_QUALITY_LABEL_STORE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "services/learning/unit_store.h"
#include "services/runtime/db.h"
#include "valohub/learning/v1/learning.pb.h"

namespace valohub::learning {

class QualityLabelStore {
 public:
  static std::vector<db::Query> Queries();

  static absl::Status Apply(db::Tx& tx, const UnitKey& unit, const v1::QualityLabel& label,
                            int64_t feed_seq);
  // The unit's label; nullopt when the quality service never reported on it.
  static absl::StatusOr<std::optional<v1::QualityLabel>> Get(db::Tx& tx, const UnitKey& unit);
  static absl::StatusOr<int64_t> Cursor(db::Tx& tx);
  static absl::Status SetCursor(db::Tx& tx, int64_t seq);
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_QUALITY_LABEL_STORE_H_
