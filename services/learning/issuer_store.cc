#include "services/learning/issuer_store.h"

#include <google/protobuf/util/json_util.h>

#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"

namespace valohub::learning {
namespace {

#define KEY_COLUMNS "institution_id, key_id, algorithm, kid, public_jwk, active"

constexpr db::Query kUpsert{"issuer_upsert",
                            "INSERT INTO learning.issuers (institution_id, display_name) "
                            "VALUES ($1, $2) ON CONFLICT (institution_id) DO UPDATE SET "
                            "display_name = EXCLUDED.display_name, update_time = now() "
                            "WHERE learning.issuers.display_name <> EXCLUDED.display_name"};
constexpr db::Query kName{"issuer_name",
                          "SELECT display_name FROM learning.issuers WHERE institution_id = $1"};
constexpr db::Query kActive{"issuer_key_active",
                            "SELECT " KEY_COLUMNS " FROM learning.issuer_keys "
                            "WHERE institution_id = $1 AND active"};
constexpr db::Query kByKid{"issuer_key_by_kid",
                           "SELECT " KEY_COLUMNS " FROM learning.issuer_keys WHERE kid = $1"};
constexpr db::Query kRetire{"issuer_key_retire",
                            "UPDATE learning.issuer_keys SET active = false, retire_time = now() "
                            "WHERE institution_id = $1 AND active"};
constexpr db::Query kInsert{"issuer_key_insert",
                            "INSERT INTO learning.issuer_keys (institution_id, key_id, algorithm, "
                            "kid, public_jwk, active) VALUES ($1, $2, $3, $4, $5, true)"};
constexpr db::Query kList{
    "issuer_key_list",
    "SELECT " KEY_COLUMNS ", (extract(epoch from create_time) * 1000000)::bigint, "
    "coalesce((extract(epoch from retire_time) * 1000000)::bigint, 0) "
    "FROM learning.issuer_keys WHERE ($1 = '' OR institution_id = $1) ORDER BY seq"};

constexpr db::Query kLockKeys{
    "issuer_key_lock",
    "SELECT pg_advisory_xact_lock(hashtextextended('learning.issuer_keys ' || $1, 0))"};

IssuerKeyRow KeyFromRow(const pqxx::row& row) {
  return {row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
          row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<bool>()};
}

std::optional<IssuerKeyRow> First(const pqxx::result& r) {
  if (r.empty()) return std::nullopt;
  return KeyFromRow(r[0]);
}

}  // namespace

std::vector<db::Query> IssuerStore::Queries() {
  return {kUpsert, kName, kActive, kByKid, kRetire, kInsert, kList, kLockKeys};
}

absl::Status IssuerStore::Upsert(db::Tx& tx, const std::string& institution_id,
                                 const std::string& display_name) {
  tx.Exec(kUpsert, institution_id, display_name);
  return absl::OkStatus();
}

absl::StatusOr<std::string> IssuerStore::DisplayName(db::Tx& tx,
                                                     const std::string& institution_id) {
  pqxx::result r = tx.Exec(kName, institution_id);
  if (r.empty()) {
    return Error(absl::StatusCode::kNotFound, "ISSUER_NOT_FOUND",
                 "issuers/" + institution_id + " has issued nothing on the hub");
  }
  return r[0][0].as<std::string>();
}

absl::StatusOr<std::optional<IssuerKeyRow>> IssuerStore::ActiveKey(
    db::Tx& tx, const std::string& institution_id) {
  return First(tx.Exec(kActive, institution_id));
}

absl::StatusOr<std::optional<IssuerKeyRow>> IssuerStore::KeyByKid(db::Tx& tx,
                                                                  const std::string& kid) {
  return First(tx.Exec(kByKid, kid));
}

absl::Status IssuerStore::LockKeys(db::Tx& tx, const std::string& institution_id) {
  tx.Exec(kLockKeys, institution_id);
  return absl::OkStatus();
}

absl::Status IssuerStore::AddActiveKey(db::Tx& tx, const IssuerKeyRow& key) {
  tx.Exec(kRetire, key.institution_id);
  try {
    tx.Exec(kInsert, key.institution_id, key.key_id, key.algorithm, key.kid, key.public_jwk);
  } catch (const pqxx::unique_violation&) {
    return Error(absl::StatusCode::kAlreadyExists, "ISSUER_KEY_EXISTS",
                 "issuers/" + key.institution_id + "/keys/" + key.key_id +
                     " is registered already; keys are never reactivated, rotate to a new one");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::IssuerKey>> IssuerStore::ListKeys(
    db::Tx& tx, const std::string& institution_id) {
  std::vector<v1::IssuerKey> out;
  for (const auto& row : tx.Exec(kList, institution_id)) {
    IssuerKeyRow k = KeyFromRow(row);
    v1::IssuerKey key;
    key.set_name("issuers/" + k.institution_id + "/keys/" + k.key_id);
    key.set_algorithm(k.algorithm);
    key.set_kid(k.kid);
    google::protobuf::util::JsonStringToMessage(k.public_jwk, key.mutable_public_jwk());
    key.set_active(k.active);
    SetMicros(row[6].as<int64_t>(), key.mutable_create_time());
    if (int64_t t = row[7].as<int64_t>(); t != 0) SetMicros(t, key.mutable_retire_time());
    out.push_back(std::move(key));
  }
  return out;
}

}  // namespace valohub::learning
