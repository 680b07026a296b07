// Internal to the competence service: helpers shared by the files that implement
// CompetenceService (competence_service*.cc) — transactions with request ids, name parsing, and
// the person-level authorization rules. Not part of the service's interface.
#ifndef VALOHUB_SERVICES_COMPETENCE_COMPETENCE_SERVICE_SUPPORT_H_
#define VALOHUB_SERVICES_COMPETENCE_COMPETENCE_SERVICE_SUPPORT_H_


#include <google/protobuf/util/message_differencer.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/competence/api_key_store.h"
#include "services/competence/assessment_store.h"
#include "services/competence/case_codec.h"
#include "services/competence/competence_rules.h"
#include "services/competence/development_need_store.h"
#include "services/runtime/etag.h"
#include "services/competence/framework_store.h"
#include "services/competence/institution_store.h"
#include "services/competence/person_store.h"
#include "services/runtime/request_log.h"
#include "services/runtime/authorization.h"
#include "services/runtime/pagination.h"
#include "services/runtime/resource_name.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"
#include "services/runtime/update_mask.h"

#include "services/competence/competence_service.h"

// Helpers of the CompetenceService implementation files only.
namespace valohub::competence {


inline constexpr char kErrorDomain[] = "competence.valohub.fi";

inline const std::vector<std::string> kInstitutionMutable = {"display_name", "kind", "business_id",
                                                      "region"};
inline const std::vector<std::string> kPersonMutable = {"display_name",   "email",
                                                 "roles",          "teaching_field",
                                                 "employment_start_date", "external_id"};
inline const std::vector<std::string> kFrameworkMutable = {"display_name", "description", "version",
                                                    "creator",      "levels",      "items"};
inline const std::vector<std::string> kNeedMutable = {"competence", "priority", "description"};

inline absl::StatusOr<PersonKey> ParsePerson(const std::string& name, const std::string& field) {
  auto ids = ParseName(name, "institutions/*/people/*", field);
  if (!ids.ok()) return ids.status();
  return PersonKey{(*ids)[0], (*ids)[1]};
}

struct CompetenceRef {
  std::string framework_id;
  std::string code;
};

inline absl::StatusOr<CompetenceRef> ParseCompetence(const std::string& name, const std::string& field) {
  std::vector<std::string> parts;
  constexpr absl::string_view kPrefix = "frameworks/";
  size_t slash = name.find("/competences/");
  if (name.rfind(kPrefix.data(), 0) != 0 || slash == std::string::npos) {
    return InvalidArgument(
        {{field, name.empty() ? "is required"
                              : "must be a name of the form frameworks/*/competences/*"}});
  }
  CompetenceRef ref{name.substr(kPrefix.size(), slash - kPrefix.size()),
                    name.substr(slash + std::string("/competences/").size())};
  if (!IsValidId(ref.framework_id) || !IsCode(ref.code)) {
    return InvalidArgument({{field, "must be a name of the form frameworks/*/competences/*"}});
  }
  return ref;
}

// A competence that assessments and needs may refer to: of a PUBLISHED framework; with `level`,
// that level must be on the framework's scale.
inline absl::Status CheckCompetenceUsable(db::Tx& tx, const CompetenceRef& ref, const std::string& level,
                                   const std::string& competence_field,
                                   const std::string& level_field) {
  auto check = FrameworkStore::Check(tx, ref.framework_id, ref.code, level);
  if (!check.ok()) return check.status();
  if (!check->framework_exists || !check->competence_exists) {
    return InvalidArgument({{competence_field, "names no competence of any framework"}});
  }
  if (check->status != v1::PUBLISHED) {
    return Error(absl::StatusCode::kFailedPrecondition, "FRAMEWORK_NOT_PUBLISHED",
                 "frameworks/" + ref.framework_id + " is not PUBLISHED");
  }
  if (!level_field.empty() && !check->level_exists) {
    return InvalidArgument({{level_field, "is not a level of the framework's proficiency scale"}});
  }
  return absl::OkStatus();
}

inline absl::StatusOr<int64_t> ParseRequiredEtag(const std::string& etag, const std::string& field) {
  return ParseEtag(etag, field);
}

// What a caller wants to do with a person's data.
enum class PersonAccess {
  kRead,      // institution admins, managers, the person themself
  kWriteOwn,  // institution admins, the person themself
  kAdmin,     // institution admins
};

inline absl::Status DenyPerson(const PersonKey& key, const std::string& action) {
  return Error(absl::StatusCode::kPermissionDenied, "NOT_ALLOWED",
               "the caller may not " + action + " institutions/" + key.institution_id +
                   "/people/" + key.person_id);
}

inline absl::Status AuthorizePerson(const Principal& p, const PersonKey& key, PersonAccess access,
                             const std::string& action) {
  if (absl::Status s = RequireTenant(p, key.institution_id); !s.ok()) return s;
  if (IsOperator(p) || p.HasRole(kInstitutionAdmin)) return absl::OkStatus();
  const bool self = IsSelf(p, key.institution_id, key.person_id);
  switch (access) {
    case PersonAccess::kRead:
      if (self || p.HasRole(kManager)) return absl::OkStatus();
      break;
    case PersonAccess::kWriteOwn:
      if (self) return absl::OkStatus();
      break;
    case PersonAccess::kAdmin:
      break;
  }
  return DenyPerson(key, action);
}

inline absl::Status AuthorizeInstitutionAdmin(const Principal& p, const std::string& institution_id,
                                       const std::string& action) {
  if (absl::Status s = RequireTenant(p, institution_id); !s.ok()) return s;
  return RequireRole(p, {kInstitutionAdmin}, action);
}

// Fields of their own person record that a staff member may change; the rest (roles, external
// id, employment data) are the institution admin's.
inline const std::vector<std::string> kSelfEditable = {"display_name", "email", "teaching_field"};

// Fills in CASE identifiers that the client left empty.
inline void AssignIdentifiers(v1::Framework& f) {
  if (f.case_identifier().empty()) f.set_case_identifier(NewUuid());
  for (auto& item : *f.mutable_items()) {
    if (item.case_identifier().empty()) item.set_case_identifier(NewUuid());
  }
}


}  // namespace valohub::competence

#endif  // VALOHUB_SERVICES_COMPETENCE_COMPETENCE_SERVICE_SUPPORT_H_
