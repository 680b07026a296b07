#include "gateway/jwt_verifier.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/jose/jws.h"
#include "services/runtime/authorization.h"
#include "services/runtime/status.h"

namespace valohub::gateway {

namespace json = boost::json;

struct KeySet {
  struct Key {
    std::string kty;  // RSA, EC, OKP
    EVP_PKEY* pkey = nullptr;
  };
  ~KeySet() {
    for (auto& [kid, key] : keys) EVP_PKEY_free(key.pkey);
    for (auto& key : unnamed) EVP_PKEY_free(key.pkey);
  }
  std::map<std::string, Key> keys;
  std::vector<Key> unnamed;
};

namespace {

absl::Status Unauthenticated(absl::string_view reason, absl::string_view message) {
  return Error(absl::StatusCode::kUnauthenticated, reason, message);
}

bool B64(absl::string_view in, std::string* out) { return absl::WebSafeBase64Unescape(in, out); }

std::string Str(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return "";
  return std::string(it->value().as_string());
}

bool NumericClaim(const json::object& claims, const char* name, int64_t* out) {
  auto it = claims.find(name);
  if (it == claims.end()) return false;
  if (it->value().is_int64()) {
    *out = it->value().as_int64();
    return true;
  }
  if (it->value().is_double()) {
    *out = static_cast<int64_t>(it->value().as_double());
    return true;
  }
  if (it->value().is_uint64()) {
    *out = static_cast<int64_t>(it->value().as_uint64());
    return true;
  }
  return false;
}


absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read JWKS file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<const KeySet>> JwtVerifier::ParseJwks(const std::string& text) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec || !doc.is_object()) return absl::InvalidArgumentError("JWKS is not a JSON object");
  auto keys_it = doc.as_object().find("keys");
  if (keys_it == doc.as_object().end() || !keys_it->value().is_array()) {
    return absl::InvalidArgumentError("JWKS has no \"keys\" array");
  }
  auto set = std::make_shared<KeySet>();
  for (const json::value& v : keys_it->value().as_array()) {
    if (!v.is_object()) continue;
    const json::object& k = v.as_object();
    KeySet::Key key;
    key.kty = Str(k, "kty");
    std::string use = Str(k, "use");
    if (!use.empty() && use != "sig") continue;
    key.pkey = jose::PublicKeyFromJwk(k);
    if (key.pkey == nullptr) continue;  // unusable keys are skipped, not fatal
    std::string kid = Str(k, "kid");
    if (kid.empty()) {
      set->unnamed.push_back(key);
    } else if (!set->keys.emplace(kid, key).second) {
      EVP_PKEY_free(key.pkey);
    }
  }
  return std::shared_ptr<const KeySet>(std::move(set));
}

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::Create(JwtOptions options) {
  auto text = ReadFile(options.jwks_path);
  if (!text.ok()) return text.status();
  auto keys = ParseJwks(*text);
  if (!keys.ok()) return keys.status();
  std::unique_ptr<JwtVerifier> v(new JwtVerifier(std::move(options)));
  absl::MutexLock lock(&v->mu_);
  v->keys_ = *keys;
  v->loaded_text_ = *text;
  return v;
}

JwtVerifier::~JwtVerifier() = default;

std::shared_ptr<const KeySet> JwtVerifier::Keys(absl::Time now) {
  absl::MutexLock lock(&mu_);
  if (now - last_check_ >= options_.reload_interval || now < last_check_) {
    last_check_ = now;
    // The file's content, not its modification time, decides: two writes within the
    // filesystem's timestamp granularity must not go unnoticed.
    auto text = ReadFile(options_.jwks_path);
    if (text.ok() && *text != loaded_text_) {
      auto keys = ParseJwks(*text);
      // A broken file keeps the keys we had: a half-written JWKS must not lock everyone out.
      if (keys.ok()) {
        keys_ = *keys;
        loaded_text_ = *std::move(text);
        cache_.clear();
      }
    }
  }
  return keys_;
}

namespace {
constexpr size_t kMaxCachedTokens = 10000;
}  // namespace

absl::StatusOr<Principal> JwtVerifier::Verify(const std::string& token, absl::Time now) {
  std::shared_ptr<const KeySet> keys = Keys(now);  // may reload and drop the cache
  const int64_t unix_now = absl::ToUnixSeconds(now);
  const int64_t skew = absl::ToInt64Seconds(options_.clock_skew);
  {
    absl::MutexLock lock(&mu_);
    auto it = cache_.find(token);
    if (it != cache_.end() && it->second.keys != keys) cache_.erase(it), it = cache_.end();
    if (it != cache_.end()) {
      if (it->second.exp + skew < unix_now) {
        cache_.erase(it);
        return Unauthenticated("TOKEN_EXPIRED", "the token has expired");
      }
      if (it->second.nbf - skew > unix_now) {
        return Unauthenticated("TOKEN_NOT_YET_VALID", "the token is not valid yet (nbf)");
      }
      return it->second.principal;
    }
  }
  Verified verified;
  auto principal = VerifyUncached(token, now, keys, &verified);
  if (principal.ok()) {
    absl::MutexLock lock(&mu_);
    if (cache_.size() >= kMaxCachedTokens) cache_.clear();
    cache_.emplace(token, std::move(verified));
  }
  return principal;
}

