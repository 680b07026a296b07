// Verifies OAuth2/OIDC bearer access tokens (JWS compact serialization, RFC 7515/7519) against
// the public keys of a JWKS file (RFC 7517), which is re-read when it changes. Algorithms are an
// allow-list: RS256, ES256 and EdDSA (Ed25519); "none", HS* and anything else are refused, and a
// key is only used with the algorithm family of its type. iss, aud, exp and nbf are checked with
// a small clock skew.
#ifndef VALOHUB_GATEWAY_JWT_VERIFIER_H_
#define VALOHUB_GATEWAY_JWT_VERIFIER_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/runtime/call_context.h"

namespace valohub::gateway {

struct JwtOptions {
  std::string jwks_path;
  std::string issuer;
  std::string audience;
  absl::Duration clock_skew = absl::Seconds(60);
  // Claims that carry the caller's institution id and roles (a JSON array of strings or a
  // space-separated string).
  std::string institution_claim = "valohub_institution";
  std::string roles_claim = "valohub_roles";
  // Claim with the id of the caller's person resource, for staff members.
  std::string person_claim = "valohub_person";
  // How often the JWKS file is read again to see whether it changed.
  absl::Duration reload_interval = absl::Seconds(1);
};

// A parsed JWKS: key id -> public key. Internal, opaque outside jwt_verifier.cc.
struct KeySet;

class JwtVerifier {
 public:
  // Reads the JWKS once; a missing or unreadable file is an error at start-up.
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> Create(JwtOptions options);
  ~JwtVerifier();

  // UNAUTHENTICATED with a reason for any token that does not verify.
  absl::StatusOr<Principal> Verify(const std::string& token, absl::Time now);

  // Parses JWKS JSON; exposed for tests and fuzzing.
  static absl::StatusOr<std::shared_ptr<const KeySet>> ParseJwks(const std::string& json);

 private:
  explicit JwtVerifier(JwtOptions options) : options_(std::move(options)) {}
  std::shared_ptr<const KeySet> Keys(absl::Time now);

  // Tokens whose signature and claims verified, so that a client sending the same token again
  // costs a lookup, not a signature check. Entries keep exp/nbf and are re-checked on every hit;
  // the cache is dropped whenever the key set changes.
  struct Verified {
    Principal principal;
    int64_t exp;
    int64_t nbf;
    std::shared_ptr<const KeySet> keys;  // the key set that verified it
  };
  absl::StatusOr<Principal> VerifyUncached(const std::string& token, absl::Time now,
                                           const std::shared_ptr<const KeySet>& keys,
                                           Verified* verified);

  const JwtOptions options_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Verified> cache_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<const KeySet> keys_ ABSL_GUARDED_BY(mu_);
  std::string loaded_text_ ABSL_GUARDED_BY(mu_);
  absl::Time last_check_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_JWT_VERIFIER_H_
