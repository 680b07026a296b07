#include "services/competence/api_key_store.h"

#include <pqxx/binarystring>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/runtime/etag.h"
#include "services/runtime/page_rows.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"

namespace valohub::competence {
namespace {

#define API_KEY_COLUMNS                                                                  \
  "seq, institution_id, id, display_name, roles, secret_prefix, revoked, version, "     \
  "(extract(epoch from create_time) * 1000000)::bigint, "                              \
  "coalesce((extract(epoch from revoke_time) * 1000000)::bigint, 0)"

constexpr db::Query kInsert{
    "api_key_insert",
    "INSERT INTO competence.api_keys (institution_id, id, display_name, roles, secret_sha256, "
    "secret_prefix) VALUES ($1, $2, $3, $4, $5, $6) RETURNING " API_KEY_COLUMNS};
constexpr db::Query kList{"api_key_list",
                          "SELECT " API_KEY_COLUMNS " FROM competence.api_keys "
                          "WHERE institution_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"};
constexpr db::Query kRevoke{
    "api_key_revoke",
    "UPDATE competence.api_keys SET revoked = true, revoke_time = coalesce(revoke_time, now()), "
    "version = version + CASE WHEN revoked THEN 0 ELSE 1 END "
    "WHERE institution_id = $1 AND id = $2 RETURNING " API_KEY_COLUMNS};
constexpr db::Query kFind{"api_key_find",
                          "SELECT institution_id, id, secret_sha256, revoked, roles "
                          "FROM competence.api_keys WHERE id = $1"};

v1::ApiKey FromRow(const pqxx::row& row) {
  v1::ApiKey out;
  out.set_name("institutions/" + row[1].as<std::string>() + "/apiKeys/" + row[2].as<std::string>());
  out.set_display_name(row[3].as<std::string>());
  for (absl::string_view r : absl::StrSplit(row[4].as<std::string>(), ',', absl::SkipEmpty())) {
    out.add_roles(std::string(r));
  }
  out.set_secret_prefix(row[5].as<std::string>());
  out.set_state(row[6].as<bool>() ? v1::ApiKey::REVOKED : v1::ApiKey::ACTIVE);
  out.set_etag(MakeEtag(row[7].as<int64_t>()));
  SetMicros(row[8].as<int64_t>(), out.mutable_create_time());
  if (int64_t revoked = row[9].as<int64_t>(); revoked != 0) {
    SetMicros(revoked, out.mutable_revoke_time());
  }
  return out;
}

}  // namespace

std::vector<db::Query> ApiKeyStore::Queries() { return {kInsert, kList, kRevoke, kFind}; }

absl::StatusOr<v1::ApiKey> ApiKeyStore::Insert(db::Tx& tx, const std::string& institution_id,
                                               const std::string& id, const v1::ApiKey& key,
                                               const std::string& secret_sha256,
                                               const std::string& secret_prefix) {
  std::vector<std::string> roles(key.roles().begin(), key.roles().end());
  return FromRow(tx.Exec(kInsert, institution_id, id, key.display_name(),
                         absl::StrJoin(roles, ","), pqxx::binarystring(secret_sha256),
                         secret_prefix)[0]);
}

absl::StatusOr<ApiKeyPage> ApiKeyStore::List(db::Tx& tx, const std::string& institution_id,
                                             const Page& page) {
  pqxx::result r = tx.Exec(kList, institution_id, page.after_seq, page.size + 1);
  ApiKeyPage out;
  out.next_after_seq = CollectPage(r, page, FromRow, &out.keys);
  return out;
}

absl::StatusOr<v1::ApiKey> ApiKeyStore::Revoke(db::Tx& tx, const std::string& institution_id,
                                               const std::string& id) {
  pqxx::result r = tx.Exec(kRevoke, institution_id, id);
  if (r.empty()) {
    return Error(absl::StatusCode::kNotFound, "API_KEY_NOT_FOUND",
                 "institutions/" + institution_id + "/apiKeys/" + id + " does not exist");
  }
  return FromRow(r[0]);
}

absl::StatusOr<StoredApiKey> ApiKeyStore::Find(db::Tx& tx, const std::string& id) {
  pqxx::result r = tx.Exec(kFind, id);
  if (r.empty()) return Error(absl::StatusCode::kNotFound, "API_KEY_NOT_FOUND", "no such API key");
  StoredApiKey out;
  out.institution_id = r[0][0].as<std::string>();
  out.id = r[0][1].as<std::string>();
  pqxx::binarystring hash(r[0][2]);
  out.secret_sha256 = hash.str();
  out.revoked = r[0][3].as<bool>();
  for (absl::string_view role : absl::StrSplit(r[0][4].as<std::string>(), ',', absl::SkipEmpty())) {
    out.roles.emplace_back(role);
  }
  return out;
}

}  // namespace valohub::competence
