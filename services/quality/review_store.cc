#include "services/quality/review_store.h"

#include <pqxx/binarystring>

#include "services/runtime/etag.h"
#include "services/runtime/page_rows.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"

namespace valohub::quality {
namespace {

#define REVIEW_COLUMNS                                         \
  "seq, body, version, "                                       \
  "(extract(epoch from create_time) * 1000000)::bigint, "      \
  "(extract(epoch from update_time) * 1000000)::bigint"

constexpr db::Query kInsert{
    "review_insert",
    "INSERT INTO quality.reviews (review_id, institution_id, unit_id, unit_version, state, body) "
    "VALUES ($1::uuid, $2, $3, $4, $5, $6)"};
constexpr db::Query kLock{"review_lock",
                          "SELECT " REVIEW_COLUMNS " FROM quality.reviews "
                          "WHERE review_id = $1::uuid FOR UPDATE"};
constexpr db::Query kGet{"review_get",
                         "SELECT " REVIEW_COLUMNS " FROM quality.reviews WHERE review_id = $1::uuid"};
constexpr db::Query kUpdate{
    "review_update",
    "UPDATE quality.reviews SET state = $2, body = $3, version = version + 1, "
    "update_time = now() WHERE review_id = $1::uuid RETURNING " REVIEW_COLUMNS};
constexpr db::Query kLockOpen{"review_lock_open",
                              "SELECT review_id::text FROM quality.reviews "
                              "WHERE institution_id = $1 AND unit_id = $2 AND state = 'OPEN' "
                              "FOR UPDATE"};
constexpr db::Query kAddReviewer{
    "review_add_reviewer",
    "INSERT INTO quality.review_reviewers (review_id, reviewer_institution_id, "
    "reviewer_person_id, institution_id, unit_id) VALUES ($1::uuid, $2, $3, $4, $5) "
    "ON CONFLICT DO NOTHING"};
constexpr db::Query kIsReviewer{
    "review_is_reviewer_of_unit",
    "SELECT 1 FROM quality.review_reviewers WHERE institution_id = $1 AND unit_id = $2 "
    "AND reviewer_institution_id = $3 AND reviewer_person_id = $4 LIMIT 1"};
// Empty filter values match everything.
constexpr db::Query kList{
    "review_list",
    "SELECT " REVIEW_COLUMNS " FROM quality.reviews r WHERE r.seq > $1 "
    "AND ($3 = '' OR (r.institution_id = $3 AND r.unit_id = $4)) "
    "AND ($5 = '' OR r.state = $5) "
    "AND ($6 = '' OR EXISTS (SELECT 1 FROM quality.review_reviewers a "
    "WHERE a.review_id = r.review_id AND a.reviewer_institution_id = $6 "
    "AND a.reviewer_person_id = $7)) "
    "ORDER BY r.seq LIMIT $2"};

v1::Review FromRow(const pqxx::row& row) {
  v1::Review r;
  pqxx::binarystring body(row[1]);
  r.ParseFromArray(body.data(), static_cast<int>(body.size()));
  r.set_etag(MakeEtag(row[2].as<int64_t>()));
  SetMicros(row[3].as<int64_t>(), r.mutable_create_time());
  SetMicros(row[4].as<int64_t>(), r.mutable_update_time());
  return r;
}

pqxx::binarystring Body(const v1::Review& review) {
  v1::Review body = review;
  body.clear_etag();
  body.clear_create_time();
  body.clear_update_time();
  return pqxx::binarystring(body.SerializeAsString());
}

absl::Status NotFound(const std::string& review_id) {
  return Error(absl::StatusCode::kNotFound, "REVIEW_NOT_FOUND",
               "reviews/" + review_id + " does not exist");
}

}  // namespace

std::vector<db::Query> ReviewStore::Queries() {
  return {kInsert, kLock, kGet, kUpdate, kLockOpen, kAddReviewer, kIsReviewer, kList};
}

absl::Status ReviewStore::Insert(db::Tx& tx, const std::string& review_id, const UnitRef& unit,
                                 const v1::Review& review) {
  tx.Exec(kInsert, review_id, unit.institution_id, unit.unit_id, review.unit_version(),
          v1::ReviewState_Name(review.state()), Body(review));
  return absl::OkStatus();
}

absl::StatusOr<v1::Review> ReviewStore::Lock(db::Tx& tx, const std::string& review_id) {
  pqxx::result r = tx.Exec(kLock, review_id);
  if (r.empty()) return NotFound(review_id);
  return FromRow(r[0]);
}

absl::StatusOr<v1::Review> ReviewStore::Get(db::Tx& tx, const std::string& review_id) {
  pqxx::result r = tx.Exec(kGet, review_id);
  if (r.empty()) return NotFound(review_id);
  return FromRow(r[0]);
}

absl::StatusOr<v1::Review> ReviewStore::Update(db::Tx& tx, const std::string& review_id,
                                               const v1::Review& review) {
  pqxx::result r =
      tx.Exec(kUpdate, review_id, v1::ReviewState_Name(review.state()), Body(review));
  if (r.empty()) return NotFound(review_id);
  return FromRow(r[0]);
}

absl::StatusOr<std::optional<std::string>> ReviewStore::LockOpen(db::Tx& tx, const UnitRef& unit) {
  pqxx::result r = tx.Exec(kLockOpen, unit.institution_id, unit.unit_id);
  if (r.empty()) return std::optional<std::string>();
  return std::optional<std::string>(r[0][0].as<std::string>());
}

absl::Status ReviewStore::AddReviewer(db::Tx& tx, const std::string& review_id,
                                      const UnitRef& unit, const std::string& institution_id,
                                      const std::string& person_id) {
  tx.Exec(kAddReviewer, review_id, institution_id, person_id, unit.institution_id, unit.unit_id);
  return absl::OkStatus();
}

absl::StatusOr<bool> ReviewStore::IsReviewerOfUnit(db::Tx& tx, const UnitRef& unit,
                                                   const std::string& institution_id,
                                                   const std::string& person_id) {
  return !tx.Exec(kIsReviewer, unit.institution_id, unit.unit_id, institution_id, person_id)
              .empty();
}

absl::StatusOr<std::vector<v1::Review>> ReviewStore::List(db::Tx& tx, const ReviewFilter& f,
                                                          const Page& page, int64_t* next_seq) {
  const std::string inst = f.unit ? f.unit->institution_id : "";
  const std::string unit = f.unit ? f.unit->unit_id : "";
  pqxx::result r = tx.Exec(kList, page.after_seq, page.size + 1, inst, unit, f.state,
                           f.reviewer_institution_id, f.reviewer_person_id);
  std::vector<v1::Review> out;
  *next_seq = CollectPage(r, page, FromRow, &out);
  return out;
}

}  // namespace valohub::quality