absl::StatusOr<Principal> JwtVerifier::VerifyUncached(const std::string& token, absl::Time now,
                                                      const std::shared_ptr<const KeySet>& keys,
                                                      Verified* verified) {
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3 || token.size() > 16384) {
    return Unauthenticated("MALFORMED_TOKEN", "the bearer token is not a JWS compact token");
  }
  std::string header_text, payload_text, signature;
  if (!B64(parts[0], &header_text) || !B64(parts[1], &payload_text) || !B64(parts[2], &signature)) {
    return Unauthenticated("MALFORMED_TOKEN", "the bearer token is not base64url");
  }
  boost::system::error_code ec;
  json::value header = json::parse(header_text, ec);
  if (ec || !header.is_object()) {
    return Unauthenticated("MALFORMED_TOKEN", "the token header is not a JSON object");
  }
  std::string alg = Str(header.as_object(), "alg");
  const char* kty = jose::KeyTypeFor(alg);
  if (kty == nullptr) {
    return Unauthenticated("ALGORITHM_NOT_ALLOWED",
                           "token algorithm '" + alg + "' is not allowed (RS256, ES256, EdDSA)");
  }
  if (header.as_object().contains("crit")) {
    return Unauthenticated("MALFORMED_TOKEN", "critical token header extensions are not supported");
  }
  std::string kid = Str(header.as_object(), "kid");
  std::vector<const KeySet::Key*> candidates;
  if (!kid.empty()) {
    auto it = keys->keys.find(kid);
    if (it != keys->keys.end()) candidates.push_back(&it->second);
  } else {
    for (const auto& [id, key] : keys->keys) candidates.push_back(&key);
    for (const auto& key : keys->unnamed) candidates.push_back(&key);
  }
  const std::string signed_part = absl::StrCat(parts[0], ".", parts[1]);
  bool signature_ok = false;
  for (const KeySet::Key* key : candidates) {
    if (key->kty == kty && jose::VerifySignature(key->pkey, alg, signed_part, signature)) {
      signature_ok = true;
      break;
    }
  }
  if (!signature_ok) {
    return Unauthenticated("BAD_SIGNATURE", "the token signature does not verify");
  }
  json::value payload = json::parse(payload_text, ec);
  if (ec || !payload.is_object()) {
    return Unauthenticated("MALFORMED_TOKEN", "the token claims are not a JSON object");
  }
  const json::object& claims = payload.as_object();
  if (Str(claims, "iss") != options_.issuer) {
    return Unauthenticated("WRONG_ISSUER", "the token was not issued by the hub's issuer");
  }
  bool audience_ok = false;
  if (auto it = claims.find("aud"); it != claims.end()) {
    if (it->value().is_string()) audience_ok = it->value().as_string() == options_.audience;
    if (it->value().is_array()) {
      for (const auto& a : it->value().as_array()) {
        if (a.is_string() && a.as_string() == options_.audience) audience_ok = true;
      }
    }
  }
  if (!audience_ok) return Unauthenticated("WRONG_AUDIENCE", "the token is not meant for this hub");
  int64_t unix_now = absl::ToUnixSeconds(now);
  int64_t skew = absl::ToInt64Seconds(options_.clock_skew);
  int64_t exp, nbf;
  if (!NumericClaim(claims, "exp", &exp)) {
    return Unauthenticated("MALFORMED_TOKEN", "the token has no expiry (exp)");
  }
  if (exp + skew < unix_now) return Unauthenticated("TOKEN_EXPIRED", "the token has expired");
  if (!NumericClaim(claims, "nbf", &nbf)) nbf = 0;
  if (nbf - skew > unix_now) {
    return Unauthenticated("TOKEN_NOT_YET_VALID", "the token is not valid yet (nbf)");
  }
  Principal principal;
  principal.subject = Str(claims, "sub");
  if (principal.subject.empty()) {
    return Unauthenticated("MALFORMED_TOKEN", "the token has no subject (sub)");
  }
  principal.institution = Str(claims, options_.institution_claim.c_str());
  principal.person = Str(claims, options_.person_claim.c_str());
  if (auto it = claims.find(options_.roles_claim.c_str()); it != claims.end()) {
    if (it->value().is_array()) {
      for (const auto& r : it->value().as_array()) {
        if (r.is_string()) principal.roles.insert(std::string(r.as_string()));
      }
    } else if (it->value().is_string()) {
      for (absl::string_view r :
           absl::StrSplit(std::string(it->value().as_string()), ' ', absl::SkipEmpty())) {
        principal.roles.insert(std::string(r));
      }
    }
  }
  // Identity travels to the services as gRPC metadata: it must be plain printable ASCII, and a
  // role must not contain the list separator.
  bool safe = IsMetadataSafe(principal.subject) &&
              (principal.institution.empty() || IsMetadataSafe(principal.institution)) &&
              (principal.person.empty() || IsMetadataSafe(principal.person));
  for (const auto& role : principal.roles) {
    safe = safe && IsMetadataSafe(role) && role.find(',') == std::string::npos;
  }
  if (!safe) {
    return Unauthenticated("UNSUPPORTED_CLAIMS",
                           "sub, institution, person and roles claims must be printable ASCII");
  }
  // The hub's services act for the hub with this role among themselves; a token that claims it
  // is refused rather than trusted (API keys cannot carry it either).
  if (principal.roles.count(kServiceRole) != 0) {
    return Unauthenticated("RESERVED_ROLE",
                           "the SERVICE role belongs to the hub's own services and is not "
                           "accepted in tokens");
  }
  verified->principal = principal;
  verified->exp = exp;
  verified->nbf = nbf;
  verified->keys = keys;
  return principal;
}

}  // namespace valohub::gateway
