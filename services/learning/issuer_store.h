// Issuers (learning.issuers) and their public keys (learning.issuer_keys).
#ifndef VALOHUB_SERVICES_LEARNING_ISSUER_STORE_H_
#define VALOHUB_SERVICES_LEARNING_ISSUER_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/runtime/db.h"
#include "valohub/learning/v1/learning.pb.h"

namespace valohub::learning {

struct IssuerKeyRow {
  std::string institution_id;
  std::string key_id;
  std::string algorithm;
  std::string kid;
  std::string public_jwk;  // JSON
  bool active = false;
};

class IssuerStore {
 public:
  static std::vector<db::Query> Queries();

  static absl::Status Upsert(db::Tx& tx, const std::string& institution_id,
                             const std::string& display_name);
  // NOT_FOUND when the institution has never provided a unit.
  static absl::StatusOr<std::string> DisplayName(db::Tx& tx, const std::string& institution_id);

  static absl::StatusOr<std::optional<IssuerKeyRow>> ActiveKey(db::Tx& tx,
                                                               const std::string& institution_id);
  static absl::StatusOr<std::optional<IssuerKeyRow>> KeyByKid(db::Tx& tx, const std::string& kid);
  // Serializes key changes of one issuer until the transaction ends.
  static absl::Status LockKeys(db::Tx& tx, const std::string& institution_id);
  // Adds the key as the issuer's active one and retires the previous active key.
  // ALREADY_EXISTS when the key id is registered already.
  static absl::Status AddActiveKey(db::Tx& tx, const IssuerKeyRow& key);
  // All keys of the institution, or of every issuer when `institution_id` is empty.
  static absl::StatusOr<std::vector<v1::IssuerKey>> ListKeys(db::Tx& tx,
                                                             const std::string& institution_id);
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_ISSUER_STORE_H_
