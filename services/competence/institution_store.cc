#include "services/competence/institution_store.h"

#include "services/runtime/etag.h"
#include "services/runtime/page_rows.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"

namespace valohub::competence {
namespace {

#define INSTITUTION_COLUMNS                                                       \
  "seq, id, display_name, kind, business_id, region, version, "                  \
  "(extract(epoch from create_time) * 1000000)::bigint, "                        \
  "(extract(epoch from update_time) * 1000000)::bigint"

constexpr db::Query kInsert{
    "institution_insert",
    "INSERT INTO competence.institutions (id, display_name, kind, business_id, region) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING " INSTITUTION_COLUMNS};
constexpr db::Query kGet{"institution_get",
                         "SELECT " INSTITUTION_COLUMNS " FROM competence.institutions WHERE id = $1"};
constexpr db::Query kList{"institution_list",
                          "SELECT " INSTITUTION_COLUMNS " FROM competence.institutions "
                          "WHERE seq > $1 ORDER BY seq LIMIT $2"};
constexpr db::Query kUpdate{
    "institution_update",
    "UPDATE competence.institutions SET display_name = $3, kind = $4, business_id = $5, "
    "region = $6, version = version + 1, update_time = now() "
    "WHERE id = $1 AND version = $2 RETURNING " INSTITUTION_COLUMNS};
constexpr db::Query kVersion{"institution_version",
                             "SELECT version FROM competence.institutions WHERE id = $1"};
constexpr db::Query kDelete{"institution_delete",
                            "DELETE FROM competence.institutions WHERE id = $1 AND "
                            "($2::bigint = 0 OR version = $2::bigint)"};
constexpr db::Query kDeletePeople{"institution_delete_people",
                                  "DELETE FROM competence.people WHERE institution_id = $1"};
constexpr db::Query kHasPeople{
    "institution_has_people",
    "SELECT EXISTS (SELECT 1 FROM competence.people WHERE institution_id = $1)"};

v1::Institution FromRow(const pqxx::row& row) {
  v1::Institution out;
  out.set_name("institutions/" + row[1].as<std::string>());
  out.set_display_name(row[2].as<std::string>());
  out.set_kind(static_cast<v1::Institution::Kind>(row[3].as<int>()));
  out.set_business_id(row[4].as<std::string>());
  out.set_region(row[5].as<std::string>());
  out.set_etag(MakeEtag(row[6].as<int64_t>()));
  SetMicros(row[7].as<int64_t>(), out.mutable_create_time());
  SetMicros(row[8].as<int64_t>(), out.mutable_update_time());
  return out;
}

absl::Status NotFound(const std::string& id) {
  return Error(absl::StatusCode::kNotFound, "INSTITUTION_NOT_FOUND",
               "institution institutions/" + id + " does not exist");
}

}  // namespace

std::vector<db::Query> InstitutionStore::Queries() {
  return {kInsert, kGet, kList, kUpdate, kVersion, kDelete, kDeletePeople, kHasPeople};
}

absl::StatusOr<v1::Institution> InstitutionStore::Insert(db::Tx& tx, const std::string& id,
                                                         const v1::Institution& in) {
  try {
    pqxx::result r = tx.Exec(kInsert, id, in.display_name(), static_cast<int>(in.kind()),
                             in.business_id(), in.region());
    if (r.empty()) {
      return Error(absl::StatusCode::kAlreadyExists, "INSTITUTION_EXISTS",
                   "institution institutions/" + id + " already exists");
    }
    return FromRow(r[0]);
  } catch (const pqxx::unique_violation&) {
    return Error(absl::StatusCode::kAlreadyExists, "BUSINESS_ID_TAKEN",
                 "another institution has business id " + in.business_id());
  }
}

absl::StatusOr<v1::Institution> InstitutionStore::Get(db::Tx& tx, const std::string& id) {
  pqxx::result r = tx.Exec(kGet, id);
  if (r.empty()) return NotFound(id);
  return FromRow(r[0]);
}

absl::StatusOr<InstitutionPage> InstitutionStore::List(db::Tx& tx, const Page& page) {
  pqxx::result r = tx.Exec(kList, page.after_seq, page.size + 1);
  InstitutionPage out;
  out.next_after_seq = CollectPage(r, page, FromRow, &out.institutions);
  return out;
}

absl::StatusOr<v1::Institution> InstitutionStore::Update(db::Tx& tx, const std::string& id,
                                                         int64_t expected_version,
                                                         const v1::Institution& in) {
  try {
    pqxx::result r = tx.Exec(kUpdate, id, expected_version, in.display_name(),
                             static_cast<int>(in.kind()), in.business_id(), in.region());
    if (!r.empty()) return FromRow(r[0]);
  } catch (const pqxx::unique_violation&) {
    return Error(absl::StatusCode::kAlreadyExists, "BUSINESS_ID_TAKEN",
                 "another institution has business id " + in.business_id());
  }
  if (tx.Exec(kVersion, id).empty()) return NotFound(id);
  return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
               "institutions/" + id + " was changed by someone else; read it again");
}

absl::Status InstitutionStore::Delete(db::Tx& tx, const std::string& id,
                                      int64_t expected_version, bool with_people) {
  if (with_people) tx.Exec(kDeletePeople, id);
  if (tx.Exec(kDelete, id, expected_version).affected_rows() > 0) return absl::OkStatus();
  if (tx.Exec(kVersion, id).empty()) return NotFound(id);
  return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
               "institutions/" + id + " was changed by someone else; read it again");
}

absl::StatusOr<bool> InstitutionStore::HasPeople(db::Tx& tx, const std::string& id) {
  return tx.Exec(kHasPeople, id)[0][0].as<bool>();
}

}  // namespace valohub::competence
