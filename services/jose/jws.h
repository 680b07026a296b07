// JSON Web Signatures (RFC 7515, compact serialization) with OpenSSL, shared by the gateway
// (bearer tokens) and the learning service (VC-JWT credentials). Algorithms are an allow-list:
// RS256 (RSA, 2048 bits or more), ES256 (P-256) and EdDSA (Ed25519); a key is only used with
// the algorithm of its type.
#ifndef VALOHUB_SERVICES_JOSE_JWS_H_
#define VALOHUB_SERVICES_JOSE_JWS_H_

#include <openssl/types.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace boost::json {
class object;
}

namespace valohub::jose {

// "RSA", "EC", "OKP" for an allowed algorithm, null otherwise.
const char* KeyTypeFor(const std::string& alg);

// The public key of a JWK (kty RSA with n >= 2048 bits, EC P-256, OKP Ed25519), or null when the
// JWK is not one of those or is malformed. The caller owns the key.
EVP_PKEY* PublicKeyFromJwk(const boost::json::object& jwk);

// Whether `signature` (JWS form: r || s for ES256) is `key`'s signature of `signed_part`.
bool VerifySignature(EVP_PKEY* key, const std::string& alg, const std::string& signed_part,
                     const std::string& signature);

// The three parts of a compact JWS, decoded.
struct CompactJws {
  std::string header_json;
  std::string payload_json;
  std::string signed_part;  // base64url(header) "." base64url(payload)
  std::string signature;
};
// INVALID_ARGUMENT when `token` is not three base64url parts of at most `max_size` bytes.
absl::StatusOr<CompactJws> SplitCompact(const std::string& token, size_t max_size);

// A private signing key.
class Signer {
 public:
  // An RSA (RS256), P-256 (ES256) or Ed25519 (EdDSA) private key in PEM.
  static absl::StatusOr<std::unique_ptr<Signer>> FromPem(const std::string& pem);
  // A new key for `alg` ("RS256": RSA 3072, "ES256", "EdDSA") as PKCS#8 PEM.
  static absl::StatusOr<std::string> GeneratePem(const std::string& alg);
  ~Signer();
  Signer(const Signer&) = delete;
  Signer& operator=(const Signer&) = delete;

  // base64url(header) "." base64url(payload) "." base64url(signature).
  absl::StatusOr<std::string> Sign(const std::string& header_json,
                                   const std::string& payload_json) const;
  // Signs raw bytes (the benchmark's baseline).
  absl::StatusOr<std::string> SignBytes(const std::string& input) const;
  // The public JWK as JSON: kty, the key's parameters, "use":"sig", "alg" and, when given, kid.
  std::string PublicJwk(const std::string& kid) const;
  const std::string& alg() const { return alg_; }

 private:
  Signer() = default;
  EVP_PKEY* pkey_ = nullptr;
  std::string alg_;
};

std::string Base64Url(const std::string& bytes);

}  // namespace valohub::jose

#endif  // VALOHUB_SERVICES_JOSE_JWS_H_
