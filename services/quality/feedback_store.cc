#include "services/quality/feedback_store.h"

#include <openssl/sha.h>

#include <pqxx/binarystring>

#include "services/runtime/status.h"

namespace valohub::quality {
namespace {

constexpr db::Query kInsert{
    "feedback_insert",
    "INSERT INTO quality.feedback (institution_id, unit_id, unit_version, enrolment_digest, "
    "relevance, clarity, assessment, workload, comment, create_time) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, to_timestamp($10::float8 / 1000000))"};
constexpr db::Query kAggregate{
    "feedback_aggregate",
    "SELECT count(*), coalesce(avg(relevance), 0)::float8, coalesce(avg(clarity), 0)::float8, "
    "coalesce(avg(assessment), 0)::float8, coalesce(avg(workload), 0)::float8 "
    "FROM quality.feedback WHERE institution_id = $1 AND unit_id = $2 "
    "AND create_time > to_timestamp($3::float8 / 1000000) "
    "AND ($4::int = 0 OR unit_version = $4::int)"};
// Ordered by a digest of the text, not by time, so the order tells nothing.
constexpr db::Query kComments{
    "feedback_comments",
    "SELECT comment FROM quality.feedback WHERE institution_id = $1 AND unit_id = $2 "
    "AND create_time > to_timestamp($3::float8 / 1000000) AND comment <> '' "
    "AND ($4::int = 0 OR unit_version = $4::int) "
    "ORDER BY md5(comment) LIMIT 500"};

int64_t SinceMicros(absl::Time since) {
  return since == absl::InfinitePast() ? -62135596800LL * 1000000 : absl::ToUnixMicros(since);
}

}  // namespace

std::vector<db::Query> FeedbackStore::Queries() { return {kInsert, kAggregate, kComments}; }

absl::Status FeedbackStore::Insert(db::Tx& tx, const UnitRef& unit, const std::string& enrolment,
                                   const v1::Feedback& f, absl::Time now) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(enrolment.data()), enrolment.size(), digest);
  try {
    tx.Exec(kInsert, unit.institution_id, unit.unit_id, f.unit_version(),
            pqxx::binarystring(digest, sizeof digest), f.ratings().relevance(),
            f.ratings().clarity(), f.ratings().assessment(), f.ratings().workload(), f.comment(),
            absl::ToUnixMicros(now));
  } catch (const pqxx::unique_violation&) {
    return Error(absl::StatusCode::kAlreadyExists, "FEEDBACK_ALREADY_GIVEN",
                 enrolment + " has already rated the unit; feedback is given once per enrolment");
  }
  return absl::OkStatus();
}

absl::StatusOr<FeedbackAggregate> FeedbackStore::Aggregate(db::Tx& tx, const UnitRef& unit,
                                                           int version, absl::Time since,
                                                           bool with_comments) {
  const int64_t from = SinceMicros(since);
  pqxx::result r = tx.Exec(kAggregate, unit.institution_id, unit.unit_id, from, version);
  FeedbackAggregate a;
  a.count = r[0][0].as<int>();
  a.means.set_relevance(r[0][1].as<double>());
  a.means.set_clarity(r[0][2].as<double>());
  a.means.set_assessment(r[0][3].as<double>());
  a.means.set_workload(r[0][4].as<double>());
  a.mean = (a.means.relevance() + a.means.clarity() + a.means.assessment() + a.means.workload()) / 4;
  if (with_comments) {
    for (const auto& row : tx.Exec(kComments, unit.institution_id, unit.unit_id, from, version)) {
      a.comments.push_back(row[0].as<std::string>());
    }
  }
  return a;
}

}  // namespace valohub::quality
