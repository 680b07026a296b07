// Turns a request's credentials into the verified Principal that the gateway forwards:
//   Authorization: Bearer <JWT>     checked by JwtVerifier against the JWKS
//   X-Api-Key: <secret> (or Authorization: ApiKey <secret>)
//                                   an institution system's key, checked by the competence
//                                   service's VerifyApiKey on every request, so a revoked key
//                                   stops working at once
//   nothing                         an anonymous principal; services decide what it may read
// Anything sent but not valid is UNAUTHENTICATED: a bad credential never degrades to anonymous.
#ifndef VALOHUB_GATEWAY_AUTHENTICATOR_H_
#define VALOHUB_GATEWAY_AUTHENTICATOR_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/runtime/call_context.h"

namespace grpc {
class Channel;
}

namespace valohub::gateway {

class JwtVerifier;

class Authenticator {
 public:
  using Done = std::function<void(absl::StatusOr<Principal>)>;

  // `keys` is the channel to the service that verifies API keys; null refuses API keys.
  Authenticator(JwtVerifier& jwt, std::shared_ptr<grpc::Channel> keys)
      : jwt_(jwt), keys_(std::move(keys)) {}

  // Calls `done` exactly once, possibly on another thread (API keys are verified remotely).
  void Authenticate(const std::string& authorization, const std::string& api_key,
                    const std::string& request_id, Done done);

 private:
  void VerifyApiKey(const std::string& secret, const std::string& request_id, Done done);

  JwtVerifier& jwt_;
  std::shared_ptr<grpc::Channel> keys_;
};

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_AUTHENTICATOR_H_
