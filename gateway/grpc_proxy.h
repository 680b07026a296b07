// The gateway's native gRPC listener: any unary valohub.*.v1 method is forwarded to its service
// as raw bytes (no re-serialization), after the same authentication as HTTP. Identity metadata a
// client sent is dropped; the verified principal, the request id and the caller's remaining
// deadline (capped) go to the service.
#ifndef VALOHUB_GATEWAY_GRPC_PROXY_H_
#define VALOHUB_GATEWAY_GRPC_PROXY_H_

#include <grpcpp/generic/async_generic_service.h>

#include "absl/time/time.h"
#include "gateway/backends.h"

namespace valohub::gateway {

class Authenticator;
class GatewayMetrics;
class RateLimiter;

class GrpcProxy : public grpc::CallbackGenericService {
 public:
  GrpcProxy(const Backends& backends, Authenticator& authenticator, RateLimiter& limiter,
            GatewayMetrics& metrics, absl::Duration default_deadline, absl::Duration max_deadline)
      : backends_(backends),
        authenticator_(authenticator),
        limiter_(limiter),
        metrics_(metrics),
        default_deadline_(default_deadline),
        max_deadline_(max_deadline) {}

  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext* ctx) override;

 private:
  class Call;
  const Backends& backends_;
  Authenticator& authenticator_;
  RateLimiter& limiter_;
  GatewayMetrics& metrics_;
  const absl::Duration default_deadline_;
  const absl::Duration max_deadline_;
};

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_GRPC_PROXY_H_
