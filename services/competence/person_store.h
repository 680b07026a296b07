// People of an institution in PostgreSQL (table competence.people).
#ifndef VALOHUB_SERVICES_COMPETENCE_PERSON_STORE_H_
#define VALOHUB_SERVICES_COMPETENCE_PERSON_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/runtime/db.h"
#include "services/runtime/pagination.h"
#include "valohub/competence/v1/competence.pb.h"

namespace valohub::competence {

struct PersonKey {
  std::string institution_id;
  std::string person_id;
};

struct PersonPage {
  std::vector<v1::Person> people;
  int64_t next_after_seq = 0;
};

// One row of a batch upsert that passed validation.
struct PersonUpsert {
  int index;
  std::string new_id;  // used only when the external id is new
  v1::Person person;
};

struct PersonUpsertOutcome {
  int index;
  std::string person_id;
  bool created;
};

class PersonStore {
 public:
  static std::vector<db::Query> Queries();

  // ALREADY_EXISTS when the id or the external id is taken in the institution;
  // FAILED_PRECONDITION... never: the caller checks that the institution exists.
  static absl::StatusOr<v1::Person> Insert(db::Tx& tx, const PersonKey& key,
                                           const v1::Person& person);
  static absl::StatusOr<v1::Person> Get(db::Tx& tx, const PersonKey& key);
  static absl::StatusOr<PersonPage> List(db::Tx& tx, const std::string& institution_id,
                                         const Page& page);
  // NOT_FOUND, or ABORTED when the version moved on.
  static absl::StatusOr<v1::Person> Update(db::Tx& tx, const PersonKey& key,
                                           int64_t expected_version, const v1::Person& person);
  static absl::Status Delete(db::Tx& tx, const PersonKey& key, int64_t expected_version);
  // Inserts or updates by external id, in chunks of multi-row statements. Rows must have
  // distinct external ids.
  static absl::StatusOr<std::vector<PersonUpsertOutcome>> Upsert(
      db::Tx& tx, const std::string& institution_id, const std::vector<PersonUpsert>& rows);
  // NOT_FOUND unless the person exists.
  static absl::Status CheckExists(db::Tx& tx, const PersonKey& key);
};

// "TEACHER,MANAGER" and back; the roles column holds enum names.
std::string RolesToText(const v1::Person& person);

}  // namespace valohub::competence

#endif  // VALOHUB_SERVICES_COMPETENCE_PERSON_STORE_H_
