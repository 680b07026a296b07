// The JSON documents of Open Badges 3.0 credentials (1EdTech OB 3.0 on the W3C Verifiable
// Credentials Data Model 2.0): the OpenBadgeCredential issued for a completed unit, its VC-JWT
// header and claims, the issuer Profile and the Bitstring Status List credential; and the
// public URLs they point at, all under the hub's public base URL.
#ifndef VALOHUB_SERVICES_LEARNING_CREDENTIAL_H_
#define VALOHUB_SERVICES_LEARNING_CREDENTIAL_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "valohub/learning/v1/learning.pb.h"

namespace valohub::learning {

// Public URLs, `base` without a trailing slash ("https://hub.example.fi").
std::string IssuerId(const std::string& base, const std::string& institution);
std::string StatusListUrl(const std::string& base, const std::string& institution, int list);
std::string IssuerJwksUrl(const std::string& base, const std::string& institution);
// The JWS kid of an issuer key: the issuer id, '#', the key id.
std::string Kid(const std::string& base, const std::string& institution,
                const std::string& key_id);
// The credential subject's id: a URN naming the person resource, not a dereferenceable URL.
std::string SubjectId(const std::string& institution, const std::string& person);
std::string Rfc3339(absl::Time t);

struct CredentialInput {
  std::string base_url;
  std::string provider_id;
  std::string provider_name;
  std::string unit_id;
  // The enrolled version, with alignment titles and ESCO URIs filled in.
  const v1::Unit* unit = nullptr;
  std::string holder_institution;
  std::string holder_person;
  std::string credential_uuid;
  absl::Time issue_time;
  int status_list = 0;
  int status_index = 0;
  const v1::CompleteEnrolmentRequest* completion = nullptr;
};

// The JWT claims set of the credential: the OpenBadgeCredential's members at the top level
// with iss, jti, nbf and sub (OB 3.0 section 8.2), as JSON text.
std::string BuildCredentialClaims(const CredentialInput& in);
// {"alg":..,"kid":..,"typ":"JWT"}.
std::string JwsHeader(const std::string& alg, const std::string& kid);

std::string IssuerProfileJson(const std::string& base, const std::string& institution,
                              const std::string& display_name);
std::string StatusListCredentialJson(const std::string& base, const std::string& institution,
                                     int list, const std::string& encoded_list,
                                     absl::Time valid_from);

// What verification reads from a VC-JWT.
struct CredentialClaims {
  std::string alg;
  std::string kid;
  std::string iss;
  std::string jti;
  std::string sub;
  int64_t nbf = 0;
  std::optional<int64_t> exp;
  std::string status_list_credential;
  int64_t status_index = -1;
  std::string status_purpose;
  std::string payload_json;
};
// INVALID_ARGUMENT with what is wrong when the header or claims are not an OpenBadgeCredential
// VC-JWT as this hub issues them (the signature is not checked here).
absl::StatusOr<CredentialClaims> ParseCredentialClaims(const std::string& header_json,
                                                       const std::string& payload_json);

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_CREDENTIAL_H_
