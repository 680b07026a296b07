// AIP-155 request ids for non-idempotent calls. Within the call's transaction: Find() takes a
// transaction-scoped advisory lock on (scope, request_id), so concurrent retries of one request
// queue behind each other, and returns the recorded response if there is one; Record() stores
// the response of the first execution. Retries then return that response and change nothing.
#ifndef VALOHUB_SERVICES_COMPETENCE_REQUEST_LOG_H_
#define VALOHUB_SERVICES_COMPETENCE_REQUEST_LOG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/runtime/db.h"

namespace google::protobuf {
class Message;
}

namespace valohub::competence {

class RequestLog {
 public:
  static std::vector<db::Query> Queries();

  static absl::StatusOr<bool> Find(db::Tx& tx, const std::string& scope,
                                   const std::string& request_id,
                                   google::protobuf::Message* response);
  static absl::Status Record(db::Tx& tx, const std::string& scope, const std::string& request_id,
                             const google::protobuf::Message& response);
};

}  // namespace valohub::competence

#endif  // VALOHUB_SERVICES_COMPETENCE_REQUEST_LOG_H_
