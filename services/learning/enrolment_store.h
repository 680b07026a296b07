// Enrolments in learning units (learning.enrolments).
#ifndef VALOHUB_SERVICES_LEARNING_ENROLMENT_STORE_H_
#define VALOHUB_SERVICES_LEARNING_ENROLMENT_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/learning/unit_store.h"
#include "services/runtime/db.h"
#include "services/runtime/pagination.h"
#include "valohub/learning/v1/learning.pb.h"

namespace valohub::learning {

struct EnrolmentKey {
  UnitKey unit;
  std::string enrolment_id;
  std::string Name() const { return unit.Name() + "/enrolments/" + enrolment_id; }
};

// An enrolment as a completion needs it, locked.
struct EnrolmentRow {
  v1::EnrolmentState state = v1::ENROLMENT_STATE_UNSPECIFIED;
  int unit_version = 0;
  std::string person_institution_id;
  std::string person_id;
  int64_t version = 0;
};

class EnrolmentStore {
 public:
  static std::vector<db::Query> Queries();

  // ALREADY_EXISTS: ALREADY_ENROLLED when the person has a live enrolment in the unit,
  // ENROLMENT_ID_TAKEN when the id is used.
  static absl::StatusOr<v1::Enrolment> Insert(db::Tx& tx, const EnrolmentKey& key,
                                              int unit_version,
                                              const std::string& person_institution_id,
                                              const std::string& person_id);
  static absl::StatusOr<v1::Enrolment> Get(db::Tx& tx, const EnrolmentKey& key);
  static absl::StatusOr<std::vector<v1::Enrolment>> List(db::Tx& tx, const UnitKey& unit,
                                                         const Page& page, int64_t* next_seq);
  // How many of `enrolment_ids` (of one unit) are ENROLLED.
  static absl::StatusOr<int> CountEnrolled(db::Tx& tx, const UnitKey& unit,
                                           const std::vector<std::string>& enrolment_ids);
  // Locks the rows of `keys` (all of one unit) for the transaction; missing ones are absent.
  static absl::StatusOr<std::vector<std::pair<std::string, EnrolmentRow>>> LockMany(
      db::Tx& tx, const UnitKey& unit, const std::vector<std::string>& enrolment_ids);
  struct Completion {
    std::string enrolment_id;
    std::string completion;  // serialized CompleteEnrolmentRequest
    std::string credential_id;
  };
  // Marks the enrolments COMPLETED with their result and credential, one statement.
  static absl::Status CompleteMany(db::Tx& tx, const UnitKey& unit,
                                   const std::vector<Completion>& completions);
  // ENROLLED -> WITHDRAWN; FAILED_PRECONDITION when it is not ENROLLED, ABORTED on a stale etag.
  static absl::StatusOr<v1::Enrolment> Withdraw(db::Tx& tx, const EnrolmentKey& key,
                                                int64_t expected_version);
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_ENROLMENT_STORE_H_
