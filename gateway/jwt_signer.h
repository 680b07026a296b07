// Signs JWTs with a PEM private key, for the one-machine hub's development tokens and for tests.
// Production tokens come from the hub's identity provider; the gateway only verifies.
#ifndef VALOHUB_GATEWAY_JWT_SIGNER_H_
#define VALOHUB_GATEWAY_JWT_SIGNER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/jose/jws.h"

namespace valohub::gateway {

struct TokenClaims {
  std::string issuer;
  std::string audience;
  std::string subject;
  std::string institution;  // empty: no institution claim
  std::string person;       // empty: no person claim
  std::vector<std::string> roles;
  absl::Time not_before;
  absl::Time expires;
  std::string institution_claim = "valohub_institution";
  std::string roles_claim = "valohub_roles";
  std::string person_claim = "valohub_person";
};

class JwtSigner {
 public:
  // An RSA (RS256), P-256 (ES256) or Ed25519 (EdDSA) private key in PEM.
  static absl::StatusOr<std::unique_ptr<JwtSigner>> FromPem(const std::string& pem,
                                                            std::string kid);
  ~JwtSigner();

  absl::StatusOr<std::string> Sign(const TokenClaims& claims) const;
  // Signs arbitrary header and payload JSON (tests forge tokens with it).
  absl::StatusOr<std::string> SignRaw(const std::string& header_json,
                                      const std::string& payload_json) const;
  // {"keys":[...]} with this key's public part.
  std::string Jwks() const;
  const std::string& alg() const { return alg_; }

 private:
  JwtSigner() = default;
  std::unique_ptr<jose::Signer> signer_;
  std::string alg_;
  std::string kid_;
};

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_JWT_SIGNER_H_
