#include "services/competence/assessment_store.h"

#include "services/runtime/etag.h"
#include "services/runtime/page_rows.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"

namespace valohub::competence {
namespace {

#define ASSESSMENT_COLUMNS                                                       \
  "seq, institution_id, person_id, id, framework_id, competence_code, level_code, " \
  "source, (extract(epoch from assess_time) * 1000000)::bigint, note, evidence_uri, " \
  "(extract(epoch from create_time) * 1000000)::bigint"

constexpr db::Query kInsert{
    "assessment_insert",
    "INSERT INTO competence.assessments (institution_id, person_id, id, framework_id, "
    "competence_code, level_code, source, assess_time, note, evidence_uri) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, "
    "CASE WHEN $8::bigint = 0 THEN now() "
    "ELSE 'epoch'::timestamptz + $8::bigint * interval '1 microsecond' END, $9, $10) "
    "RETURNING " ASSESSMENT_COLUMNS};
constexpr db::Query kGet{"assessment_get",
                         "SELECT " ASSESSMENT_COLUMNS " FROM competence.assessments "
                         "WHERE institution_id = $1 AND person_id = $2 AND id = $3"};
constexpr db::Query kList{"assessment_list",
                          "SELECT " ASSESSMENT_COLUMNS " FROM competence.assessments "
                          "WHERE institution_id = $1 AND person_id = $2 "
                          "AND ($3::bigint = 0 OR seq < $3::bigint) "
                          "ORDER BY seq DESC LIMIT $4"};
// The latest by assess_time (then by recording order) per competence and source.
constexpr db::Query kProfile{
    "assessment_profile",
    "SELECT DISTINCT ON (framework_id, competence_code, source) " ASSESSMENT_COLUMNS
    " FROM competence.assessments WHERE institution_id = $1 AND person_id = $2 "
    "ORDER BY framework_id, competence_code, source, assess_time DESC, seq DESC"};

v1::Assessment FromRow(const pqxx::row& row) {
  v1::Assessment out;
  out.set_name("institutions/" + row[1].as<std::string>() + "/people/" +
               row[2].as<std::string>() + "/assessments/" + row[3].as<std::string>());
  out.set_competence("frameworks/" + row[4].as<std::string>() + "/competences/" +
                     row[5].as<std::string>());
  out.set_level(row[6].as<std::string>());
  out.set_source(static_cast<v1::Assessment::Source>(row[7].as<int>()));
  SetMicros(row[8].as<int64_t>(), out.mutable_assess_time());
  out.set_note(row[9].as<std::string>());
  out.set_evidence_uri(row[10].as<std::string>());
  SetMicros(row[11].as<int64_t>(), out.mutable_create_time());
  out.set_etag(MakeEtag(1));
  return out;
}

}  // namespace

std::vector<db::Query> AssessmentStore::Queries() { return {kInsert, kGet, kList, kProfile}; }

absl::StatusOr<v1::Assessment> AssessmentStore::Insert(db::Tx& tx, const PersonKey& person,
                                                       const std::string& id,
                                                       const std::string& framework_id,
                                                       const std::string& code,
                                                       const v1::Assessment& a) {
  int64_t assess_micros = a.has_assess_time() ? ToMicros(a.assess_time()) : 0;
  return FromRow(tx.Exec(kInsert, person.institution_id, person.person_id, id, framework_id,
                         code, a.level(), static_cast<int>(a.source()), assess_micros, a.note(),
                         a.evidence_uri())[0]);
}

absl::StatusOr<v1::Assessment> AssessmentStore::Get(db::Tx& tx, const PersonKey& person,
                                                    const std::string& id) {
  pqxx::result r = tx.Exec(kGet, person.institution_id, person.person_id, id);
  if (r.empty()) {
    return Error(absl::StatusCode::kNotFound, "ASSESSMENT_NOT_FOUND",
                 "institutions/" + person.institution_id + "/people/" + person.person_id +
                     "/assessments/" + id + " does not exist");
  }
  return FromRow(r[0]);
}

absl::StatusOr<AssessmentPage> AssessmentStore::List(db::Tx& tx, const PersonKey& person,
                                                     const Page& page) {
  pqxx::result r =
      tx.Exec(kList, person.institution_id, person.person_id, page.after_seq, page.size + 1);
  AssessmentPage out;
  out.next_after_seq = CollectPage(r, page, FromRow, &out.assessments);
  return out;
}

absl::StatusOr<v1::CompetenceProfile> AssessmentStore::Profile(db::Tx& tx,
                                                               const PersonKey& person) {
  v1::CompetenceProfile profile;
  profile.set_name("institutions/" + person.institution_id + "/people/" + person.person_id +
                   "/competenceProfile");
  v1::CompetenceLevels* current = nullptr;
  for (const auto& row : tx.Exec(kProfile, person.institution_id, person.person_id)) {
    v1::Assessment a = FromRow(row);
    if (current == nullptr || current->competence() != a.competence()) {
      current = profile.add_competences();
      current->set_competence(a.competence());
    }
    v1::SourceLevel* level = nullptr;
    switch (a.source()) {
      case v1::Assessment::SELF: level = current->mutable_self(); break;
      case v1::Assessment::MANAGER: level = current->mutable_manager(); break;
      case v1::Assessment::PEER: level = current->mutable_peer(); break;
      case v1::Assessment::EVIDENCE: level = current->mutable_evidence(); break;
      default: continue;
    }
    level->set_level(a.level());
    *level->mutable_assess_time() = a.assess_time();
    level->set_assessment(a.name());
  }
  return profile;
}

}  // namespace valohub::competence
