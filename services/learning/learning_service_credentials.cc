// LearningService: credentials, their verification and revocation, and the issuers' public
// documents (Profile, JWKS, status lists) and keys.
#include <google/protobuf/util/json_util.h>
#include <openssl/evp.h>

#include <boost/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/jose/jws.h"
#include "services/learning/credential.h"
#include "services/learning/credential_store.h"
#include "services/learning/issuer_store.h"
#include "services/learning/learning_service.h"
#include "services/learning/learning_service_support.h"
#include "services/runtime/etag.h"
#include "services/runtime/pagination.h"
#include "services/runtime/request_log.h"

namespace valohub::learning {
namespace {

absl::StatusOr<std::string> ParseIssuer(const std::string& name, const std::string& field) {
  auto ids = ParseName(name, "issuers/*", field);
  if (!ids.ok()) return ids.status();
  return (*ids)[0];
}

absl::StatusOr<std::string> ParseCredentialName(const std::string& name) {
  auto ids = ParseName(name, "credentials/*", "name");
  if (!ids.ok()) return ids.status();
  const std::string& id = (*ids)[0];
  bool uuid = id.size() == 36;
  for (size_t i = 0; uuid && i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    uuid = dash ? id[i] == '-' : std::isxdigit(static_cast<unsigned char>(id[i])) != 0;
  }
  if (!uuid) return InvalidArgument({{"name", "must be credentials/ and a UUID"}});
  return id;
}

google::protobuf::Struct ToStruct(const std::string& json) {
  google::protobuf::Struct s;
  google::protobuf::util::JsonStringToMessage(json, &s);
  return s;
}

// Who may read a credential: its holder (and their institution's admins and managers), its
// issuer's staff, hub operators.
bool MayRead(const Principal& p, const v1::Credential& c) {
  auto holder = ParseName(c.person(), "institutions/*/people/*", "person");
  auto unit = ParseName(c.unit(), "institutions/*/units/*", "unit");
  if (IsOperator(p)) return true;
  if (unit.ok() && IsProviderStaff(p, (*unit)[0])) return true;
  if (!holder.ok()) return false;
  return IsSelf(p, (*holder)[0], (*holder)[1]) ||
         (p.institution == (*holder)[0] && (p.HasRole(kInstitutionAdmin) || p.HasRole(kManager)));
}

void AddCheck(v1::VerifyCredentialResponse* out, const std::string& check,
              const std::string& reason, const std::string& message) {
  auto* c = out->add_checks();
  c->set_check(check);
  c->set_passed(reason.empty());
  c->set_reason(reason);
  c->set_message(message);
}

}  // namespace

absl::StatusOr<LearningService::ActiveKey> LearningService::EnsureActiveKey(
    const CallContext& call, const std::string& institution_id) {
  std::optional<IssuerKeyRow> row;
  if (absl::Status s = pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
        auto active = IssuerStore::ActiveKey(tx, institution_id);
        if (!active.ok()) return active.status();
        row = *active;
        return absl::OkStatus();
      }, db::Isolation::kAutocommit);
      !s.ok()) {
    return s;
  }
  if (!row.has_value()) {
    if (!keys_.development()) {
      return Error(absl::StatusCode::kFailedPrecondition, "ISSUER_KEY_NOT_CONFIGURED",
                   "issuers/" + institution_id + " has no signing key: the operator places its "
                   "key file at <issuer key dir>/" + KeyRing::RelativePath(institution_id, "<key_id>") +
                   " and calls RotateIssuerKey");
    }
    auto key = ActivateKey(call, institution_id, "");
    if (!key.ok()) return key.status();
    const std::string key_id = key->name().substr(key->name().rfind('/') + 1);
    row = IssuerKeyRow{institution_id, key_id, key->algorithm(), key->kid(), "", true};
  }
  auto signer = keys_.Get(institution_id, row->key_id);
  if (!signer.ok()) {
    // The database names a key this replica cannot use: a configuration fault, not a
    // missing resource of the caller's.
    return Error(absl::StatusCode::kFailedPrecondition, "ISSUER_KEY_UNAVAILABLE",
                 std::string(signer.status().message()));
  }
  return ActiveKey{row->key_id, row->kid, *signer};
}

