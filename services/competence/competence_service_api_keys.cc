#include "services/competence/competence_service_support.h"

namespace valohub::competence {

// ---- API keys ----

namespace {

constexpr char kApiKeyPrefix[] = "vhk_";

std::string Sha256(const std::string& s) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), digest);
  return std::string(reinterpret_cast<char*>(digest), sizeof digest);
}

absl::Status InvalidKey() {
  return Error(absl::StatusCode::kUnauthenticated, "INVALID_API_KEY",
               "the API key is not valid or has been revoked");
}

}  // namespace

absl::Status CompetenceService::CreateApiKey(const CallContext& call,
                                             const v1::CreateApiKeyRequest& req,
                                             v1::ApiKey* out) {
  auto parent = ParseName(req.parent(), "institutions/*", "parent");
  if (!parent.ok()) return parent.status();
  if (absl::Status s = AuthorizeInstitutionAdmin(call.principal, (*parent)[0], "creating API keys");
      !s.ok()) {
    return s;
  }
  Violations v;
  const v1::ApiKey& key = req.api_key();
  v.Check(!key.display_name().empty() && key.display_name().size() <= 200,
          "api_key.display_name", "is required (at most 200 bytes)");
  v.Check(key.roles_size() > 0, "api_key.roles", "at least one role is required");
  std::set<std::string> roles;
  for (int i = 0; i < key.roles_size(); ++i) {
    const std::string& role = key.roles(i);
    if (role != kInstitutionAdmin && role != kManager) {
      v.Add(absl::StrCat("api_key.roles[", i, "]"),
            "an API key may have the roles INSTITUTION_ADMIN and MANAGER");
    } else if (!roles.insert(role).second) {
      v.Add(absl::StrCat("api_key.roles[", i, "]"), "is listed twice");
    }
  }
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) return absl::InternalError("no randomness");
  std::string encoded;
  absl::WebSafeBase64Escape(std::string(reinterpret_cast<char*>(random), sizeof random), &encoded);
  const std::string id = NewUuid();
  const std::string secret = absl::StrCat(kApiKeyPrefix, id, ".", encoded);
  // The response with the secret is not kept for request-id retries: a retry gets the key
  // without its secret, so the secret is only ever shown once.
  absl::Status status = RunCreate<v1::ApiKey>(
      pool_, call, "CreateApiKey " + req.parent(), req.request_id(), out, [&](db::Tx& tx) {
        return ApiKeyStore::Insert(tx, (*parent)[0], id, key, Sha256(secret),
                                   secret.substr(0, 12));
      });
  if (status.ok() && out->name() == req.parent() + "/apiKeys/" + id) out->set_secret(secret);
  return status;
}

absl::Status CompetenceService::ListApiKeys(const CallContext& call,
                                            const v1::ListApiKeysRequest& req,
                                            v1::ListApiKeysResponse* out) {
  auto parent = ParseName(req.parent(), "institutions/*", "parent");
  if (!parent.ok()) return parent.status();
  if (absl::Status s = AuthorizeInstitutionAdmin(call.principal, (*parent)[0], "listing API keys");
      !s.ok()) {
    return s;
  }
  const std::string scope = req.parent() + "/apiKeys";
  auto page = ParsePage(req.page_size(), req.page_token(), scope);
  if (!page.ok()) return page.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto result = ApiKeyStore::List(tx, (*parent)[0], *page);
    if (!result.ok()) return result.status();
    out->Clear();
    for (auto& k : result->keys) *out->add_api_keys() = std::move(k);
    if (result->next_after_seq) {
      out->set_next_page_token(MakePageToken(scope, result->next_after_seq));
    }
    return absl::OkStatus();
  });
}

absl::Status CompetenceService::RevokeApiKey(const CallContext& call,
                                             const v1::RevokeApiKeyRequest& req, v1::ApiKey* out) {
  auto ids = ParseName(req.name(), "institutions/*/apiKeys/*", "name");
  if (!ids.ok()) return ids.status();
  if (absl::Status s = AuthorizeInstitutionAdmin(call.principal, (*ids)[0], "revoking API keys");
      !s.ok()) {
    return s;
  }
  return RunRead<v1::ApiKey>(pool_, call, out, [&](db::Tx& tx) {
    return ApiKeyStore::Revoke(tx, (*ids)[0], (*ids)[1]);
  });
}

absl::Status CompetenceService::VerifyApiKey(const CallContext& call,
                                             const v1::VerifyApiKeyRequest& req,
                                             v1::VerifyApiKeyResponse* out) {
  if (absl::Status s = RequireRole(call.principal, {kServiceRole}, "verifying API keys"); !s.ok()) {
    return s;
  }
  const std::string& secret = req.secret();
  size_t dot = secret.find('.');
  if (secret.rfind(kApiKeyPrefix, 0) != 0 || dot == std::string::npos || secret.size() > 256) {
    return InvalidKey();
  }
  std::string id = secret.substr(std::string(kApiKeyPrefix).size(),
                                 dot - std::string(kApiKeyPrefix).size());
  if (!IsValidId(id)) return InvalidKey();
  return pool_.Run(
      call.deadline,
      [&](db::Tx& tx) -> absl::Status {
        auto stored = ApiKeyStore::Find(tx, id);
        if (!stored.ok()) {
          return stored.status().code() == absl::StatusCode::kNotFound ? InvalidKey()
                                                                       : stored.status();
        }
        std::string presented = Sha256(secret);
        if (stored->revoked || stored->secret_sha256.size() != presented.size() ||
            CRYPTO_memcmp(stored->secret_sha256.data(), presented.data(), presented.size()) != 0) {
          return InvalidKey();
        }
        out->set_api_key("institutions/" + stored->institution_id + "/apiKeys/" + stored->id);
        out->set_institution(stored->institution_id);
        for (const auto& role : stored->roles) out->add_roles(role);
        return absl::OkStatus();
      },
      db::Isolation::kAutocommit);
}


}  // namespace valohub::competence
