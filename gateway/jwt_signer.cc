#include "gateway/jwt_signer.h"

#include <boost/json.hpp>

namespace valohub::gateway {
namespace json = boost::json;

JwtSigner::~JwtSigner() = default;

absl::StatusOr<std::unique_ptr<JwtSigner>> JwtSigner::FromPem(const std::string& pem,
                                                              std::string kid) {
  auto key = jose::Signer::FromPem(pem);
  if (!key.ok()) return key.status();
  std::unique_ptr<JwtSigner> signer(new JwtSigner);
  signer->alg_ = (*key)->alg();
  signer->signer_ = *std::move(key);
  signer->kid_ = std::move(kid);
  return signer;
}

absl::StatusOr<std::string> JwtSigner::SignRaw(const std::string& header_json,
                                               const std::string& payload_json) const {
  return signer_->Sign(header_json, payload_json);
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
  return "{\"keys\":[" + signer_->PublicJwk(kid_) + "]}";
}

}  // namespace valohub::gateway
