// Issued credentials (learning.credentials) and the issuers' status lists
// (learning.status_lists).
#ifndef VALOHUB_SERVICES_LEARNING_CREDENTIAL_STORE_H_
#define VALOHUB_SERVICES_LEARNING_CREDENTIAL_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/runtime/db.h"
#include "services/runtime/pagination.h"
#include "valohub/learning/v1/learning.pb.h"

namespace valohub::learning {

struct CredentialRow {
  std::string credential_id;
  std::string institution_id;
  std::string unit_id;
  int unit_version = 0;
  std::string enrolment_id;
  std::string person_institution_id;
  std::string person_id;
  std::string key_id;
  std::string jwt;
  int status_list = 0;
  int status_index = 0;
};

struct StatusSlot {
  int list = 0;
  int index = 0;
};

struct StatusListRow {
  std::string bits;
  absl::Time update_time;
};

class CredentialStore {
 public:
  static std::vector<db::Query> Queries();

  static absl::Status InsertMany(db::Tx& tx, const std::vector<CredentialRow>& rows);
  // NOT_FOUND naming the credential.
  static absl::StatusOr<v1::Credential> Get(db::Tx& tx, const std::string& credential_id);
  static absl::StatusOr<std::vector<v1::Credential>> ListByHolder(
      db::Tx& tx, const std::string& institution_id, const std::string& person_id,
      const Page& page, int64_t* next_seq);
  // Marks the credential revoked and sets its status bit, in the caller's transaction.
  // FAILED_PRECONDITION when it is revoked already, ABORTED on a stale etag.
  static absl::StatusOr<v1::Credential> Revoke(db::Tx& tx, const std::string& credential_id,
                                               const std::string& reason,
                                               const std::string& revoked_by,
                                               int64_t expected_version);

  // `count` unused status-list slots of the issuer, opening new lists of `list_size` entries
  // as they fill. Slots are never reused; one lost to a rolled-back issuance stays 0 forever.
  static absl::StatusOr<std::vector<StatusSlot>> AllocateSlots(db::Tx& tx,
                                                               const std::string& institution_id,
                                                               int count, int list_size);
  static absl::StatusOr<StatusListRow> GetStatusList(db::Tx& tx, const std::string& institution_id,
                                                     int list);
  // The status bit of one slot; NOT_FOUND when the list does not exist.
  static absl::StatusOr<bool> StatusBit(db::Tx& tx, const std::string& institution_id, int list,
                                        int index);
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_CREDENTIAL_STORE_H_
