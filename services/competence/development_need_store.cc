#include "services/competence/development_need_store.h"

#include "services/runtime/etag.h"
#include "services/runtime/page_rows.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"

namespace valohub::competence {
namespace {

#define NEED_COLUMNS                                                                 \
  "seq, institution_id, person_id, id, framework_id, competence_code, priority, "   \
  "description, version, (extract(epoch from create_time) * 1000000)::bigint, "     \
  "(extract(epoch from update_time) * 1000000)::bigint"

constexpr db::Query kInsert{
    "need_insert",
    "INSERT INTO competence.development_needs (institution_id, person_id, id, framework_id, "
    "competence_code, priority, description) VALUES ($1, $2, $3, $4, $5, $6, $7) "
    "RETURNING " NEED_COLUMNS};
constexpr db::Query kGet{"need_get",
                         "SELECT " NEED_COLUMNS " FROM competence.development_needs "
                         "WHERE institution_id = $1 AND person_id = $2 AND id = $3"};
constexpr db::Query kList{"need_list",
                          "SELECT " NEED_COLUMNS " FROM competence.development_needs "
                          "WHERE institution_id = $1 AND person_id = $2 AND seq > $3 "
                          "ORDER BY seq LIMIT $4"};
constexpr db::Query kUpdate{
    "need_update",
    "UPDATE competence.development_needs SET framework_id = $5, competence_code = $6, "
    "priority = $7, description = $8, version = version + 1, update_time = now() "
    "WHERE institution_id = $1 AND person_id = $2 AND id = $3 AND version = $4 "
    "RETURNING " NEED_COLUMNS};
constexpr db::Query kVersion{"need_version",
                             "SELECT version FROM competence.development_needs "
                             "WHERE institution_id = $1 AND person_id = $2 AND id = $3"};
constexpr db::Query kDelete{"need_delete",
                            "DELETE FROM competence.development_needs "
                            "WHERE institution_id = $1 AND person_id = $2 AND id = $3 "
                            "AND ($4::bigint = 0 OR version = $4::bigint)"};

v1::DevelopmentNeed FromRow(const pqxx::row& row) {
  v1::DevelopmentNeed out;
  out.set_name("institutions/" + row[1].as<std::string>() + "/people/" +
               row[2].as<std::string>() + "/developmentNeeds/" + row[3].as<std::string>());
  out.set_competence("frameworks/" + row[4].as<std::string>() + "/competences/" +
                     row[5].as<std::string>());
  out.set_priority(static_cast<v1::Priority>(row[6].as<int>()));
  out.set_description(row[7].as<std::string>());
  out.set_etag(MakeEtag(row[8].as<int64_t>()));
  SetMicros(row[9].as<int64_t>(), out.mutable_create_time());
  SetMicros(row[10].as<int64_t>(), out.mutable_update_time());
  return out;
}

std::string NeedName(const PersonKey& p, const std::string& id) {
  return "institutions/" + p.institution_id + "/people/" + p.person_id + "/developmentNeeds/" + id;
}

absl::Status Missing(db::Tx& tx, const PersonKey& p, const std::string& id) {
  if (tx.Exec(kVersion, p.institution_id, p.person_id, id).empty()) {
    return Error(absl::StatusCode::kNotFound, "DEVELOPMENT_NEED_NOT_FOUND",
                 NeedName(p, id) + " does not exist");
  }
  return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
               NeedName(p, id) + " was changed by someone else; read it again");
}

}  // namespace

std::vector<db::Query> DevelopmentNeedStore::Queries() {
  return {kInsert, kGet, kList, kUpdate, kVersion, kDelete};
}

absl::StatusOr<v1::DevelopmentNeed> DevelopmentNeedStore::Insert(
    db::Tx& tx, const PersonKey& p, const std::string& id, const std::string& framework_id,
    const std::string& code, const v1::DevelopmentNeed& need) {
  return FromRow(tx.Exec(kInsert, p.institution_id, p.person_id, id, framework_id, code,
                         static_cast<int>(need.priority()), need.description())[0]);
}

absl::StatusOr<v1::DevelopmentNeed> DevelopmentNeedStore::Get(db::Tx& tx, const PersonKey& p,
                                                              const std::string& id) {
  pqxx::result r = tx.Exec(kGet, p.institution_id, p.person_id, id);
  if (r.empty()) {
    return Error(absl::StatusCode::kNotFound, "DEVELOPMENT_NEED_NOT_FOUND",
                 NeedName(p, id) + " does not exist");
  }
  return FromRow(r[0]);
}

absl::StatusOr<DevelopmentNeedPage> DevelopmentNeedStore::List(db::Tx& tx, const PersonKey& p,
                                                               const Page& page) {
  pqxx::result r = tx.Exec(kList, p.institution_id, p.person_id, page.after_seq, page.size + 1);
  DevelopmentNeedPage out;
  out.next_after_seq = CollectPage(r, page, FromRow, &out.needs);
  return out;
}

absl::StatusOr<v1::DevelopmentNeed> DevelopmentNeedStore::Update(
    db::Tx& tx, const PersonKey& p, const std::string& id, int64_t expected_version,
    const std::string& framework_id, const std::string& code, const v1::DevelopmentNeed& need) {
  pqxx::result r = tx.Exec(kUpdate, p.institution_id, p.person_id, id, expected_version,
                           framework_id, code, static_cast<int>(need.priority()),
                           need.description());
  if (!r.empty()) return FromRow(r[0]);
  return Missing(tx, p, id);
}

absl::Status DevelopmentNeedStore::Delete(db::Tx& tx, const PersonKey& p, const std::string& id,
                                          int64_t expected_version) {
  if (tx.Exec(kDelete, p.institution_id, p.person_id, id, expected_version).affected_rows() > 0) {
    return absl::OkStatus();
  }
  return Missing(tx, p, id);
}

}  // namespace valohub::competence
