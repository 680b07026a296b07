#include "services/competence/person_store.h"

#include <google/protobuf/util/json_util.h>

#include <map>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/runtime/etag.h"
#include "services/runtime/page_rows.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"
#include "valohub/competence/internal/person_import_row.pb.h"

namespace valohub::competence {
namespace {

#define PERSON_COLUMNS                                                              \
  "seq, institution_id, id, display_name, email, roles, teaching_field, "          \
  "coalesce(employment_start_date::text, ''), coalesce(external_id, ''), version, " \
  "(extract(epoch from create_time) * 1000000)::bigint, "                          \
  "(extract(epoch from update_time) * 1000000)::bigint"

constexpr db::Query kInsert{
    "person_insert",
    "INSERT INTO competence.people (institution_id, id, display_name, email, roles, "
    "teaching_field, employment_start_date, external_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, '')::date, NULLIF($8, '')) "
    "ON CONFLICT (institution_id, id) DO NOTHING RETURNING " PERSON_COLUMNS};
constexpr db::Query kGet{"person_get", "SELECT " PERSON_COLUMNS " FROM competence.people "
                                       "WHERE institution_id = $1 AND id = $2"};
constexpr db::Query kList{"person_list", "SELECT " PERSON_COLUMNS " FROM competence.people "
                                         "WHERE institution_id = $1 AND seq > $2 "
                                         "ORDER BY seq LIMIT $3"};
constexpr db::Query kUpdate{
    "person_update",
    "UPDATE competence.people SET display_name = $4, email = $5, roles = $6, "
    "teaching_field = $7, employment_start_date = NULLIF($8, '')::date, "
    "external_id = NULLIF($9, ''), version = version + 1, update_time = now() "
    "WHERE institution_id = $1 AND id = $2 AND version = $3 RETURNING " PERSON_COLUMNS};
constexpr db::Query kVersion{"person_version",
                             "SELECT version FROM competence.people "
                             "WHERE institution_id = $1 AND id = $2"};
constexpr db::Query kDelete{"person_delete",
                            "DELETE FROM competence.people WHERE institution_id = $1 AND id = $2 "
                            "AND ($3::bigint = 0 OR version = $3::bigint)"};
// One statement per chunk: the rows arrive as one JSON parameter (see PersonImportRow).
// xmax = 0 holds exactly for rows this statement inserted rather than updated.
constexpr db::Query kUpsert{
    "person_upsert",
    "INSERT INTO competence.people AS p (institution_id, id, display_name, email, roles, "
    "teaching_field, employment_start_date, external_id) "
    "SELECT $1, r.id, r.display_name, coalesce(r.email, ''), coalesce(r.roles, ''), "
    "coalesce(r.teaching_field, ''), NULLIF(r.employment_start_date, '')::date, r.external_id "
    "FROM jsonb_to_recordset($2::jsonb -> 'rows') AS r(idx int, id text, display_name text, "
    "email text, roles text, teaching_field text, employment_start_date text, external_id text) "
    "ORDER BY r.idx "
    "ON CONFLICT (institution_id, external_id) DO UPDATE SET "
    "display_name = EXCLUDED.display_name, email = EXCLUDED.email, roles = EXCLUDED.roles, "
    "teaching_field = EXCLUDED.teaching_field, "
    "employment_start_date = EXCLUDED.employment_start_date, version = p.version + 1, "
    "update_time = now() "
    "RETURNING p.id, p.external_id, (p.xmax::text = '0')"};

constexpr int kUpsertChunk = 2000;

v1::Person FromRow(const pqxx::row& row) {
  v1::Person out;
  out.set_name("institutions/" + row[1].as<std::string>() + "/people/" + row[2].as<std::string>());
  out.set_display_name(row[3].as<std::string>());
  out.set_email(row[4].as<std::string>());
  for (absl::string_view role : absl::StrSplit(row[5].as<std::string>(), ',', absl::SkipEmpty())) {
    v1::StaffRole value;
    if (v1::StaffRole_Parse(std::string(role), &value)) out.add_roles(value);
  }
  out.set_teaching_field(row[6].as<std::string>());
  out.set_employment_start_date(row[7].as<std::string>());
  out.set_external_id(row[8].as<std::string>());
  out.set_etag(MakeEtag(row[9].as<int64_t>()));
  SetMicros(row[10].as<int64_t>(), out.mutable_create_time());
  SetMicros(row[11].as<int64_t>(), out.mutable_update_time());
  return out;
}

std::string PersonName(const PersonKey& key) {
  return "institutions/" + key.institution_id + "/people/" + key.person_id;
}

absl::Status NotFound(const PersonKey& key) {
  return Error(absl::StatusCode::kNotFound, "PERSON_NOT_FOUND",
               PersonName(key) + " does not exist");
}

absl::Status ExternalIdTaken(const v1::Person& person) {
  return Error(absl::StatusCode::kAlreadyExists, "EXTERNAL_ID_TAKEN",
               "another person of the institution has external id " + person.external_id());
}

}  // namespace

std::string RolesToText(const v1::Person& person) {
  std::vector<std::string> names;
  for (int role : person.roles()) names.push_back(v1::StaffRole_Name(role));
  return absl::StrJoin(names, ",");
}

std::vector<db::Query> PersonStore::Queries() {
  return {kInsert, kGet, kList, kUpdate, kVersion, kDelete, kUpsert};
}

absl::StatusOr<v1::Person> PersonStore::Insert(db::Tx& tx, const PersonKey& key,
                                               const v1::Person& p) {
  // A taken id is a conflict on the key (no row returned); any other unique violation can only
  // be the external id.
  try {
    pqxx::result r = tx.Exec(kInsert, key.institution_id, key.person_id, p.display_name(),
                             p.email(), RolesToText(p), p.teaching_field(),
                             p.employment_start_date(), p.external_id());
    if (r.empty()) {
      return Error(absl::StatusCode::kAlreadyExists, "PERSON_EXISTS",
                   PersonName(key) + " already exists");
    }
    return FromRow(r[0]);
  } catch (const pqxx::unique_violation&) {
    return ExternalIdTaken(p);
  }
}

absl::StatusOr<v1::Person> PersonStore::Get(db::Tx& tx, const PersonKey& key) {
  pqxx::result r = tx.Exec(kGet, key.institution_id, key.person_id);
  if (r.empty()) return NotFound(key);
  return FromRow(r[0]);
}

absl::Status PersonStore::CheckExists(db::Tx& tx, const PersonKey& key) {
  if (tx.Exec(kVersion, key.institution_id, key.person_id).empty()) return NotFound(key);
  return absl::OkStatus();
}

absl::StatusOr<PersonPage> PersonStore::List(db::Tx& tx, const std::string& institution_id,
                                             const Page& page) {
  pqxx::result r = tx.Exec(kList, institution_id, page.after_seq, page.size + 1);
  PersonPage out;
  out.next_after_seq = CollectPage(r, page, FromRow, &out.people);
  return out;
}

absl::StatusOr<v1::Person> PersonStore::Update(db::Tx& tx, const PersonKey& key,
                                               int64_t expected_version, const v1::Person& p) {
  try {
    pqxx::result r = tx.Exec(kUpdate, key.institution_id, key.person_id, expected_version,
                             p.display_name(), p.email(), RolesToText(p), p.teaching_field(),
                             p.employment_start_date(), p.external_id());
    if (!r.empty()) return FromRow(r[0]);
  } catch (const pqxx::unique_violation&) {
    return ExternalIdTaken(p);
  }
  if (tx.Exec(kVersion, key.institution_id, key.person_id).empty()) return NotFound(key);
  return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
               PersonName(key) + " was changed by someone else; read it again");
}

