// Turns a request's credentials into the verified Principal that the gateway forwards: a bearer
// JWT (Authorization: Bearer ...) checked by JwtVerifier, or no credentials at all (an anonymous
// principal; services decide what anonymous callers may read). Anything sent but not valid is
// UNAUTHENTICATED: a bad token never degrades to anonymous.
#ifndef VALOHUB_GATEWAY_AUTHENTICATOR_H_
#define VALOHUB_GATEWAY_AUTHENTICATOR_H_

#include <string>

#include "absl/status/statusor.h"
#include "services/runtime/call_context.h"

namespace valohub::gateway {

class JwtVerifier;

class Authenticator {
 public:
  explicit Authenticator(JwtVerifier& jwt) : jwt_(jwt) {}

  // `authorization` is the Authorization header or metadata value, possibly empty.
  absl::StatusOr<Principal> Authenticate(const std::string& authorization);

 private:
  JwtVerifier& jwt_;
};

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_AUTHENTICATOR_H_
