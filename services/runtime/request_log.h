// AIP-155 request ids for non-idempotent calls. Within the call's transaction: Find() takes a
// transaction-scoped advisory lock on (scope, request_id), so concurrent retries of one request
// queue behind each other, and returns the recorded response if there is one; Record() stores
// the response of the first execution. Retries then return that response and change nothing.
// Each service keeps its log in its own schema, as `<schema>.request_log (scope text,
// request_id text, response bytea, create_time timestamptz, PRIMARY KEY (scope, request_id))`.
#ifndef VALOHUB_SERVICES_RUNTIME_REQUEST_LOG_H_
#define VALOHUB_SERVICES_RUNTIME_REQUEST_LOG_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/runtime/call_context.h"
#include "services/runtime/db.h"
#include "services/runtime/status.h"

namespace google::protobuf {
class Message;
}

namespace valohub {

// AIP-155: 1-128 printable ASCII characters.
bool IsRequestId(const std::string& id);

class RequestLog {
 public:
  // The statements for `schema`'s request_log; the service's pool must prepare them.
  static std::vector<db::Query> Queries(const std::string& schema);

  static absl::StatusOr<bool> Find(db::Tx& tx, const std::string& scope,
                                   const std::string& request_id,
                                   google::protobuf::Message* response);
  static absl::Status Record(db::Tx& tx, const std::string& scope, const std::string& request_id,
                             const google::protobuf::Message& response);
};

// Runs a create in one transaction that also consults and fills the request log, so a retry
// with the same request_id returns the first response and writes nothing.
template <typename Response>
inline absl::Status RunCreate(db::Pool& pool, const CallContext& call, const std::string& scope,
                              const std::string& request_id, Response* out,
                              const std::function<absl::StatusOr<Response>(db::Tx&)>& create) {
  if (!request_id.empty() && !IsRequestId(request_id)) {
    return InvalidArgument({{"request_id", "must be 1-128 printable ASCII characters"}});
  }
  return pool.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    if (!request_id.empty()) {
      auto found = RequestLog::Find(tx, scope, request_id, out);
      if (!found.ok()) return found.status();
      if (*found) return absl::OkStatus();
    }
    auto created = create(tx);
    if (!created.ok()) return created.status();
    *out = *std::move(created);
    if (!request_id.empty()) return RequestLog::Record(tx, scope, request_id, *out);
    return absl::OkStatus();
  });
}

// A read that needs one snapshot: one transaction.
template <typename Response>
inline absl::Status RunRead(db::Pool& pool, const CallContext& call, Response* out,
                            const std::function<absl::StatusOr<Response>(db::Tx&)>& read) {
  return pool.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto result = read(tx);
    if (!result.ok()) return result.status();
    *out = *std::move(result);
    return absl::OkStatus();
  });
}

// A read of one resource: no transaction needed.
template <typename Response>
inline absl::Status RunGet(db::Pool& pool, const CallContext& call, Response* out,
                           const std::function<absl::StatusOr<Response>(db::Tx&)>& read) {
  return pool.Run(
      call.deadline,
      [&](db::Tx& tx) -> absl::Status {
        auto result = read(tx);
        if (!result.ok()) return result.status();
        *out = *std::move(result);
        return absl::OkStatus();
      },
      db::Isolation::kAutocommit);
}

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_REQUEST_LOG_H_
