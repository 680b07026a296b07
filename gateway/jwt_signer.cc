#include "gateway/jwt_signer.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <boost/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace valohub::gateway {
namespace {

namespace json = boost::json;

EVP_PKEY* Key(void* p) { return static_cast<EVP_PKEY*>(p); }

std::string B64(const std::string& s) {
  std::string out;
  absl::WebSafeBase64Escape(s, &out);
  return out;
}

std::string BnParam(EVP_PKEY* key, const char* name, int pad_to) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) return "";
  int len = std::max(BN_num_bytes(bn), pad_to);
  std::string out(len, '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), len);
  BN_free(bn);
  return out;
}

}  // namespace

JwtSigner::~JwtSigner() { EVP_PKEY_free(Key(pkey_)); }

absl::StatusOr<std::unique_ptr<JwtSigner>> JwtSigner::FromPem(const std::string& pem,
                                                              std::string kid) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr) return absl::InvalidArgumentError("not a PEM private key");
  std::unique_ptr<JwtSigner> signer(new JwtSigner);
  signer->pkey_ = key;
  signer->kid_ = std::move(kid);
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: signer->alg_ = "RS256"; break;
    case EVP_PKEY_EC: signer->alg_ = "ES256"; break;
    case EVP_PKEY_ED25519: signer->alg_ = "EdDSA"; break;
    default: return absl::InvalidArgumentError("key must be RSA, P-256 or Ed25519");
  }
  return signer;
}

absl::StatusOr<std::string> JwtSigner::SignRaw(const std::string& header_json,
                                               const std::string& payload_json) const {
  std::string input = B64(header_json) + "." + B64(payload_json);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const EVP_MD* md = alg_ == "EdDSA" ? nullptr : EVP_sha256();
  size_t len = 0;
  std::string sig;
  bool ok = EVP_DigestSignInit(ctx, nullptr, md, nullptr, Key(pkey_)) == 1 &&
            EVP_DigestSign(ctx, nullptr, &len,
                           reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  if (ok) {
    sig.resize(len);
    ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                        reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
    sig.resize(len);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) return absl::InternalError("signing failed");
  if (alg_ == "ES256") {
    // DER to the JWS r || s form (RFC 7518 section 3.4).
    const unsigned char* p = reinterpret_cast<const unsigned char*>(sig.data());
    ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
    if (es == nullptr) return absl::InternalError("bad ECDSA signature");
    std::string raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(es), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(es), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(es);
    sig = raw;
  }
  return input + "." + B64(sig);
}

absl::StatusOr<std::string> JwtSigner::Sign(const TokenClaims& c) const {
  json::object header{{"alg", alg_}, {"typ", "JWT"}};
  if (!kid_.empty()) header["kid"] = kid_;
  json::object payload{{"iss", c.issuer},
                       {"aud", c.audience},
                       {"sub", c.subject},
                       {"iat", absl::ToUnixSeconds(c.not_before)},
                       {"nbf", absl::ToUnixSeconds(c.not_before)},
                       {"exp", absl::ToUnixSeconds(c.expires)}};
  if (!c.institution.empty()) payload[c.institution_claim] = c.institution;
  if (!c.person.empty()) payload[c.person_claim] = c.person;
  json::array roles;
  for (const auto& r : c.roles) roles.emplace_back(r);
  payload[c.roles_claim] = std::move(roles);
  return SignRaw(json::serialize(header), json::serialize(payload));
}

std::string JwtSigner::Jwks() const {
  json::object jwk{{"use", "sig"}, {"alg", alg_}};
  if (!kid_.empty()) jwk["kid"] = kid_;
  EVP_PKEY* key = Key(pkey_);
  if (alg_ == "RS256") {
    jwk["kty"] = "RSA";
    jwk["n"] = B64(BnParam(key, OSSL_PKEY_PARAM_RSA_N, 0));
    jwk["e"] = B64(BnParam(key, OSSL_PKEY_PARAM_RSA_E, 0));
  } else if (alg_ == "ES256") {
    jwk["kty"] = "EC";
    jwk["crv"] = "P-256";
    jwk["x"] = B64(BnParam(key, OSSL_PKEY_PARAM_EC_PUB_X, 32));
    jwk["y"] = B64(BnParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32));
  } else {
    unsigned char raw[32];
    size_t len = sizeof raw;
    EVP_PKEY_get_raw_public_key(key, raw, &len);
    jwk["kty"] = "OKP";
    jwk["crv"] = "Ed25519";
    jwk["x"] = B64(std::string(reinterpret_cast<char*>(raw), len));
  }
  json::object doc{{"keys", json::array{jwk}}};
  return json::serialize(doc);
}

}  // namespace valohub::gateway
