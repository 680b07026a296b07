// Learning units and their versions in PostgreSQL (learning.units, learning.unit_versions),
// and the catalogue search over published versions.
#ifndef VALOHUB_SERVICES_LEARNING_UNIT_STORE_H_
#define VALOHUB_SERVICES_LEARNING_UNIT_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/runtime/db.h"
#include "services/runtime/pagination.h"
#include "valohub/learning/v1/learning.pb.h"

namespace valohub::learning {

struct UnitKey {
  std::string institution_id;
  std::string unit_id;
  std::string Name() const { return "institutions/" + institution_id + "/units/" + unit_id; }
};

// The row of learning.units, locked by Lock().
struct UnitHead {
  int latest_version = 0;
  int published_version = 0;
  int64_t row_version = 0;
  v1::UnitState latest_state = v1::UNIT_STATE_UNSPECIFIED;
};

struct CatalogueQuery {
  std::string text;
  std::string competence;
  int eqf_level = 0;
  double min_ects = 0;
  double max_ects = 0;
  std::string language;
  std::string participation_mode;  // enum name or empty
  std::string pacing;
  std::string provider;  // institution id or empty
};

class UnitStore {
 public:
  static std::vector<db::Query> Queries();

  // A new unit with version 1 in DRAFT. ALREADY_EXISTS (UNIT_ID_TAKEN) when the id is used.
  static absl::StatusOr<v1::Unit> Insert(db::Tx& tx, const UnitKey& key, const v1::Unit& content);
  // `version` 0: the newest. NOT_FOUND naming the unit (or the version).
  static absl::StatusOr<v1::Unit> Get(db::Tx& tx, const UnitKey& key, int version);
  // Newest versions of the institution's units.
  static absl::StatusOr<std::vector<v1::Unit>> List(db::Tx& tx, const std::string& institution_id,
                                                    const Page& page, int64_t* next_seq);
  // Locks the unit's row for the rest of the transaction. NOT_FOUND when there is none.
  static absl::StatusOr<UnitHead> Lock(db::Tx& tx, const UnitKey& key);
  // Replaces the content of a DRAFT version.
  static absl::Status ReplaceContent(db::Tx& tx, const UnitKey& key, int version,
                                     const v1::Unit& content);
  // Adds version `version` in DRAFT and makes it the newest.
  static absl::Status AddVersion(db::Tx& tx, const UnitKey& key, int version,
                                 const v1::Unit& content);
  // Sets a version's state; PUBLISHED also stamps publish_time and makes it the published one.
  static absl::Status SetState(db::Tx& tx, const UnitKey& key, int version, v1::UnitState state);
  // Bumps the unit's row version (its etag) and update time.
  static absl::Status Touch(db::Tx& tx, const UnitKey& key);
  static absl::Status Delete(db::Tx& tx, const UnitKey& key);

  static absl::StatusOr<std::vector<v1::Unit>> Search(db::Tx& tx, const CatalogueQuery& query,
                                                      const Page& page, int64_t* next_seq);
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_UNIT_STORE_H_
