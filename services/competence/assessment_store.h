// Assessments (append-only history) and the competence profile derived from them.
#ifndef VALOHUB_SERVICES_COMPETENCE_ASSESSMENT_STORE_H_
#define VALOHUB_SERVICES_COMPETENCE_ASSESSMENT_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/competence/person_store.h"
#include "services/runtime/db.h"
#include "services/runtime/pagination.h"
#include "valohub/competence/v1/competence.pb.h"

namespace valohub::competence {

struct AssessmentPage {
  std::vector<v1::Assessment> assessments;
  int64_t next_after_seq = 0;
};

class AssessmentStore {
 public:
  static std::vector<db::Query> Queries();

  // `framework_id`/`code` are the parsed parts of assessment.competence(). An unset
  // assess_time is stored as the time of recording.
  static absl::StatusOr<v1::Assessment> Insert(db::Tx& tx, const PersonKey& person,
                                               const std::string& id,
                                               const std::string& framework_id,
                                               const std::string& code,
                                               const v1::Assessment& assessment);
  static absl::StatusOr<v1::Assessment> Get(db::Tx& tx, const PersonKey& person,
                                            const std::string& id);
  // Newest first: rows are returned in descending sequence, so `page.after_seq` is an upper
  // bound here (0 for the first page).
  static absl::StatusOr<AssessmentPage> List(db::Tx& tx, const PersonKey& person,
                                             const Page& page);
  // Per competence, the latest assessment of each source.
  static absl::StatusOr<v1::CompetenceProfile> Profile(db::Tx& tx, const PersonKey& person);
};

}  // namespace valohub::competence

#endif  // VALOHUB_SERVICES_COMPETENCE_ASSESSMENT_STORE_H_
