// Reviews (quality.reviews) and who is assigned to them (quality.review_reviewers). A review is
// read and written whole, as its message; the row's version is its etag.
#ifndef VALOHUB_SERVICES_QUALITY_REVIEW_STORE_H_
#define VALOHUB_SERVICES_QUALITY_REVIEW_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/runtime/db.h"
#include "services/runtime/pagination.h"
#include "valohub/quality/v1/quality.pb.h"

namespace valohub::quality {

struct UnitRef {
  std::string institution_id;
  std::string unit_id;
  std::string Name() const { return "institutions/" + institution_id + "/units/" + unit_id; }
};

struct ReviewFilter {
  // Empty: every unit.
  std::optional<UnitRef> unit;
  std::string state;
  // Only reviews this person is assigned to.
  std::string reviewer_institution_id;
  std::string reviewer_person_id;
};

class ReviewStore {
 public:
  static std::vector<db::Query> Queries();

  static absl::Status Insert(db::Tx& tx, const std::string& review_id, const UnitRef& unit,
                             const v1::Review& review);
  // The review with its row locked for the transaction; NOT_FOUND when missing.
  static absl::StatusOr<v1::Review> Lock(db::Tx& tx, const std::string& review_id);
  static absl::StatusOr<v1::Review> Get(db::Tx& tx, const std::string& review_id);
  // Writes `review` back (after Lock) and bumps its version; the returned review has the new
  // etag.
  static absl::StatusOr<v1::Review> Update(db::Tx& tx, const std::string& review_id,
                                           const v1::Review& review);
  // The id of the unit's OPEN review, locked, if there is one.
  static absl::StatusOr<std::optional<std::string>> LockOpen(db::Tx& tx, const UnitRef& unit);
  static absl::Status AddReviewer(db::Tx& tx, const std::string& review_id, const UnitRef& unit,
                                  const std::string& institution_id, const std::string& person_id);
  // Whether the person is assigned to any review of the unit.
  static absl::StatusOr<bool> IsReviewerOfUnit(db::Tx& tx, const UnitRef& unit,
                                               const std::string& institution_id,
                                               const std::string& person_id);
  static absl::StatusOr<std::vector<v1::Review>> List(db::Tx& tx, const ReviewFilter& filter,
                                                      const Page& page, int64_t* next_seq);
};

}  // namespace valohub::quality

#endif  // VALOHUB_SERVICES_QUALITY_REVIEW_STORE_H_