absl::Status PersonStore::Delete(db::Tx& tx, const PersonKey& key, int64_t expected_version) {
  if (tx.Exec(kDelete, key.institution_id, key.person_id, expected_version).affected_rows() > 0) {
    return absl::OkStatus();
  }
  if (tx.Exec(kVersion, key.institution_id, key.person_id).empty()) return NotFound(key);
  return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
               PersonName(key) + " was changed by someone else; read it again");
}

absl::StatusOr<std::vector<PersonUpsertOutcome>> PersonStore::Upsert(
    db::Tx& tx, const std::string& institution_id, const std::vector<PersonUpsert>& rows) {
  std::vector<PersonUpsertOutcome> outcomes;
  outcomes.reserve(rows.size());
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  for (size_t start = 0; start < rows.size(); start += kUpsertChunk) {
    size_t end = std::min(rows.size(), start + kUpsertChunk);
    internal::PersonImportBatch batch;
    std::map<std::string, int> index_by_external_id;
    for (size_t i = start; i < end; ++i) {
      const PersonUpsert& in = rows[i];
      auto* row = batch.add_rows();
      row->set_idx(in.index);
      row->set_id(in.new_id);
      row->set_display_name(in.person.display_name());
      row->set_email(in.person.email());
      row->set_roles(RolesToText(in.person));
      row->set_teaching_field(in.person.teaching_field());
      row->set_employment_start_date(in.person.employment_start_date());
      row->set_external_id(in.person.external_id());
      index_by_external_id[in.person.external_id()] = in.index;
    }
    std::string json;
    if (!google::protobuf::util::MessageToJsonString(batch, &json, options).ok()) {
      return absl::InternalError("cannot encode import batch");
    }
    for (const auto& row : tx.Exec(kUpsert, institution_id, json)) {
      std::string external_id = row[1].as<std::string>();
      outcomes.push_back(
          {index_by_external_id[external_id], row[0].as<std::string>(), row[2].as<bool>()});
    }
  }
  return outcomes;
}

}  // namespace valohub::competence