absl::StatusOr<v1::IssuerKey> LearningService::ActivateKey(const CallContext& call,
                                                           const std::string& institution_id,
                                                           const std::string& requested_key_id) {
  v1::IssuerKey out;
  absl::Status s = pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    if (absl::Status s = IssuerStore::LockKeys(tx, institution_id); !s.ok()) return s;
    std::string key_id = requested_key_id;
    if (key_id.empty()) {
      // Only an issuer without a key gets one implicitly; a concurrent first completion may
      // have made it already.
      auto active = IssuerStore::ActiveKey(tx, institution_id);
      if (!active.ok()) return active.status();
      if (active->has_value()) {
        auto keys = IssuerStore::ListKeys(tx, institution_id);
        if (!keys.ok()) return keys.status();
        for (auto& k : *keys) {
          if (k.active()) out = k;
        }
        return absl::OkStatus();
      }
      key_id = absl::StrCat("k", absl::FormatTime("%Y%m%d", absl::Now(), absl::UTCTimeZone()),
                            "-", NewUuid().substr(0, 8));
      if (absl::Status g = keys_.Generate(institution_id, key_id, options_.key_algorithm);
          !g.ok()) {
        return g;
      }
    }
    auto signer = keys_.Get(institution_id, key_id);
    if (!signer.ok()) return signer.status();
    IssuerKeyRow row;
    row.institution_id = institution_id;
    row.key_id = key_id;
    row.algorithm = (*signer)->alg();
    row.kid = Kid(options_.public_base_url, institution_id, key_id);
    row.public_jwk = (*signer)->PublicJwk(row.kid);
    if (absl::Status a = IssuerStore::AddActiveKey(tx, row); !a.ok()) return a;
    auto keys = IssuerStore::ListKeys(tx, institution_id);
    if (!keys.ok()) return keys.status();
    for (auto& k : *keys) {
      if (k.active()) out = k;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::Status LearningService::RotateIssuerKey(const CallContext& call,
                                              const v1::RotateIssuerKeyRequest& req,
                                              v1::IssuerKey* out) {
  auto institution = ParseIssuer(req.name(), "name");
  if (!institution.ok()) return institution.status();
  if (absl::Status s = RequireTenant(call.principal, *institution); !s.ok()) return s;
  if (absl::Status s = RequireRole(call.principal, {kInstitutionAdmin},
                                   "rotate the signing key of " + req.name());
      !s.ok()) {
    return s;
  }
  Violations v;
  v.Check(req.key_id().empty() || IsValidId(req.key_id()), "key_id",
          "must be 1-63 characters of a-z, 0-9 and '-'");
  v.Check(!req.key_id().empty() || keys_.development(), "key_id",
          "is required: name the key file <key dir>/" + *institution + "/<key_id>.pem");
  v.Check(req.algorithm().empty() || jose::KeyTypeFor(req.algorithm()) != nullptr, "algorithm",
          "must be RS256, ES256 or EdDSA");
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  // The issuer must be an institution of the hub; its Profile is published from here on.
  auto institution_record = competence_.GetInstitution(call, *institution);
  if (!institution_record.ok()) return institution_record.status();
  if (absl::Status s = pool_.Run(call.deadline, [&](db::Tx& tx) {
        return IssuerStore::Upsert(tx, *institution, institution_record->display_name());
      });
      !s.ok()) {
    return s;
  }
  if (!req.key_id().empty() && keys_.development()) {
    // Development mode makes the named key when its file is missing.
    if (!keys_.Get(*institution, req.key_id()).ok()) {
      if (absl::Status g = keys_.Generate(*institution, req.key_id(),
                                          req.algorithm().empty() ? options_.key_algorithm
                                                                  : req.algorithm());
          !g.ok()) {
        return g;
      }
    }
  }
  std::string key_id = req.key_id();
  if (key_id.empty()) {
    key_id = absl::StrCat("k", absl::FormatTime("%Y%m%d", absl::Now(), absl::UTCTimeZone()), "-",
                          NewUuid().substr(0, 8));
    if (absl::Status g = keys_.Generate(*institution, key_id,
                                        req.algorithm().empty() ? options_.key_algorithm
                                                                : req.algorithm());
        !g.ok()) {
      return g;
    }
  }
  auto key = ActivateKey(call, *institution, key_id);
  if (!key.ok()) return key.status();
  *out = *std::move(key);
  return absl::OkStatus();
}

absl::Status LearningService::ListIssuerKeys(const CallContext& call,
                                             const v1::ListIssuerKeysRequest& req,
                                             v1::ListIssuerKeysResponse* out) {
  auto institution = ParseIssuer(req.parent(), "parent");
  if (!institution.ok()) return institution.status();
  return RunGet<v1::ListIssuerKeysResponse>(
      pool_, call, out, [&](db::Tx& tx) -> absl::StatusOr<v1::ListIssuerKeysResponse> {
        auto keys = IssuerStore::ListKeys(tx, *institution);
        if (!keys.ok()) return keys.status();
        v1::ListIssuerKeysResponse resp;
        for (auto& k : *keys) *resp.add_keys() = std::move(k);
        return resp;
      });
}

absl::Status LearningService::GetIssuerProfile(const CallContext& call,
                                               const v1::GetIssuerProfileRequest& req,
                                               v1::IssuerProfile* out) {
  auto institution = ParseIssuer(req.name(), "name");
  if (!institution.ok()) return institution.status();
  std::string name;
  if (absl::Status s = pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
        auto n = IssuerStore::DisplayName(tx, *institution);
        if (!n.ok()) return n.status();
        name = *n;
        return absl::OkStatus();
      }, db::Isolation::kAutocommit);
      !s.ok()) {
    return s;
  }
  *out->mutable_profile() =
      ToStruct(IssuerProfileJson(options_.public_base_url, *institution, name));
  return absl::OkStatus();
}

