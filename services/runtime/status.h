// Errors inside the hub are absl::Status values. Details that the gRPC edge must carry
// (google.rpc.ErrorInfo reason, google.rpc.BadRequest field violations) travel as payloads on the
// absl::Status and are turned into a grpc::Status by ToGrpcStatus, the one place that does so.
#ifndef VALOHUB_SERVICES_RUNTIME_STATUS_H_
#define VALOHUB_SERVICES_RUNTIME_STATUS_H_

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"

namespace grpc {
class Status;
}
namespace google::rpc {
class Status;
}

namespace valohub {

struct FieldViolation {
  std::string field;
  std::string description;
};

// An error with a machine-readable reason (UPPER_SNAKE_CASE, AIP-193) for google.rpc.ErrorInfo.
absl::Status Error(absl::StatusCode code, absl::string_view reason, absl::string_view message);

// INVALID_ARGUMENT with one BadRequest field violation per problem.
absl::Status InvalidArgument(std::vector<FieldViolation> violations);

// `status` (made by Error()) with BadRequest field violations attached: a refusal that names
// what the caller has to fix, such as a unit that failed its automatic quality checks.
absl::Status WithFieldViolations(absl::Status status, const std::vector<FieldViolation>& violations);

// The reason attached by Error(), or empty.
std::string ErrorReason(const absl::Status& status);
// The field violations attached by InvalidArgument(), in order.
std::vector<FieldViolation> FieldViolations(const absl::Status& status);

// Collects validation problems so that one response names all of them.
class Violations {
 public:
  // Records a violation of `field` unless `ok`.
  void Check(bool ok, std::string field, std::string description);
  void Add(std::string field, std::string description);
  bool empty() const { return violations_.empty(); }
  // OK when nothing was recorded, else InvalidArgument naming every field.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
};

// The edge translation: canonical code, message, and google.rpc.Status details (ErrorInfo with
// `domain` and the reason, BadRequest) in grpc-status-details-bin. Internal errors keep their
// code but never their text: the message is replaced by a generic one.
grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view domain);
// The same as a google.rpc.Status message, for errors reported inside a response (per-row
// results of a batch).
google::rpc::Status ToRpcStatus(const absl::Status& status, absl::string_view domain);

// The reverse, for callers of other hub services: keeps code, message, reason and violations.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_STATUS_H_
