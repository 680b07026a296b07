// Institutions in PostgreSQL (table competence.institutions). Store methods run inside the
// caller's transaction and know nothing of authorization or request validation.
#ifndef VALOHUB_SERVICES_COMPETENCE_INSTITUTION_STORE_H_
#define VALOHUB_SERVICES_COMPETENCE_INSTITUTION_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/runtime/db.h"
#include "services/runtime/pagination.h"
#include "valohub/competence/v1/competence.pb.h"

namespace valohub::competence {

struct InstitutionPage {
  std::vector<v1::Institution> institutions;
  // Seq of the last row when more rows follow, else 0.
  int64_t next_after_seq = 0;
};

class InstitutionStore {
 public:
  static std::vector<db::Query> Queries();

  // ALREADY_EXISTS when the id or the business id is taken.
  static absl::StatusOr<v1::Institution> Insert(db::Tx& tx, const std::string& id,
                                                const v1::Institution& institution);
  static absl::StatusOr<v1::Institution> Get(db::Tx& tx, const std::string& id);
  static absl::StatusOr<InstitutionPage> List(db::Tx& tx, const Page& page);
  // Writes the mutable fields of `institution` if the stored version is `expected_version`:
  // NOT_FOUND when absent, ABORTED when the version moved on.
  static absl::StatusOr<v1::Institution> Update(db::Tx& tx, const std::string& id,
                                                int64_t expected_version,
                                                const v1::Institution& institution);
  // Deletes if the version matches (any version when `expected_version` is 0). With
  // `with_people`, the institution's people and everything under them go too; without it, an
  // institution that has people is FAILED_PRECONDITION (a foreign key refuses).
  static absl::Status Delete(db::Tx& tx, const std::string& id, int64_t expected_version,
                             bool with_people);
  // Whether the institution has people (and so cannot be deleted without force).
  static absl::StatusOr<bool> HasPeople(db::Tx& tx, const std::string& id);
};

}  // namespace valohub::competence

#endif  // VALOHUB_SERVICES_COMPETENCE_INSTITUTION_STORE_H_