namespace {

absl::Status FillJwks(db::Pool& pool, const CallContext& call, const std::string& institution,
                      v1::JsonWebKeySet* out) {
  return pool.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto keys = IssuerStore::ListKeys(tx, institution);
    if (!keys.ok()) return keys.status();
    out->Clear();
    for (const auto& k : *keys) *out->add_keys() = k.public_jwk();
    return absl::OkStatus();
  }, db::Isolation::kAutocommit);
}

}  // namespace

absl::Status LearningService::GetIssuerJwks(const CallContext& call,
                                            const v1::GetIssuerJwksRequest& req,
                                            v1::JsonWebKeySet* out) {
  auto institution = ParseIssuer(req.name(), "name");
  if (!institution.ok()) return institution.status();
  return FillJwks(pool_, call, *institution, out);
}

absl::Status LearningService::GetJwks(const CallContext& call, const v1::GetJwksRequest& req,
                                      v1::JsonWebKeySet* out) {
  return FillJwks(pool_, call, "", out);
}

absl::Status LearningService::GetStatusList(const CallContext& call,
                                            const v1::GetStatusListRequest& req,
                                            v1::StatusListCredential* out) {
  auto ids = ParseName(req.name(), "issuers/*/status-lists/*", "name");
  if (!ids.ok()) return ids.status();
  int list = 0;
  if (!absl::SimpleAtoi((*ids)[1], &list) || list <= 0) {
    return InvalidArgument({{"name", "the status list id must be a number from 1"}});
  }
  StatusListRow row;
  if (absl::Status s = pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
        auto r = CredentialStore::GetStatusList(tx, (*ids)[0], list);
        if (!r.ok()) return r.status();
        row = *std::move(r);
        return absl::OkStatus();
      }, db::Isolation::kAutocommit);
      !s.ok()) {
    return s;
  }
  auto encoded = EncodeStatusList(row.bits);
  if (!encoded.ok()) return encoded.status();
  *out->mutable_credential() = ToStruct(StatusListCredentialJson(
      options_.public_base_url, (*ids)[0], list, *encoded, row.update_time));
  return absl::OkStatus();
}

absl::Status LearningService::GetCredential(const CallContext& call,
                                            const v1::GetCredentialRequest& req,
                                            v1::Credential* out) {
  auto id = ParseCredentialName(req.name());
  if (!id.ok()) return id.status();
  if (absl::Status s = RequireCaller(call.principal); !s.ok()) return s;
  v1::Credential c;
  if (absl::Status s = RunGet<v1::Credential>(pool_, call, &c,
                                              [&](db::Tx& tx) { return CredentialStore::Get(tx, *id); });
      !s.ok()) {
    return s;
  }
  if (!MayRead(call.principal, c)) return NotAllowed("read " + req.name());
  *out = std::move(c);
  return absl::OkStatus();
}

