#include "services/learning/enrolment_store.h"

#include <pqxx/binarystring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/runtime/etag.h"
#include "services/runtime/page_rows.h"
#include "services/runtime/pg_array.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"

namespace valohub::learning {
namespace {

#define ENROLMENT_COLUMNS                                                            \
  "seq, institution_id, unit_id, enrolment_id, unit_version, person_institution_id, " \
  "person_id, state, completion, coalesce(credential_id::text, ''), version, "        \
  "(extract(epoch from create_time) * 1000000)::bigint, "                             \
  "(extract(epoch from update_time) * 1000000)::bigint, "                             \
  "coalesce((extract(epoch from complete_time) * 1000000)::bigint, 0)"

constexpr db::Query kLive{"enrolment_live",
                          "SELECT enrolment_id FROM learning.enrolments "
                          "WHERE institution_id = $1 AND unit_id = $2 "
                          "AND person_institution_id = $3 AND person_id = $4 "
                          "AND state <> 'WITHDRAWN'"};
constexpr db::Query kInsert{
    "enrolment_insert",
    "INSERT INTO learning.enrolments (institution_id, unit_id, enrolment_id, unit_version, "
    "person_institution_id, person_id, state) VALUES ($1, $2, $3, $4, $5, $6, 'ENROLLED') "
    "RETURNING " ENROLMENT_COLUMNS};
constexpr db::Query kGet{"enrolment_get",
                         "SELECT " ENROLMENT_COLUMNS " FROM learning.enrolments "
                         "WHERE institution_id = $1 AND unit_id = $2 AND enrolment_id = $3"};
constexpr db::Query kList{"enrolment_list",
                          "SELECT " ENROLMENT_COLUMNS " FROM learning.enrolments "
                          "WHERE institution_id = $1 AND unit_id = $2 AND seq > $3 "
                          "ORDER BY seq LIMIT $4"};
constexpr db::Query kLockMany{
    "enrolment_lock_many",
    "SELECT enrolment_id, state, unit_version, person_institution_id, person_id, version "
    "FROM learning.enrolments WHERE institution_id = $1 AND unit_id = $2 "
    "AND enrolment_id = ANY($3::text[]) ORDER BY enrolment_id FOR UPDATE"};
constexpr db::Query kCountEnrolled{
    "enrolment_count_enrolled",
    "SELECT count(*) FROM learning.enrolments WHERE institution_id = $1 AND unit_id = $2 "
    "AND enrolment_id = ANY($3::text[]) AND state = 'ENROLLED'"};
constexpr db::Query kCompleteMany{
    "enrolment_complete_many",
    "UPDATE learning.enrolments e SET state = 'COMPLETED', completion = c.completion, "
    "credential_id = c.credential_id::uuid, version = e.version + 1, update_time = now(), "
    "complete_time = now() "
    "FROM unnest($3::text[], $4::bytea[], $5::text[]) AS c(enrolment_id, completion, credential_id) "
    "WHERE e.institution_id = $1 AND e.unit_id = $2 AND e.enrolment_id = c.enrolment_id"};
constexpr db::Query kWithdraw{
    "enrolment_withdraw",
    "UPDATE learning.enrolments SET state = 'WITHDRAWN', version = version + 1, "
    "update_time = now() WHERE institution_id = $1 AND unit_id = $2 AND enrolment_id = $3 "
    "AND state = 'ENROLLED' AND ($4::bigint = 0 OR version = $4::bigint) "
    "RETURNING " ENROLMENT_COLUMNS};

v1::Enrolment FromRow(const pqxx::row& row) {
  v1::Enrolment out;
  out.set_name(absl::StrCat("institutions/", row[1].as<std::string>(), "/units/",
                            row[2].as<std::string>(), "/enrolments/", row[3].as<std::string>()));
  out.set_unit_version(row[4].as<int>());
  out.set_person(absl::StrCat("institutions/", row[5].as<std::string>(), "/people/",
                              row[6].as<std::string>()));
  v1::EnrolmentState state = v1::ENROLMENT_STATE_UNSPECIFIED;
  v1::EnrolmentState_Parse(row[7].as<std::string>(), &state);
  out.set_state(state);
  if (!row[8].is_null()) {
    pqxx::binarystring bytes(row[8]);
    v1::CompleteEnrolmentRequest completion;
    completion.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
    *out.mutable_result() = completion.result();
    *out.mutable_evidence() = completion.evidence();
  }
  if (std::string c = row[9].as<std::string>(); !c.empty()) out.set_credential("credentials/" + c);
  out.set_etag(MakeEtag(row[10].as<int64_t>()));
  SetMicros(row[11].as<int64_t>(), out.mutable_create_time());
  SetMicros(row[12].as<int64_t>(), out.mutable_update_time());
  if (int64_t t = row[13].as<int64_t>(); t != 0) SetMicros(t, out.mutable_complete_time());
  return out;
}

}  // namespace

std::vector<db::Query> EnrolmentStore::Queries() {
  return {kLive, kInsert, kGet, kList, kLockMany, kCountEnrolled, kCompleteMany, kWithdraw};
}

absl::StatusOr<v1::Enrolment> EnrolmentStore::Insert(db::Tx& tx, const EnrolmentKey& key,
                                                     int unit_version,
                                                     const std::string& person_institution_id,
                                                     const std::string& person_id) {
  pqxx::result live = tx.Exec(kLive, key.unit.institution_id, key.unit.unit_id,
                              person_institution_id, person_id);
  if (!live.empty()) {
    return Error(absl::StatusCode::kAlreadyExists, "ALREADY_ENROLLED",
                 "institutions/" + person_institution_id + "/people/" + person_id +
                     " is already enrolled in " + key.unit.Name() + " as enrolments/" +
                     live[0][0].as<std::string>());
  }
  try {
    pqxx::result r = tx.Exec(kInsert, key.unit.institution_id, key.unit.unit_id, key.enrolment_id,
                             unit_version, person_institution_id, person_id);
    return FromRow(r[0]);
  } catch (const pqxx::unique_violation&) {
    return Error(absl::StatusCode::kAlreadyExists, "ENROLMENT_ID_TAKEN",
                 key.Name() + " already exists");
  }
}

absl::StatusOr<v1::Enrolment> EnrolmentStore::Get(db::Tx& tx, const EnrolmentKey& key) {
  pqxx::result r = tx.Exec(kGet, key.unit.institution_id, key.unit.unit_id, key.enrolment_id);
  if (r.empty()) {
    return Error(absl::StatusCode::kNotFound, "ENROLMENT_NOT_FOUND",
                 key.Name() + " does not exist");
  }
  return FromRow(r[0]);
}

absl::StatusOr<std::vector<v1::Enrolment>> EnrolmentStore::List(db::Tx& tx, const UnitKey& unit,
                                                                const Page& page,
                                                                int64_t* next_seq) {
  pqxx::result r = tx.Exec(kList, unit.institution_id, unit.unit_id, page.after_seq, page.size + 1);
  std::vector<v1::Enrolment> out;
  *next_seq = CollectPage(r, page, FromRow, &out);
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, EnrolmentRow>>> EnrolmentStore::LockMany(
    db::Tx& tx, const UnitKey& unit, const std::vector<std::string>& ids) {
  pqxx::result r = tx.Exec(kLockMany, unit.institution_id, unit.unit_id, db::TextArray(ids));
  std::vector<std::pair<std::string, EnrolmentRow>> out;
  out.reserve(r.size());
  for (const auto& row : r) {
    EnrolmentRow e;
    v1::EnrolmentState_Parse(row[1].as<std::string>(), &e.state);
    e.unit_version = row[2].as<int>();
    e.person_institution_id = row[3].as<std::string>();
    e.person_id = row[4].as<std::string>();
    e.version = row[5].as<int64_t>();
    out.emplace_back(row[0].as<std::string>(), std::move(e));
  }
  return out;
}

absl::StatusOr<int> EnrolmentStore::CountEnrolled(db::Tx& tx, const UnitKey& unit,
                                                  const std::vector<std::string>& ids) {
  return tx.Exec(kCountEnrolled, unit.institution_id, unit.unit_id, db::TextArray(ids))[0][0]
      .as<int>();
}

absl::Status EnrolmentStore::CompleteMany(db::Tx& tx, const UnitKey& unit,
                                          const std::vector<Completion>& completions) {
  if (completions.empty()) return absl::OkStatus();
  std::vector<std::string> ids, bytes, credentials;
  for (const auto& c : completions) {
    ids.push_back(c.enrolment_id);
    bytes.push_back(c.completion);
    credentials.push_back(c.credential_id);
  }
  tx.Exec(kCompleteMany, unit.institution_id, unit.unit_id, db::TextArray(ids), db::ByteaArray(bytes, [](const std::string& b) -> const std::string& { return b; }),
          db::TextArray(credentials));
  return absl::OkStatus();
}

absl::StatusOr<v1::Enrolment> EnrolmentStore::Withdraw(db::Tx& tx, const EnrolmentKey& key,
                                                       int64_t expected_version) {
  pqxx::result r = tx.Exec(kWithdraw, key.unit.institution_id, key.unit.unit_id,
                           key.enrolment_id, expected_version);
  if (!r.empty()) return FromRow(r[0]);
  auto current = Get(tx, key);
  if (!current.ok()) return current.status();
  if (current->state() != v1::ENROLLED) {
    return Error(absl::StatusCode::kFailedPrecondition, "ENROLMENT_NOT_ACTIVE",
                 key.Name() + " is " + v1::EnrolmentState_Name(current->state()) +
                     "; only an ENROLLED enrolment can be withdrawn");
  }
  return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
               key.Name() + " was changed since it was read; read it again");
}

}  // namespace valohub::learning
