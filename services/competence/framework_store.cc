#include "services/competence/framework_store.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_join.h"
#include "services/runtime/etag.h"
#include "services/runtime/page_rows.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"

namespace valohub::competence {
namespace {

#define FRAMEWORK_COLUMNS                                                            \
  "seq, id, status, content::text, version, "                                       \
  "(extract(epoch from create_time) * 1000000)::bigint, "                           \
  "(extract(epoch from update_time) * 1000000)::bigint, "                           \
  "coalesce((extract(epoch from publish_time) * 1000000)::bigint, 0)"

constexpr db::Query kInsert{
    "framework_insert",
    "INSERT INTO competence.frameworks (id, display_name, status, case_identifier, content, "
    "publish_time) VALUES ($1, $2, $3::smallint, $4::uuid, $5::jsonb, "
    "CASE WHEN $3::smallint = 2 THEN now() END) ON CONFLICT (id) DO NOTHING "
    "RETURNING " FRAMEWORK_COLUMNS};
constexpr db::Query kGet{"framework_get",
                         "SELECT " FRAMEWORK_COLUMNS " FROM competence.frameworks WHERE id = $1"};
constexpr db::Query kList{"framework_list",
                          "SELECT " FRAMEWORK_COLUMNS " FROM competence.frameworks "
                          "WHERE seq > $1 AND ($3::boolean OR status <> 1) ORDER BY seq LIMIT $2"};
constexpr db::Query kUpdate{
    "framework_update",
    "UPDATE competence.frameworks SET display_name = $3, status = $4::smallint, "
    "case_identifier = $5::uuid, content = $6::jsonb, version = version + 1, "
    "update_time = now(), "
    "publish_time = CASE WHEN $4::smallint = 2 AND publish_time IS NULL THEN now() ELSE publish_time END "
    "WHERE id = $1 AND version = $2 RETURNING " FRAMEWORK_COLUMNS};
constexpr db::Query kVersion{"framework_version",
                             "SELECT version FROM competence.frameworks WHERE id = $1"};
constexpr db::Query kDelete{"framework_delete",
                            "DELETE FROM competence.frameworks WHERE id = $1 AND "
                            "($2::bigint = 0 OR version = $2::bigint)"};
// Codes are validated to [A-Za-z0-9._-], so a comma-separated list is unambiguous.
constexpr db::Query kClearCompetences{
    "framework_clear_competences",
    "DELETE FROM competence.framework_competences WHERE framework_id = $1"};
constexpr db::Query kClearLevels{"framework_clear_levels",
                                 "DELETE FROM competence.framework_levels WHERE framework_id = $1"};
constexpr db::Query kAddCompetences{
    "framework_add_competences",
    "INSERT INTO competence.framework_competences (framework_id, code) "
    "SELECT $1, c FROM unnest(string_to_array($2, ',')) AS c"};
constexpr db::Query kAddLevels{
    "framework_add_levels",
    "INSERT INTO competence.framework_levels (framework_id, code, rank) "
    "SELECT $1, l, n FROM unnest(string_to_array($2, ',')) WITH ORDINALITY AS t(l, n)"};
constexpr db::Query kCheck{
    "framework_check",
    "SELECT f.status, "
    "EXISTS (SELECT 1 FROM competence.framework_competences c "
    "        WHERE c.framework_id = f.id AND c.code = $2), "
    "EXISTS (SELECT 1 FROM competence.framework_levels l "
    "        WHERE l.framework_id = f.id AND l.code = $3) "
    "FROM competence.frameworks f WHERE f.id = $1 FOR SHARE"};

std::string ContentJson(const v1::Framework& f) {
  v1::Framework content = f;
  content.clear_name();
  content.clear_status();
  content.clear_create_time();
  content.clear_update_time();
  content.clear_publish_time();
  content.clear_etag();
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(content, &json, options);
  return json;
}

absl::StatusOr<v1::Framework> FromRow(const pqxx::row& row) {
  v1::Framework out;
  if (!google::protobuf::util::JsonStringToMessage(row[3].as<std::string>(), &out).ok()) {
    return absl::InternalError("stored framework content does not parse");
  }
  out.set_name("frameworks/" + row[1].as<std::string>());
  out.set_status(static_cast<v1::FrameworkStatus>(row[2].as<int>()));
  out.set_etag(MakeEtag(row[4].as<int64_t>()));
  SetMicros(row[5].as<int64_t>(), out.mutable_create_time());
  SetMicros(row[6].as<int64_t>(), out.mutable_update_time());
  if (int64_t published = row[7].as<int64_t>(); published != 0) {
    SetMicros(published, out.mutable_publish_time());
  }
  return out;
}

void WriteChildren(db::Tx& tx, const std::string& id, const v1::Framework& f) {
  std::vector<std::string> competences, levels;
  for (const auto& item : f.items()) {
    if (item.kind() == v1::COMPETENCE) competences.push_back(item.code());
  }
  for (const auto& level : f.levels()) levels.push_back(level.code());
  tx.Exec(kClearCompetences, id);
  tx.Exec(kClearLevels, id);
  if (!competences.empty()) tx.Exec(kAddCompetences, id, absl::StrJoin(competences, ","));
  if (!levels.empty()) tx.Exec(kAddLevels, id, absl::StrJoin(levels, ","));
}

absl::Status NotFound(const std::string& id) {
  return Error(absl::StatusCode::kNotFound, "FRAMEWORK_NOT_FOUND",
               "framework frameworks/" + id + " does not exist");
}

absl::Status Moved(const std::string& id) {
  return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
               "frameworks/" + id + " was changed by someone else; read it again");
}

}  // namespace

