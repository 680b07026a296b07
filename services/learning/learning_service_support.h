// Internal to the learning service: name parsing and authorization rules shared by the files
// that implement LearningService (learning_service*.cc).
#ifndef VALOHUB_SERVICES_LEARNING_LEARNING_SERVICE_SUPPORT_H_
#define VALOHUB_SERVICES_LEARNING_LEARNING_SERVICE_SUPPORT_H_

#include <string>

#include "services/learning/enrolment_store.h"
#include "services/learning/unit_store.h"
#include "services/runtime/authorization.h"
#include "services/runtime/resource_name.h"
#include "services/runtime/status.h"

namespace valohub::learning {

inline constexpr char kErrorDomain[] = "learning.valohub.fi";

inline absl::StatusOr<UnitKey> ParseUnit(const std::string& name, const std::string& field) {
  auto ids = ParseName(name, "institutions/*/units/*", field);
  if (!ids.ok()) return ids.status();
  return UnitKey{(*ids)[0], (*ids)[1]};
}

inline absl::StatusOr<EnrolmentKey> ParseEnrolment(const std::string& name,
                                                   const std::string& field) {
  auto ids = ParseName(name, "institutions/*/units/*/enrolments/*", field);
  if (!ids.ok()) return ids.status();
  return EnrolmentKey{{(*ids)[0], (*ids)[1]}, (*ids)[2]};
}

// Provider staff: institution admins and managers of the unit's institution.
inline bool IsProviderStaff(const Principal& p, const std::string& institution_id) {
  return IsOperator(p) || (p.institution == institution_id &&
                           (p.HasRole(kInstitutionAdmin) || p.HasRole(kManager)));
}

inline absl::Status AuthorizeProvider(const Principal& p, const std::string& institution_id,
                                      const std::string& action) {
  if (absl::Status s = RequireTenant(p, institution_id); !s.ok()) return s;
  return RequireRole(p, {kInstitutionAdmin, kManager}, action);
}

// The person themself, or an admin of the person's institution.
inline bool ActsForPerson(const Principal& p, const std::string& institution_id,
                          const std::string& person_id) {
  return IsOperator(p) || IsSelf(p, institution_id, person_id) ||
         (p.institution == institution_id && p.HasRole(kInstitutionAdmin));
}

inline absl::Status NotAllowed(const std::string& what) {
  return Error(absl::StatusCode::kPermissionDenied, "NOT_ALLOWED", "the caller may not " + what);
}

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_LEARNING_SERVICE_SUPPORT_H_
