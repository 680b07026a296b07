#include "services/jose/jws.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <boost/json.hpp>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace valohub::jose {
namespace {

namespace json = boost::json;

bool B64(absl::string_view in, std::string* out) { return absl::WebSafeBase64Unescape(in, out); }

std::string Str(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return "";
  return std::string(it->value().as_string());
}

// A public key of `type` ("RSA", "EC") from the parameters collected in `bld`, or null.
EVP_PKEY* PublicKeyFromParams(const char* type, OSSL_PARAM_BLD* bld) {
  EVP_PKEY* pkey = nullptr;
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  if (params && ctx && EVP_PKEY_fromdata_init(ctx) > 0) {
    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
  }
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  return pkey;
}

EVP_PKEY* RsaKey(const std::string& n, const std::string& e) {
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), n.size(), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), e.size(), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  EVP_PKEY* pkey = nullptr;
  if (bn_n && bn_e && bld && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e)) {
    pkey = PublicKeyFromParams("RSA", bld);
  }
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn_n);
  BN_free(bn_e);
  return pkey;
}

EVP_PKEY* P256Key(const std::string& x, const std::string& y) {
  if (x.size() != 32 || y.size() != 32) return nullptr;
  std::string point = "\x04" + x + y;
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  EVP_PKEY* pkey = nullptr;
  if (bld && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
      OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size())) {
    pkey = PublicKeyFromParams("EC", bld);
  }
  OSSL_PARAM_BLD_free(bld);
  return pkey;
}

// JWS ES256 signatures are r || s (RFC 7518 section 3.4); OpenSSL wants DER.
bool EcdsaRawToDer(const std::string& raw, std::string* der) {
  if (raw.size() != 64) return false;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return false;
  }
  unsigned char* out = nullptr;
  int len = i2d_ECDSA_SIG(sig, &out);
  ECDSA_SIG_free(sig);
  if (len <= 0) return false;
  der->assign(reinterpret_cast<char*>(out), len);
  OPENSSL_free(out);
  return true;
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

std::string Base64Url(const std::string& bytes) {
  std::string out;
  absl::WebSafeBase64Escape(bytes, &out);
  return out;
}

const char* KeyTypeFor(const std::string& alg) {
  if (alg == "RS256") return "RSA";
  if (alg == "ES256") return "EC";
  if (alg == "EdDSA") return "OKP";
  return nullptr;
}

EVP_PKEY* PublicKeyFromJwk(const json::object& k) {
  const std::string kty = Str(k, "kty");
  if (kty == "RSA") {
    std::string n, e;
    // 2048-bit keys at least.
    if (B64(Str(k, "n"), &n) && B64(Str(k, "e"), &e) && n.size() >= 256) return RsaKey(n, e);
  } else if (kty == "EC" && Str(k, "crv") == "P-256") {
    std::string x, y;
    if (B64(Str(k, "x"), &x) && B64(Str(k, "y"), &y)) return P256Key(x, y);
  } else if (kty == "OKP" && Str(k, "crv") == "Ed25519") {
    std::string x;
    if (B64(Str(k, "x"), &x) && x.size() == 32) {
      return EVP_PKEY_new_raw_public_key(
          EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(x.data()), x.size());
    }
  }
  return nullptr;
}

bool VerifySignature(EVP_PKEY* key, const std::string& alg, const std::string& signed_part,
                     const std::string& signature) {
  const char* kty = KeyTypeFor(alg);
  if (key == nullptr || kty == nullptr) return false;
  const int base = EVP_PKEY_get_base_id(key);
  if ((base == EVP_PKEY_RSA) != (std::string(kty) == "RSA") ||
      (base == EVP_PKEY_EC) != (std::string(kty) == "EC") ||
      (base == EVP_PKEY_ED25519) != (std::string(kty) == "OKP")) {
    return false;
  }
  std::string sig = signature;
  if (alg == "ES256" && !EcdsaRawToDer(signature, &sig)) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const EVP_MD* md = alg == "EdDSA" ? nullptr : EVP_sha256();
  bool ok = ctx != nullptr && EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, key) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                             reinterpret_cast<const unsigned char*>(signed_part.data()),
                             signed_part.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

