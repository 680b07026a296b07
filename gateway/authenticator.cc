#include "gateway/authenticator.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gateway/jwt_verifier.h"
#include "services/runtime/status.h"
#include "valohub/competence/v1/competence.grpc.pb.h"

namespace valohub::gateway {

void Authenticator::Authenticate(const std::string& authorization, const std::string& api_key,
                                 const std::string& request_id, Done done) {
  constexpr absl::string_view kBearer = "bearer ";
  constexpr absl::string_view kApiKey = "apikey ";
  if (!api_key.empty()) {
    if (!authorization.empty()) {
      return done(Error(absl::StatusCode::kUnauthenticated, "AMBIGUOUS_CREDENTIALS",
                        "send either an Authorization header or an X-Api-Key, not both"));
    }
    return VerifyApiKey(std::string(absl::StripAsciiWhitespace(api_key)), request_id,
                        std::move(done));
  }
  if (authorization.empty()) return done(Principal{});
  if (absl::StartsWithIgnoreCase(authorization, kApiKey) && authorization.size() > kApiKey.size()) {
    return VerifyApiKey(
        std::string(absl::StripAsciiWhitespace(authorization.substr(kApiKey.size()))),
        request_id, std::move(done));
  }
  if (authorization.size() <= kBearer.size() ||
      !absl::StartsWithIgnoreCase(authorization, kBearer)) {
    return done(Error(absl::StatusCode::kUnauthenticated, "UNSUPPORTED_CREDENTIALS",
                      "the Authorization header must be 'Bearer <access token>' or "
                      "'ApiKey <key>'"));
  }
  std::string token(absl::StripAsciiWhitespace(authorization.substr(kBearer.size())));
  done(jwt_.Verify(token, absl::Now()));
}

void Authenticator::VerifyApiKey(const std::string& secret, const std::string& request_id,
                                 Done done) {
  if (keys_ == nullptr) {
    return done(Error(absl::StatusCode::kUnauthenticated, "API_KEYS_DISABLED",
                      "API keys are not accepted here"));
  }
  struct Call {
    grpc::ClientContext ctx;
    competence::v1::VerifyApiKeyRequest req;
    competence::v1::VerifyApiKeyResponse resp;
    std::unique_ptr<competence::v1::CompetenceService::Stub> stub;
    Done done;
  };
  auto* call = new Call;
  call->stub = competence::v1::CompetenceService::NewStub(keys_);
  call->req.set_secret(secret);
  call->done = std::move(done);
  call->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  // The gateway asks as itself.
  call->ctx.AddMetadata(kSubjectHeader, "gateway");
  call->ctx.AddMetadata(kRolesHeader, "SERVICE");
  call->ctx.AddMetadata(kRequestIdHeader, request_id);
  call->stub->async()->VerifyApiKey(&call->ctx, &call->req, &call->resp, [call](grpc::Status s) {
    std::unique_ptr<Call> owned(call);
    const auto code = s.error_code();
    if (!s.ok() && code != grpc::StatusCode::UNAUTHENTICATED &&
        code != grpc::StatusCode::PERMISSION_DENIED && code != grpc::StatusCode::NOT_FOUND &&
        code != grpc::StatusCode::INVALID_ARGUMENT) {
      // The key service is down or busy: that says nothing about the key.
      return owned->done(Error(absl::StatusCode::kUnavailable, "KEY_SERVICE_UNAVAILABLE",
                               "API keys cannot be checked right now"));
    }
    if (!s.ok()) {
      return owned->done(Error(absl::StatusCode::kUnauthenticated, "INVALID_API_KEY",
                               "the API key is not valid or has been revoked"));
    }
    Principal p;
    p.subject = owned->resp.api_key();
    p.institution = owned->resp.institution();
    for (const auto& role : owned->resp.roles()) p.roles.insert(role);
    owned->done(std::move(p));
  });
}

}  // namespace valohub::gateway
