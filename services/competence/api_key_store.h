// API keys in PostgreSQL (table competence.api_keys): only the SHA-256 of each secret.
#ifndef VALOHUB_SERVICES_COMPETENCE_API_KEY_STORE_H_
#define VALOHUB_SERVICES_COMPETENCE_API_KEY_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/runtime/db.h"
#include "services/runtime/pagination.h"
#include "valohub/competence/v1/competence.pb.h"

namespace valohub::competence {

struct ApiKeyPage {
  std::vector<v1::ApiKey> keys;
  int64_t next_after_seq = 0;
};

// What verification needs of a stored key.
struct StoredApiKey {
  std::string institution_id;
  std::string id;
  std::string secret_sha256;
  bool revoked = false;
  std::vector<std::string> roles;
};

class ApiKeyStore {
 public:
  static std::vector<db::Query> Queries();

  static absl::StatusOr<v1::ApiKey> Insert(db::Tx& tx, const std::string& institution_id,
                                           const std::string& id, const v1::ApiKey& key,
                                           const std::string& secret_sha256,
                                           const std::string& secret_prefix);
  static absl::StatusOr<ApiKeyPage> List(db::Tx& tx, const std::string& institution_id,
                                         const Page& page);
  // NOT_FOUND when absent; revoking twice keeps the first revoke time.
  static absl::StatusOr<v1::ApiKey> Revoke(db::Tx& tx, const std::string& institution_id,
                                           const std::string& id);
  // NOT_FOUND when no key has this id.
  static absl::StatusOr<StoredApiKey> Find(db::Tx& tx, const std::string& id);
};

}  // namespace valohub::competence

#endif  // VALOHUB_SERVICES_COMPETENCE_API_KEY_STORE_H_
