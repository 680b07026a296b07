// Competence frameworks in PostgreSQL. A framework's levels and item tree are stored whole, as
// JSON, beside one row per competence and per level so that assessments can refer to them.
#ifndef VALOHUB_SERVICES_COMPETENCE_FRAMEWORK_STORE_H_
#define VALOHUB_SERVICES_COMPETENCE_FRAMEWORK_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/runtime/db.h"
#include "services/runtime/pagination.h"
#include "valohub/competence/v1/competence.pb.h"

namespace valohub::competence {

struct FrameworkPage {
  std::vector<v1::Framework> frameworks;
  int64_t next_after_seq = 0;
};

// What an assessment or a need must know about the competence it names.
struct CompetenceCheck {
  bool framework_exists = false;
  v1::FrameworkStatus status = v1::FRAMEWORK_STATUS_UNSPECIFIED;
  bool competence_exists = false;
  bool level_exists = false;
};

class FrameworkStore {
 public:
  static std::vector<db::Query> Queries();

  // `framework` must be valid and carry a case_identifier. ALREADY_EXISTS when the id or the
  // CASE identifier is taken. The stored status is framework.status().
  static absl::StatusOr<v1::Framework> Insert(db::Tx& tx, const std::string& id,
                                              const v1::Framework& framework);
  static absl::StatusOr<v1::Framework> Get(db::Tx& tx, const std::string& id);
  // Drafts only with `include_drafts`.
  static absl::StatusOr<FrameworkPage> List(db::Tx& tx, const Page& page, bool include_drafts);
  // Replaces content and status. NOT_FOUND, or ABORTED when the version moved on. With
  // `content_changed` false (a status change), the competence and level rows that assessments
  // refer to are left as they are.
  static absl::StatusOr<v1::Framework> Update(db::Tx& tx, const std::string& id,
                                              int64_t expected_version,
                                              const v1::Framework& framework,
                                              bool content_changed = true);
  static absl::Status Delete(db::Tx& tx, const std::string& id, int64_t expected_version);
  // Locks the framework row for the rest of the transaction and reports on `competence` and
  // `level` (either may be empty).
  static absl::StatusOr<CompetenceCheck> Check(db::Tx& tx, const std::string& framework_id,
                                               const std::string& competence,
                                               const std::string& level);
};

}  // namespace valohub::competence

#endif  // VALOHUB_SERVICES_COMPETENCE_FRAMEWORK_STORE_H_
