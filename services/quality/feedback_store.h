// Participant feedback (quality.feedback): one rating per enrolment, kept with a digest of the
// enrolment's name only, and the per-unit aggregate over a period.
#ifndef VALOHUB_SERVICES_QUALITY_FEEDBACK_STORE_H_
#define VALOHUB_SERVICES_QUALITY_FEEDBACK_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/quality/review_store.h"
#include "services/runtime/db.h"
#include "valohub/quality/v1/quality.pb.h"

namespace valohub::quality {

struct FeedbackAggregate {
  int count = 0;
  v1::MeanRatings means;
  // Mean of the four dimensions over every rating.
  double mean = 0;
  // In an order that says nothing about who wrote them or when.
  std::vector<std::string> comments;
};

class FeedbackStore {
 public:
  static std::vector<db::Query> Queries();

  // ALREADY_EXISTS (FEEDBACK_ALREADY_GIVEN) when the enrolment has rated the unit.
  static absl::Status Insert(db::Tx& tx, const UnitRef& unit, const std::string& enrolment,
                             const v1::Feedback& feedback, absl::Time now);
  // Ratings of the unit's `version` (0: every version) given after `since` (InfinitePast: all).
  static absl::StatusOr<FeedbackAggregate> Aggregate(db::Tx& tx, const UnitRef& unit, int version,
                                                     absl::Time since, bool with_comments);
};

}  // namespace valohub::quality

#endif  // VALOHUB_SERVICES_QUALITY_FEEDBACK_STORE_H_