absl::StatusOr<CompactJws> SplitCompact(const std::string& token, size_t max_size) {
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3 || token.size() > max_size) {
    return absl::InvalidArgumentError("not a JWS compact serialization");
  }
  CompactJws jws;
  if (!B64(parts[0], &jws.header_json) || !B64(parts[1], &jws.payload_json) ||
      !B64(parts[2], &jws.signature)) {
    return absl::InvalidArgumentError("a JWS part is not base64url");
  }
  jws.signed_part = absl::StrCat(parts[0], ".", parts[1]);
  return jws;
}

Signer::~Signer() { EVP_PKEY_free(pkey_); }

absl::StatusOr<std::unique_ptr<Signer>> Signer::FromPem(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr) return absl::InvalidArgumentError("not a PEM private key");
  std::unique_ptr<Signer> signer(new Signer);
  signer->pkey_ = key;
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      if (EVP_PKEY_get_bits(key) < 2048) {
        return absl::InvalidArgumentError("RSA keys must have 2048 bits or more");
      }
      signer->alg_ = "RS256";
      break;
    case EVP_PKEY_EC: {
      char group[64] = {0};
      size_t len = 0;
      if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) != 1 ||
          std::string(group) != "prime256v1") {
        return absl::InvalidArgumentError("EC keys must be on P-256 (ES256)");
      }
      signer->alg_ = "ES256";
      break;
    }
    case EVP_PKEY_ED25519: signer->alg_ = "EdDSA"; break;
    default: return absl::InvalidArgumentError("key must be RSA, P-256 or Ed25519");
  }
  return signer;
}

absl::StatusOr<std::string> Signer::GeneratePem(const std::string& alg) {
  EVP_PKEY* key = nullptr;
  if (alg == "RS256") {
    key = EVP_RSA_gen(3072);
  } else if (alg == "ES256") {
    key = EVP_EC_gen("P-256");
  } else if (alg == "EdDSA") {
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  } else {
    return absl::InvalidArgumentError("algorithm must be RS256, ES256 or EdDSA");
  }
  if (key == nullptr) return absl::InternalError("key generation failed");
  BIO* bio = BIO_new(BIO_s_mem());
  bool ok = PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string pem = ok ? std::string(data, len) : "";
  BIO_free(bio);
  EVP_PKEY_free(key);
  if (!ok) return absl::InternalError("could not write the key as PEM");
  return pem;
}

absl::StatusOr<std::string> Signer::SignBytes(const std::string& input) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const EVP_MD* md = alg_ == "EdDSA" ? nullptr : EVP_sha256();
  size_t len = 0;
  std::string sig;
  bool ok = EVP_DigestSignInit(ctx, nullptr, md, nullptr, pkey_) == 1 &&
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
  return sig;
}

absl::StatusOr<std::string> Signer::Sign(const std::string& header_json,
                                         const std::string& payload_json) const {
  std::string input = Base64Url(header_json) + "." + Base64Url(payload_json);
  auto sig = SignBytes(input);
  if (!sig.ok()) return sig.status();
  return input + "." + Base64Url(*sig);
}

std::string Signer::PublicJwk(const std::string& kid) const {
  json::object jwk;
  if (alg_ == "RS256") {
    jwk["kty"] = "RSA";
    jwk["n"] = Base64Url(BnParam(pkey_, OSSL_PKEY_PARAM_RSA_N, 0));
    jwk["e"] = Base64Url(BnParam(pkey_, OSSL_PKEY_PARAM_RSA_E, 0));
  } else if (alg_ == "ES256") {
    jwk["kty"] = "EC";
    jwk["crv"] = "P-256";
    jwk["x"] = Base64Url(BnParam(pkey_, OSSL_PKEY_PARAM_EC_PUB_X, 32));
    jwk["y"] = Base64Url(BnParam(pkey_, OSSL_PKEY_PARAM_EC_PUB_Y, 32));
  } else {
    unsigned char raw[32];
    size_t len = sizeof raw;
    EVP_PKEY_get_raw_public_key(pkey_, raw, &len);
    jwk["kty"] = "OKP";
    jwk["crv"] = "Ed25519";
    jwk["x"] = Base64Url(std::string(reinterpret_cast<char*>(raw), len));
  }
  jwk["use"] = "sig";
  jwk["alg"] = alg_;
  if (!kid.empty()) jwk["kid"] = kid;
  return json::serialize(jwk);
}

}  // namespace valohub::jose
