#include "gateway/authenticator.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gateway/jwt_verifier.h"
#include "services/runtime/status.h"

namespace valohub::gateway {

absl::StatusOr<Principal> Authenticator::Authenticate(const std::string& authorization) {
  if (authorization.empty()) return Principal{};
  constexpr absl::string_view kBearer = "bearer ";
  if (authorization.size() <= kBearer.size() ||
      !absl::StartsWithIgnoreCase(authorization, kBearer)) {
    return Error(absl::StatusCode::kUnauthenticated, "UNSUPPORTED_CREDENTIALS",
                 "the Authorization header must be 'Bearer <access token>'");
  }
  std::string token(absl::StripAsciiWhitespace(authorization.substr(kBearer.size())));
  return jwt_.Verify(token, absl::Now());
}

}  // namespace valohub::gateway