absl::Status LearningService::ListCredentials(const CallContext& call,
                                              const v1::ListCredentialsRequest& req,
                                              v1::ListCredentialsResponse* out) {
  auto ids = ParseName(req.parent(), "institutions/*/people/*", "parent");
  if (!ids.ok()) return ids.status();
  if (absl::Status s = RequireTenant(call.principal, (*ids)[0]); !s.ok()) return s;
  const Principal& p = call.principal;
  if (!IsOperator(p) && !IsSelf(p, (*ids)[0], (*ids)[1]) && !p.HasRole(kInstitutionAdmin) &&
      !p.HasRole(kManager)) {
    return NotAllowed("list the credentials of " + req.parent());
  }
  const std::string scope = req.parent() + "/credentials";
  auto page = ParsePage(req.page_size(), req.page_token(), scope);
  if (!page.ok()) return page.status();
  return RunGet<v1::ListCredentialsResponse>(
      pool_, call, out, [&](db::Tx& tx) -> absl::StatusOr<v1::ListCredentialsResponse> {
        int64_t next = 0;
        auto rows = CredentialStore::ListByHolder(tx, (*ids)[0], (*ids)[1], *page, &next);
        if (!rows.ok()) return rows.status();
        v1::ListCredentialsResponse resp;
        for (auto& c : *rows) *resp.add_credentials() = std::move(c);
        if (next != 0) resp.set_next_page_token(MakePageToken(scope, next));
        return resp;
      });
}

absl::Status LearningService::RevokeCredential(const CallContext& call,
                                               const v1::RevokeCredentialRequest& req,
                                               v1::Credential* out) {
  auto id = ParseCredentialName(req.name());
  if (!id.ok()) return id.status();
  if (absl::Status s = RequireCaller(call.principal); !s.ok()) return s;
  auto etag = ParseEtag(req.etag(), "etag");
  if (!etag.ok()) return etag.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto current = CredentialStore::Get(tx, *id);
    if (!current.ok()) return current.status();
    auto unit = ParseName(current->unit(), "institutions/*/units/*", "unit");
    if (!unit.ok() || !IsProviderStaff(call.principal, (*unit)[0])) {
      return NotAllowed("revoke " + req.name() + "; only its issuer revokes a credential");
    }
    Violations v;
    v.Check(!req.reason().empty(), "reason", "is required: say why the credential is revoked");
    v.Check(req.reason().size() <= 2000, "reason", "must be at most 2000 bytes");
    if (absl::Status s = v.ToStatus(); !s.ok()) return s;
    auto revoked = CredentialStore::Revoke(tx, *id, req.reason(), call.principal.subject, *etag);
    if (!revoked.ok()) return revoked.status();
    *out = *std::move(revoked);
    return absl::OkStatus();
  });
}

