#include "services/learning/credential_store.h"

#include <google/protobuf/util/json_util.h>

#include <pqxx/binarystring>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/learning/status_list.h"
#include "services/runtime/etag.h"
#include "services/runtime/page_rows.h"
#include "services/runtime/pg_array.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"

namespace valohub::learning {
namespace {

#define CREDENTIAL_COLUMNS                                                                   \
  "seq, credential_id::text, institution_id, unit_id, unit_version, enrolment_id, "         \
  "person_institution_id, person_id, jwt, revoked, coalesce(revocation_reason, ''), "       \
  "(extract(epoch from issue_time) * 1000000)::bigint, "                                    \
  "coalesce((extract(epoch from revoke_time) * 1000000)::bigint, 0), version, "            \
  "status_list_id, status_index"

constexpr db::Query kInsertMany{
    "credential_insert_many",
    "INSERT INTO learning.credentials (credential_id, institution_id, unit_id, unit_version, "
    "enrolment_id, person_institution_id, person_id, key_id, jwt, status_list_id, status_index) "
    "SELECT c.id::uuid, $1, $2, $3, c.enrolment_id, c.person_institution_id, c.person_id, $4, "
    "c.jwt, c.list, c.index FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], "
    "$9::text[], $10::int[], $11::int[]) AS c(id, enrolment_id, person_institution_id, "
    "person_id, jwt, list, index)"};
constexpr db::Query kGet{"credential_get",
                         "SELECT " CREDENTIAL_COLUMNS " FROM learning.credentials "
                         "WHERE credential_id = $1::uuid"};
constexpr db::Query kListByHolder{"credential_list_holder",
                                  "SELECT " CREDENTIAL_COLUMNS " FROM learning.credentials "
                                  "WHERE person_institution_id = $1 AND person_id = $2 "
                                  "AND seq > $3 ORDER BY seq LIMIT $4"};
constexpr db::Query kRevoke{
    "credential_revoke",
    "UPDATE learning.credentials SET revoked = true, revocation_reason = $2, revoked_by = $3, "
    "revoke_time = now(), version = version + 1 "
    "WHERE credential_id = $1::uuid AND NOT revoked AND ($4::bigint = 0 OR version = $4::bigint) "
    "RETURNING " CREDENTIAL_COLUMNS};
constexpr db::Query kSetBit{
    "status_list_set_bit",
    "UPDATE learning.status_lists SET bits = set_bit(bits, $3, 1), version = version + 1, "
    "update_time = now() WHERE institution_id = $1 AND list_id = $2"};
constexpr db::Query kLastList{"status_list_last",
                              "SELECT list_id, size, next_index FROM learning.status_lists "
                              "WHERE institution_id = $1 ORDER BY list_id DESC LIMIT 1 "
                              "FOR UPDATE"};
constexpr db::Query kNewList{
    "status_list_new",
    "INSERT INTO learning.status_lists (institution_id, list_id, size, bits) "
    "VALUES ($1, $2, $3, decode(repeat('00', $3 / 8), 'hex')) ON CONFLICT DO NOTHING"};
constexpr db::Query kTake{"status_list_take",
                          "UPDATE learning.status_lists SET next_index = next_index + $3 "
                          "WHERE institution_id = $1 AND list_id = $2"};
constexpr db::Query kGetList{"status_list_get",
                             "SELECT bits, (extract(epoch from update_time) * 1000000)::bigint "
                             "FROM learning.status_lists WHERE institution_id = $1 AND list_id = $2"};
constexpr db::Query kGetBit{"status_list_get_bit",
                            "SELECT get_bit(bits, $3) FROM learning.status_lists "
                            "WHERE institution_id = $1 AND list_id = $2"};

v1::Credential FromRow(const pqxx::row& row) {
  v1::Credential out;
  out.set_name("credentials/" + row[1].as<std::string>());
  out.set_unit(absl::StrCat("institutions/", row[2].as<std::string>(), "/units/",
                            row[3].as<std::string>()));
  out.set_unit_version(row[4].as<int>());
  out.set_enrolment(absl::StrCat(out.unit(), "/enrolments/", row[5].as<std::string>()));
  out.set_person(absl::StrCat("institutions/", row[6].as<std::string>(), "/people/",
                              row[7].as<std::string>()));
  out.set_jwt(row[8].as<std::string>());
  std::vector<absl::string_view> parts = absl::StrSplit(out.jwt(), '.');
  std::string payload;
  if (parts.size() == 3 && absl::WebSafeBase64Unescape(parts[1], &payload)) {
    google::protobuf::util::JsonStringToMessage(payload, out.mutable_credential());
    const auto& fields = out.credential().fields();
    if (auto it = fields.find("iss"); it != fields.end()) out.set_issuer(it->second.string_value());
  }
  out.set_revoked(row[9].as<bool>());
  out.set_revocation_reason(row[10].as<std::string>());
  SetMicros(row[11].as<int64_t>(), out.mutable_issue_time());
  if (int64_t t = row[12].as<int64_t>(); t != 0) SetMicros(t, out.mutable_revoke_time());
  out.set_etag(MakeEtag(row[13].as<int64_t>()));
  return out;
}

}  // namespace

std::vector<db::Query> CredentialStore::Queries() {
  return {kInsertMany, kGet, kListByHolder, kRevoke, kSetBit, kLastList,
          kNewList,    kTake, kGetList,     kGetBit};
}

absl::Status CredentialStore::InsertMany(db::Tx& tx, const std::vector<CredentialRow>& rows) {
  if (rows.empty()) return absl::OkStatus();
  const CredentialRow& first = rows.front();
  tx.Exec(kInsertMany, first.institution_id, first.unit_id, first.unit_version, first.key_id,
          db::TextArray(rows, [](const CredentialRow& r) { return r.credential_id; }),
          db::TextArray(rows, [](const CredentialRow& r) { return r.enrolment_id; }),
          db::TextArray(rows, [](const CredentialRow& r) { return r.person_institution_id; }),
          db::TextArray(rows, [](const CredentialRow& r) { return r.person_id; }),
          db::TextArray(rows, [](const CredentialRow& r) { return r.jwt; }),
          db::TextArray(rows, [](const CredentialRow& r) { return r.status_list; }),
          db::TextArray(rows, [](const CredentialRow& r) { return r.status_index; }));
  return absl::OkStatus();
}

absl::StatusOr<v1::Credential> CredentialStore::Get(db::Tx& tx, const std::string& id) {
  pqxx::result r = tx.Exec(kGet, id);
  if (r.empty()) {
    return Error(absl::StatusCode::kNotFound, "CREDENTIAL_NOT_FOUND",
                 "credentials/" + id + " does not exist");
  }
  return FromRow(r[0]);
}

absl::StatusOr<std::vector<v1::Credential>> CredentialStore::ListByHolder(
    db::Tx& tx, const std::string& institution_id, const std::string& person_id,
    const Page& page, int64_t* next_seq) {
  pqxx::result r = tx.Exec(kListByHolder, institution_id, person_id, page.after_seq, page.size + 1);
  std::vector<v1::Credential> out;
  *next_seq = CollectPage(r, page, FromRow, &out);
  return out;
}

absl::StatusOr<v1::Credential> CredentialStore::Revoke(db::Tx& tx, const std::string& id,
                                                       const std::string& reason,
                                                       const std::string& revoked_by,
                                                       int64_t expected_version) {
  pqxx::result r = tx.Exec(kRevoke, id, reason, revoked_by, expected_version);
  if (r.empty()) {
    auto current = Get(tx, id);
    if (!current.ok()) return current.status();
    if (current->revoked()) {
      return Error(absl::StatusCode::kFailedPrecondition, "ALREADY_REVOKED",
                   "credentials/" + id + " is revoked already");
    }
    return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                 "credentials/" + id + " was changed since it was read; read it again");
  }
  const pqxx::row& row = r[0];
  tx.Exec(kSetBit, row[2].as<std::string>(), row[14].as<int>(),
          PostgresBitNumber(row[15].as<int>()));
  return FromRow(row);
}

