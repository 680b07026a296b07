#include "services/learning/unit_store.h"

#include <pqxx/binarystring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/learning/unit_rules.h"
#include "services/runtime/etag.h"
#include "services/runtime/page_rows.h"
#include "services/runtime/pg_array.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"

namespace valohub::learning {
namespace {

// The quality label: status, model, model version, decision time and valid-until (microseconds,
// 0 for none); an empty status when the quality service never reported on the unit.
#define LABEL_COLUMNS                                                                  \
  "coalesce(q.status, ''), coalesce(q.model, ''), coalesce(q.model_version, 0), "     \
  "coalesce((extract(epoch from q.decision_time) * 1000000)::bigint, 0), "            \
  "coalesce((extract(epoch from q.valid_until) * 1000000)::bigint, 0) "
#define UNIT_COLUMNS                                                                   \
  "v.seq, v.institution_id, v.unit_id, v.unit_version, v.state, v.content, "          \
  "u.published_version, u.version, (extract(epoch from u.create_time) * 1000000)::bigint, " \
  "(extract(epoch from v.update_time) * 1000000)::bigint, "                           \
  "coalesce((extract(epoch from v.publish_time) * 1000000)::bigint, 0), "             \
  "coalesce(i.display_name, ''), " LABEL_COLUMNS
#define UNIT_FROM                                                                      \
  " FROM learning.unit_versions v JOIN learning.units u USING (institution_id, unit_id) " \
  "LEFT JOIN learning.issuers i ON i.institution_id = v.institution_id "                 \
  "LEFT JOIN learning.unit_quality q "                                                   \
  "ON q.institution_id = v.institution_id AND q.unit_id = v.unit_id "

constexpr db::Query kInsertUnit{"unit_insert",
                                "INSERT INTO learning.units (institution_id, unit_id) "
                                "VALUES ($1, $2)"};
constexpr db::Query kInsertVersion{
    "unit_version_insert",
    "INSERT INTO learning.unit_versions (institution_id, unit_id, unit_version, state, content, "
    "search_text, competences, languages, eqf_level, ects_equivalent, participation_mode, pacing) "
    "VALUES ($1, $2, $3, 'DRAFT', $4, $5, $6::text[], $7::text[], $8, $9, $10, $11)"};
constexpr db::Query kGet{"unit_get",
                         "SELECT " UNIT_COLUMNS UNIT_FROM
                         "WHERE v.institution_id = $1 AND v.unit_id = $2 AND "
                         "v.unit_version = CASE WHEN $3 = 0 THEN u.latest_version ELSE $3 END"};
constexpr db::Query kExists{"unit_exists",
                            "SELECT latest_version FROM learning.units "
                            "WHERE institution_id = $1 AND unit_id = $2"};
constexpr db::Query kList{"unit_list",
                          "SELECT u.seq, v.institution_id, v.unit_id, v.unit_version, v.state, "
                          "v.content, u.published_version, u.version, "
                          "(extract(epoch from u.create_time) * 1000000)::bigint, "
                          "(extract(epoch from v.update_time) * 1000000)::bigint, "
                          "coalesce((extract(epoch from v.publish_time) * 1000000)::bigint, 0), "
                          "coalesce(i.display_name, ''), " LABEL_COLUMNS UNIT_FROM
                          "WHERE u.institution_id = $1 AND v.unit_version = u.latest_version "
                          "AND u.seq > $2 ORDER BY u.seq LIMIT $3"};
constexpr db::Query kLock{"unit_lock",
                          "SELECT u.latest_version, u.published_version, u.version, v.state "
                          "FROM learning.units u JOIN learning.unit_versions v "
                          "ON v.institution_id = u.institution_id AND v.unit_id = u.unit_id "
                          "AND v.unit_version = u.latest_version "
                          "WHERE u.institution_id = $1 AND u.unit_id = $2 FOR UPDATE OF u"};
constexpr db::Query kReplace{
    "unit_version_replace",
    "UPDATE learning.unit_versions SET content = $4, search_text = $5, competences = $6::text[], "
    "languages = $7::text[], eqf_level = $8, ects_equivalent = $9, participation_mode = $10, "
    "pacing = $11, update_time = now() "
    "WHERE institution_id = $1 AND unit_id = $2 AND unit_version = $3 AND state = 'DRAFT'"};
constexpr db::Query kSetLatest{"unit_set_latest",
                               "UPDATE learning.units SET latest_version = $3 "
                               "WHERE institution_id = $1 AND unit_id = $2"};
constexpr db::Query kSetState{
    "unit_version_set_state",
    "UPDATE learning.unit_versions SET state = $4, update_time = now(), "
    "publish_time = CASE WHEN $4 = 'PUBLISHED' THEN now() ELSE publish_time END "
    "WHERE institution_id = $1 AND unit_id = $2 AND unit_version = $3"};
constexpr db::Query kSetPublished{"unit_set_published",
                                  "UPDATE learning.units SET published_version = $3 "
                                  "WHERE institution_id = $1 AND unit_id = $2"};
constexpr db::Query kTouch{"unit_touch",
                           "UPDATE learning.units SET version = version + 1, update_time = now() "
                           "WHERE institution_id = $1 AND unit_id = $2"};
constexpr db::Query kDelete{"unit_delete",
                            "DELETE FROM learning.units WHERE institution_id = $1 AND unit_id = $2"};
// The catalogue in two steps: the page's keys from the published versions in seq order (an
// index walk that reads no content), then the rows of just those. Text searches have their own
// statement so that the query is parsed once and the GIN index can be used.
#define CATALOGUE_FILTERS                                                        \
  "v.state = 'PUBLISHED' AND v.seq > $1 "                                        \
  "AND ($3 = '' OR v.competences @> ARRAY[$3]::text[]) "                         \
  "AND ($4::int = 0 OR v.eqf_level = $4::int) "                                  \
  "AND ($5::float8 = 0 OR v.ects_equivalent >= $5::float8) "                     \
  "AND ($6::float8 = 0 OR v.ects_equivalent <= $6::float8) "                     \
  "AND ($7 = '' OR v.languages @> ARRAY[$7]::text[]) "                           \
  "AND ($8 = '' OR v.participation_mode = $8) "                                  \
  "AND ($9 = '' OR v.pacing = $9) "                                              \
  "AND ($10 = '' OR v.institution_id = $10) "                                    \
  "AND NOT EXISTS (SELECT 1 FROM learning.unit_quality uq "                      \
  "WHERE uq.institution_id = v.institution_id AND uq.unit_id = v.unit_id "       \
  "AND (uq.status <> 'APPROVED' OR uq.valid_until <= now())) "
#define CATALOGUE_PAGE                                                                      \
  ") SELECT " UNIT_COLUMNS UNIT_FROM                                                        \
  "JOIN hits h ON h.institution_id = v.institution_id AND h.unit_id = v.unit_id "           \
  "AND h.unit_version = v.unit_version ORDER BY v.seq"

constexpr db::Query kSearch{
    "catalogue_search",
    "WITH hits AS (SELECT v.institution_id, v.unit_id, v.unit_version "
    "FROM learning.unit_versions v WHERE $2 = '' AND " CATALOGUE_FILTERS
    "ORDER BY v.seq LIMIT $11" CATALOGUE_PAGE};
constexpr db::Query kSearchText{
    "catalogue_search_text",
    "WITH hits AS (SELECT v.institution_id, v.unit_id, v.unit_version "
    "FROM learning.unit_versions v, plainto_tsquery('simple', $2) q "
    "WHERE v.search @@ q AND " CATALOGUE_FILTERS "ORDER BY v.seq LIMIT $11" CATALOGUE_PAGE};

v1::Unit FromRow(const pqxx::row& row) {
  v1::Unit out;
  pqxx::binarystring content(row[5]);
  out.ParseFromArray(content.data(), static_cast<int>(content.size()));
  out.set_name("institutions/" + row[1].as<std::string>() + "/units/" + row[2].as<std::string>());
  out.set_version(row[3].as<int>());
  v1::UnitState state = v1::UNIT_STATE_UNSPECIFIED;
  v1::UnitState_Parse(row[4].as<std::string>(), &state);
  out.set_state(state);
  out.set_published_version(row[6].as<int>());
  out.set_etag(MakeEtag(row[7].as<int64_t>()));
  SetMicros(row[8].as<int64_t>(), out.mutable_create_time());
  SetMicros(row[9].as<int64_t>(), out.mutable_update_time());
  if (int64_t p = row[10].as<int64_t>(); p != 0) SetMicros(p, out.mutable_publish_time());
  out.set_provider_display_name(row[11].as<std::string>());
  if (std::string status = row[12].as<std::string>(); !status.empty()) {
    v1::QualityLabel* label = out.mutable_quality();
    const int64_t valid_until = row[16].as<int64_t>();
    // An approval ends at its valid_until whether or not the quality service has said so yet.
    label->set_status(status == "APPROVED" && valid_until != 0 &&
                              valid_until <= absl::ToUnixMicros(absl::Now())
                          ? "EXPIRED"
                          : status);
    label->set_model(row[13].as<std::string>());
    label->set_model_version(row[14].as<int>());
    if (int64_t t = row[15].as<int64_t>(); t != 0) SetMicros(t, label->mutable_decision_time());
    if (valid_until != 0) SetMicros(valid_until, label->mutable_valid_until());
  } else {
    out.mutable_quality()->set_status("NOT_REVIEWED");
  }
  return out;
}

struct SearchColumns {
  std::string text, competences, languages;
  int eqf;
  double ects;
  std::string mode, pacing;
};

SearchColumns ColumnsOf(const v1::Unit& u) {
  std::vector<std::string> competences, languages;
  for (const auto& a : u.alignments()) competences.push_back(a.competence());
  for (const auto& l : u.languages()) languages.push_back(absl::AsciiStrToLower(l));
  return {SearchText(u),
          db::TextArray(competences),
          db::TextArray(languages),
          u.eqf_level(),
          EctsEquivalent(u.workload()),
          v1::ParticipationMode_Name(u.participation_mode()),
          v1::Pacing_Name(u.pacing())};
}

absl::Status Missing(const UnitKey& key) {
  return Error(absl::StatusCode::kNotFound, "UNIT_NOT_FOUND", key.Name() + " does not exist");
}

}  // namespace

std::vector<db::Query> UnitStore::Queries() {
  return {kInsertUnit, kInsertVersion, kGet,          kExists, kList,  kLock,  kReplace,
          kSetLatest,  kSetState,      kSetPublished, kTouch,  kDelete, kSearch, kSearchText};
}

absl::StatusOr<v1::Unit> UnitStore::Insert(db::Tx& tx, const UnitKey& key,
                                           const v1::Unit& content) {
  try {
    tx.Exec(kInsertUnit, key.institution_id, key.unit_id);
  } catch (const pqxx::unique_violation&) {
    return Error(absl::StatusCode::kAlreadyExists, "UNIT_ID_TAKEN",
                 key.Name() + " already exists");
  }
  if (absl::Status s = AddVersion(tx, key, 1, content); !s.ok()) return s;
  return Get(tx, key, 1);
}

absl::StatusOr<v1::Unit> UnitStore::Get(db::Tx& tx, const UnitKey& key, int version) {
  pqxx::result r = tx.Exec(kGet, key.institution_id, key.unit_id, version);
  if (r.empty()) {
    if (version != 0 && !tx.Exec(kExists, key.institution_id, key.unit_id).empty()) {
      return Error(absl::StatusCode::kNotFound, "UNIT_VERSION_NOT_FOUND",
                   absl::StrCat(key.Name(), " has no version ", version));
    }
    return Missing(key);
  }
  return FromRow(r[0]);
}

absl::StatusOr<std::vector<v1::Unit>> UnitStore::List(db::Tx& tx,
                                                      const std::string& institution_id,
                                                      const Page& page, int64_t* next_seq) {
  pqxx::result r = tx.Exec(kList, institution_id, page.after_seq, page.size + 1);
  std::vector<v1::Unit> out;
  *next_seq = CollectPage(r, page, FromRow, &out);
  return out;
}

absl::StatusOr<UnitHead> UnitStore::Lock(db::Tx& tx, const UnitKey& key) {
  pqxx::result r = tx.Exec(kLock, key.institution_id, key.unit_id);
  if (r.empty()) return Missing(key);
  UnitHead head;
  head.latest_version = r[0][0].as<int>();
  head.published_version = r[0][1].as<int>();
  head.row_version = r[0][2].as<int64_t>();
  v1::UnitState_Parse(r[0][3].as<std::string>(), &head.latest_state);
  return head;
}

absl::Status UnitStore::ReplaceContent(db::Tx& tx, const UnitKey& key, int version,
                                       const v1::Unit& content) {
  SearchColumns c = ColumnsOf(content);
  tx.Exec(kReplace, key.institution_id, key.unit_id, version,
          pqxx::binarystring(content.SerializeAsString()), c.text, c.competences, c.languages,
          c.eqf, c.ects, c.mode, c.pacing);
  return Touch(tx, key);
}

absl::Status UnitStore::AddVersion(db::Tx& tx, const UnitKey& key, int version,
                                   const v1::Unit& content) {
  SearchColumns c = ColumnsOf(content);
  tx.Exec(kInsertVersion, key.institution_id, key.unit_id, version,
          pqxx::binarystring(content.SerializeAsString()), c.text, c.competences, c.languages,
          c.eqf, c.ects, c.mode, c.pacing);
  tx.Exec(kSetLatest, key.institution_id, key.unit_id, version);
  return Touch(tx, key);
}

absl::Status UnitStore::SetState(db::Tx& tx, const UnitKey& key, int version,
                                 v1::UnitState state) {
  tx.Exec(kSetState, key.institution_id, key.unit_id, version, v1::UnitState_Name(state));
  if (state == v1::PUBLISHED) tx.Exec(kSetPublished, key.institution_id, key.unit_id, version);
  if (state == v1::RETIRED) tx.Exec(kSetPublished, key.institution_id, key.unit_id, 0);
  return Touch(tx, key);
}

absl::Status UnitStore::Touch(db::Tx& tx, const UnitKey& key) {
  tx.Exec(kTouch, key.institution_id, key.unit_id);
  return absl::OkStatus();
}

absl::Status UnitStore::Delete(db::Tx& tx, const UnitKey& key) {
  tx.Exec(kDelete, key.institution_id, key.unit_id);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Unit>> UnitStore::Search(db::Tx& tx, const CatalogueQuery& q,
                                                        const Page& page, int64_t* next_seq) {
  pqxx::result r = tx.Exec(q.text.empty() ? kSearch : kSearchText, page.after_seq, q.text, q.competence, q.eqf_level,
                           q.min_ects, q.max_ects, absl::AsciiStrToLower(q.language),
                           q.participation_mode, q.pacing, q.provider, page.size + 1);
  std::vector<v1::Unit> out;
  *next_seq = CollectPage(r, page, FromRow, &out);
  return out;
}

}  // namespace valohub::learning
