// Development needs of a person, in the person's own words.
#ifndef VALOHUB_SERVICES_COMPETENCE_DEVELOPMENT_NEED_STORE_H_
#define VALOHUB_SERVICES_COMPETENCE_DEVELOPMENT_NEED_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/competence/person_store.h"
#include "services/runtime/db.h"
#include "services/runtime/pagination.h"
#include "valohub/competence/v1/competence.pb.h"

namespace valohub::competence {

struct DevelopmentNeedPage {
  std::vector<v1::DevelopmentNeed> needs;
  int64_t next_after_seq = 0;
};

class DevelopmentNeedStore {
 public:
  static std::vector<db::Query> Queries();

  static absl::StatusOr<v1::DevelopmentNeed> Insert(db::Tx& tx, const PersonKey& person,
                                                    const std::string& id,
                                                    const std::string& framework_id,
                                                    const std::string& code,
                                                    const v1::DevelopmentNeed& need);
  static absl::StatusOr<v1::DevelopmentNeed> Get(db::Tx& tx, const PersonKey& person,
                                                 const std::string& id);
  static absl::StatusOr<DevelopmentNeedPage> List(db::Tx& tx, const PersonKey& person,
                                                  const Page& page);
  // NOT_FOUND, or ABORTED when the version moved on.
  static absl::StatusOr<v1::DevelopmentNeed> Update(db::Tx& tx, const PersonKey& person,
                                                    const std::string& id,
                                                    int64_t expected_version,
                                                    const std::string& framework_id,
                                                    const std::string& code,
                                                    const v1::DevelopmentNeed& need);
  static absl::Status Delete(db::Tx& tx, const PersonKey& person, const std::string& id,
                             int64_t expected_version);
};

}  // namespace valohub::competence

#endif  // VALOHUB_SERVICES_COMPETENCE_DEVELOPMENT_NEED_STORE_H_
