// What a handler knows about the call it serves: who asked (as forwarded by the gateway), the
// request id that ties log lines across services, and the deadline every outgoing call and
// database wait must respect.
#ifndef VALOHUB_SERVICES_RUNTIME_CALL_CONTEXT_H_
#define VALOHUB_SERVICES_RUNTIME_CALL_CONTEXT_H_

#include <set>
#include <string>

#include "absl/time/time.h"

namespace grpc {
class CallbackServerContext;
class ClientContext;
}  // namespace grpc

namespace valohub {

// Metadata keys. The gateway strips any of these that a client sent and sets them from the
// verified credential; services trust them only as forwarded by the gateway.
inline constexpr char kRequestIdHeader[] = "x-request-id";
inline constexpr char kSubjectHeader[] = "x-valohub-subject";
inline constexpr char kInstitutionHeader[] = "x-valohub-institution";
inline constexpr char kRolesHeader[] = "x-valohub-roles";
inline constexpr char kPersonHeader[] = "x-valohub-person";

struct Principal {
  // Empty for an anonymous caller.
  std::string subject;
  // Institution id the caller belongs to; empty for hub-wide principals.
  std::string institution;
  std::set<std::string> roles;
  // For staff members: the id of their person resource in `institution`.
  std::string person;

  bool anonymous() const { return subject.empty(); }
  bool HasRole(const std::string& role) const { return roles.count(role) > 0; }
};

struct CallContext {
  std::string method;
  std::string request_id;
  absl::Time deadline = absl::InfiniteFuture();
  Principal principal;
  std::string peer;
};

// Reads the call's metadata. A missing request id is created; a deadline later than `max_deadline`
// from now (or none) is capped to it.
CallContext MakeCallContext(const grpc::CallbackServerContext& server_context, std::string method,
                            absl::Duration max_deadline);

// Prepares an outgoing call made on behalf of `call`: same request id and principal, deadline
// the caller's remaining time. Values that are not IsMetadataSafe are left out (and so are
// never trusted downstream) rather than sent.
void PropagateCall(const CallContext& call, grpc::ClientContext& client_context);

// Whether `value` may be sent as gRPC metadata: 1-1024 printable ASCII characters without
// spaces. gRPC aborts the process on anything else, so values from clients are checked first.
bool IsMetadataSafe(const std::string& value);

// A random id for requests and resources: 32 lowercase hex digits in UUID v4 layout.
std::string NewUuid();

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_CALL_CONTEXT_H_