absl::StatusOr<std::vector<StatusSlot>> CredentialStore::AllocateSlots(
    db::Tx& tx, const std::string& institution_id, int count, int list_size) {
  std::vector<StatusSlot> out;
  out.reserve(count);
  while (static_cast<int>(out.size()) < count) {
    pqxx::result last = tx.Exec(kLastList, institution_id);
    int list = 0, size = 0, next = 0;
    if (!last.empty()) {
      list = last[0][0].as<int>();
      size = last[0][1].as<int>();
      next = last[0][2].as<int>();
    }
    if (last.empty() || next >= size) {
      // A concurrent allocation may open the same list: DO NOTHING, then lock it as the last.
      tx.Exec(kNewList, institution_id, list + 1, list_size);
      continue;
    }
    int take = std::min(count - static_cast<int>(out.size()), size - next);
    tx.Exec(kTake, institution_id, list, take);
    for (int i = 0; i < take; ++i) out.push_back({list, next + i});
  }
  return out;
}

absl::StatusOr<StatusListRow> CredentialStore::GetStatusList(db::Tx& tx,
                                                             const std::string& institution_id,
                                                             int list) {
  pqxx::result r = tx.Exec(kGetList, institution_id, list);
  if (r.empty()) {
    return Error(absl::StatusCode::kNotFound, "STATUS_LIST_NOT_FOUND",
                 absl::StrCat("issuers/", institution_id, "/status-lists/", list,
                              " does not exist"));
  }
  pqxx::binarystring bits(r[0][0]);
  return StatusListRow{bits.str(), absl::FromUnixMicros(r[0][1].as<int64_t>())};
}

absl::StatusOr<bool> CredentialStore::StatusBit(db::Tx& tx, const std::string& institution_id,
                                                int list, int index) {
  pqxx::result r = tx.Exec(kGetBit, institution_id, list, PostgresBitNumber(index));
  if (r.empty()) {
    return Error(absl::StatusCode::kNotFound, "STATUS_LIST_NOT_FOUND",
                 absl::StrCat("issuers/", institution_id, "/status-lists/", list,
                              " does not exist"));
  }
  return r[0][0].as<int>() == 1;
}

}  // namespace valohub::learning
