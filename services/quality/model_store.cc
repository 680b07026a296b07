#include "services/quality/model_store.h"

#include <pqxx/binarystring>

#include "services/runtime/etag.h"
#include "services/runtime/page_rows.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"

namespace valohub::quality {
namespace {

constexpr db::Query kInsert{
    "model_insert",
    "INSERT INTO quality.models (model_id, model_version, body) VALUES ($1, $2, $3)"};
constexpr db::Query kGet{
    "model_get",
    "SELECT seq, body, (extract(epoch from create_time) * 1000000)::bigint FROM quality.models "
    "WHERE model_id = $1 AND ($2 = 0 OR model_version = $2) "
    "ORDER BY model_version DESC LIMIT 1"};
// Paged by the seq of each model's first version; the row shown is its newest version.
constexpr db::Query kList{
    "model_list",
    "SELECT f.seq, n.body, (extract(epoch from n.create_time) * 1000000)::bigint "
    "FROM quality.models f "
    "JOIN LATERAL (SELECT body, create_time FROM quality.models m WHERE m.model_id = f.model_id "
    "ORDER BY model_version DESC LIMIT 1) n ON true "
    "WHERE f.model_version = 1 AND f.seq > $1 ORDER BY f.seq LIMIT $2"};

v1::QualityModel FromRow(const pqxx::row& row) {
  v1::QualityModel m;
  pqxx::binarystring body(row[1]);
  m.ParseFromArray(body.data(), static_cast<int>(body.size()));
  SetMicros(row[2].as<int64_t>(), m.mutable_create_time());
  m.set_etag(MakeEtag(m.version()));
  return m;
}

}  // namespace

std::vector<db::Query> ModelStore::Queries() { return {kInsert, kGet, kList}; }

absl::Status ModelStore::Insert(db::Tx& tx, const std::string& model_id,
                                const v1::QualityModel& model) {
  v1::QualityModel body = model;
  body.clear_create_time();
  body.clear_etag();
  try {
    tx.Exec(kInsert, model_id, body.version(), pqxx::binarystring(body.SerializeAsString()));
  } catch (const pqxx::unique_violation&) {
    return Error(absl::StatusCode::kAlreadyExists, "MODEL_EXISTS",
                 model.name() + " already exists; update it to make a new version");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::QualityModel> ModelStore::Get(db::Tx& tx, const std::string& model_id,
                                                 int version) {
  pqxx::result r = tx.Exec(kGet, model_id, version);
  if (r.empty()) {
    return Error(absl::StatusCode::kNotFound, "MODEL_NOT_FOUND",
                 "qualityModels/" + model_id +
                     (version != 0 ? " version " + std::to_string(version) : "") +
                     " does not exist");
  }
  return FromRow(r[0]);
}

absl::StatusOr<std::vector<v1::QualityModel>> ModelStore::List(db::Tx& tx, const Page& page,
                                                               int64_t* next_seq) {
  pqxx::result r = tx.Exec(kList, page.after_seq, page.size + 1);
  std::vector<v1::QualityModel> out;
  *next_seq = CollectPage(r, page, FromRow, &out);
  return out;
}

}  // namespace valohub::quality