absl::Status LearningService::VerifyCredential(const CallContext& call,
                                               const v1::VerifyCredentialRequest& req,
                                               v1::VerifyCredentialResponse* out) {
  if (req.jwt().empty()) return InvalidArgument({{"jwt", "is required: the VC-JWT to verify"}});
  auto jws = jose::SplitCompact(req.jwt(), 256 * 1024);
  if (!jws.ok()) {
    AddCheck(out, "format", "MALFORMED", std::string(jws.status().message()));
    return absl::OkStatus();
  }
  auto claims = ParseCredentialClaims(jws->header_json, jws->payload_json);
  if (!claims.ok()) {
    AddCheck(out, "format", "MALFORMED", std::string(claims.status().message()));
    return absl::OkStatus();
  }
  if (jose::KeyTypeFor(claims->alg) == nullptr) {
    AddCheck(out, "format", "ALGORITHM_NOT_ALLOWED",
             "alg '" + claims->alg + "' is not allowed (RS256, ES256, EdDSA)");
    return absl::OkStatus();
  }
  AddCheck(out, "format", "", "an OpenBadgeCredential VC-JWT");
  *out->mutable_credential() = ToStruct(claims->payload_json);

  std::optional<IssuerKeyRow> key;
  bool bit = false;
  std::string status_reason, status_message;
  // Where the status list must be: under the issuer the kid names, on this hub.
  std::string issuer_institution;
  const std::string issuers_prefix = options_.public_base_url + "/v1/issuers/";
  absl::Status s = pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto k = IssuerStore::KeyByKid(tx, claims->kid);
    if (!k.ok()) return k.status();
    key = *k;
    if (claims->status_list_credential.rfind(issuers_prefix, 0) != 0) {
      status_reason = "STATUS_UNKNOWN";
      status_message = "the credential's status list is not one this hub publishes";
      return absl::OkStatus();
    }
    std::string rest = claims->status_list_credential.substr(issuers_prefix.size());
    const size_t slash = rest.find("/status-lists/");
    int list = 0;
    if (slash == std::string::npos ||
        !absl::SimpleAtoi(rest.substr(slash + std::string("/status-lists/").size()), &list) ||
        claims->status_index < 0 || claims->status_purpose != "revocation") {
      status_reason = "STATUS_UNKNOWN";
      status_message = "the credential has no revocation status entry of this hub";
      return absl::OkStatus();
    }
    issuer_institution = rest.substr(0, slash);
    if (claims->status_index >= options_.status_list_size) {
      status_reason = "STATUS_UNKNOWN";
      status_message = "statusListIndex is beyond the list";
      return absl::OkStatus();
    }
    auto b = CredentialStore::StatusBit(tx, issuer_institution, list,
                                        static_cast<int>(claims->status_index));
    if (!b.ok()) {
      if (b.status().code() != absl::StatusCode::kNotFound) return b.status();
      status_reason = "STATUS_UNKNOWN";
      status_message = "the status list does not exist";
      return absl::OkStatus();
    }
    bit = *b;
    return absl::OkStatus();
  }, db::Isolation::kAutocommit);
  if (!s.ok()) return s;

  // Signature: with the published key the kid names, which must belong to the issuer.
  if (!key.has_value()) {
    AddCheck(out, "signature", "UNKNOWN_KEY", "no issuer of this hub has the key " + claims->kid);
  } else if (IssuerId(options_.public_base_url, key->institution_id) != claims->iss) {
    AddCheck(out, "signature", "ISSUER_MISMATCH", "the key " + claims->kid +
                                                      " belongs to another issuer than " +
                                                      claims->iss);
  } else if (key->algorithm != claims->alg) {
    AddCheck(out, "signature", "ALGORITHM_MISMATCH",
             "the key is for " + key->algorithm + ", the token says " + claims->alg);
  } else {
    boost::system::error_code ec;
    boost::json::value jwk = boost::json::parse(key->public_jwk, ec);
    EVP_PKEY* pkey = !ec && jwk.is_object() ? jose::PublicKeyFromJwk(jwk.as_object()) : nullptr;
    const bool ok = jose::VerifySignature(pkey, claims->alg, jws->signed_part, jws->signature);
    EVP_PKEY_free(pkey);
    if (ok) {
      AddCheck(out, "signature", "", "signed by " + claims->kid);
    } else {
      AddCheck(out, "signature", "BAD_SIGNATURE",
               "the signature does not verify with the issuer's published key " + claims->kid);
    }
  }
  // Time window, with a minute of clock skew.
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  if (claims->nbf - 60 > now) {
    AddCheck(out, "time_window", "NOT_YET_VALID", "the credential is valid from " +
                                                      Rfc3339(absl::FromUnixSeconds(claims->nbf)));
  } else if (claims->exp.has_value() && *claims->exp + 60 < now) {
    AddCheck(out, "time_window", "EXPIRED",
             "the credential expired at " + Rfc3339(absl::FromUnixSeconds(*claims->exp)));
  } else {
    AddCheck(out, "time_window", "", "valid now");
  }
  if (!status_reason.empty()) {
    AddCheck(out, "status", status_reason, status_message);
  } else if (issuer_institution.empty() ||
             IssuerId(options_.public_base_url, issuer_institution) != claims->iss) {
    AddCheck(out, "status", "STATUS_UNKNOWN", "the status list is not the issuer's");
  } else if (bit) {
    AddCheck(out, "status", "REVOKED", "the issuer has revoked the credential");
  } else {
    AddCheck(out, "status", "", "not revoked");
  }
  bool valid = true;
  for (const auto& c : out->checks()) valid = valid && c.passed();
  out->set_valid(valid);
  return absl::OkStatus();
}

}  // namespace valohub::learning