std::vector<db::Query> FrameworkStore::Queries() {
  return {kInsert,           kGet,          kList,           kUpdate,    kVersion, kDelete,
          kClearCompetences, kClearLevels, kAddCompetences, kAddLevels, kCheck};
}

absl::StatusOr<v1::Framework> FrameworkStore::Insert(db::Tx& tx, const std::string& id,
                                                     const v1::Framework& f) {
  pqxx::result r;
  try {
    r = tx.Exec(kInsert, id, f.display_name(), static_cast<int>(f.status()), f.case_identifier(),
                ContentJson(f));
  } catch (const pqxx::unique_violation&) {
    return Error(absl::StatusCode::kAlreadyExists, "CASE_IDENTIFIER_TAKEN",
                 "another framework has CASE identifier " + f.case_identifier());
  }
  if (r.empty()) {
    return Error(absl::StatusCode::kAlreadyExists, "FRAMEWORK_EXISTS",
                 "framework frameworks/" + id + " already exists");
  }
  WriteChildren(tx, id, f);
  return FromRow(r[0]);
}

absl::StatusOr<v1::Framework> FrameworkStore::Get(db::Tx& tx, const std::string& id) {
  pqxx::result r = tx.Exec(kGet, id);
  if (r.empty()) return NotFound(id);
  return FromRow(r[0]);
}

absl::StatusOr<FrameworkPage> FrameworkStore::List(db::Tx& tx, const Page& page,
                                                   bool include_drafts) {
  pqxx::result r = tx.Exec(kList, page.after_seq, page.size + 1, include_drafts);
  FrameworkPage out;
  std::vector<absl::StatusOr<v1::Framework>> parsed;
  out.next_after_seq = CollectPage(r, page, FromRow, &parsed);
  for (auto& f : parsed) {
    if (!f.ok()) return f.status();
    out.frameworks.push_back(*std::move(f));
  }
  return out;
}

absl::StatusOr<v1::Framework> FrameworkStore::Update(db::Tx& tx, const std::string& id,
                                                     int64_t expected_version,
                                                     const v1::Framework& f,
                                                     bool content_changed) {
  pqxx::result r;
  try {
    r = tx.Exec(kUpdate, id, expected_version, f.display_name(), static_cast<int>(f.status()),
                f.case_identifier(), ContentJson(f));
  } catch (const pqxx::unique_violation&) {
    return Error(absl::StatusCode::kAlreadyExists, "CASE_IDENTIFIER_TAKEN",
                 "another framework has CASE identifier " + f.case_identifier());
  }
  if (r.empty()) {
    if (tx.Exec(kVersion, id).empty()) return NotFound(id);
    return Moved(id);
  }
  if (content_changed) WriteChildren(tx, id, f);
  return FromRow(r[0]);
}

absl::Status FrameworkStore::Delete(db::Tx& tx, const std::string& id, int64_t expected_version) {
  if (tx.Exec(kDelete, id, expected_version).affected_rows() > 0) return absl::OkStatus();
  if (tx.Exec(kVersion, id).empty()) return NotFound(id);
  return Moved(id);
}

absl::StatusOr<CompetenceCheck> FrameworkStore::Check(db::Tx& tx, const std::string& framework_id,
                                                      const std::string& competence,
                                                      const std::string& level) {
  CompetenceCheck out;
  pqxx::result r = tx.Exec(kCheck, framework_id, competence, level);
  if (r.empty()) return out;
  out.framework_exists = true;
  out.status = static_cast<v1::FrameworkStatus>(r[0][0].as<int>());
  out.competence_exists = r[0][1].as<bool>();
  out.level_exists = r[0][2].as<bool>();
  return out;
}

}  // namespace valohub::competence
