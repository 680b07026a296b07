// Internal to the quality service: name parsing and the authorization rules shared by the files
// that implement QualityService (quality_service*.cc).
#ifndef VALOHUB_SERVICES_QUALITY_QUALITY_SERVICE_SUPPORT_H_
#define VALOHUB_SERVICES_QUALITY_QUALITY_SERVICE_SUPPORT_H_

#include <string>

#include "absl/time/time.h"
#include "services/quality/review_store.h"
#include "services/runtime/authorization.h"
#include "services/runtime/resource_name.h"
#include "services/runtime/status.h"
#include "services/runtime/timestamps.h"
#include "valohub/quality/v1/quality.pb.h"

namespace valohub::quality {

// The audit trail's actor for what the service does by itself ("hub", "automatic-checks").
inline Principal SystemActor(const std::string& subject) {
  Principal p;
  p.subject = subject;
  return p;
}

// institutions/{i}/units/{u} followed by `suffix` ("", "/quality", "/feedbackSummary").
inline absl::StatusOr<UnitRef> ParseUnitRef(const std::string& name, const std::string& suffix,
                                            const std::string& field) {
  auto ids = ParseName(name, "institutions/*/units/*" + suffix, field);
  if (!ids.ok()) return ids.status();
  return UnitRef{(*ids)[0], (*ids)[1]};
}

// reviews/{uuid}: the id.
absl::StatusOr<std::string> ParseReview(const std::string& name, const std::string& field);

// Hub operators and quality coordinators run the reviews.
inline bool IsCoordinator(const Principal& p) {
  return IsOperator(p) || (!p.anonymous() && p.HasRole(kQualityCoordinator));
}

// Institution admins and managers of the providing institution (and hub operators).
inline bool IsProviderStaff(const Principal& p, const std::string& institution_id) {
  return IsOperator(p) || (!p.anonymous() && p.institution == institution_id &&
                           (p.HasRole(kInstitutionAdmin) || p.HasRole(kManager)));
}

// The caller as a person name, institutions/{i}/people/{p}; empty for callers who are no person.
inline std::string PersonName(const Principal& p) {
  if (p.anonymous() || p.person.empty() || p.institution.empty()) return "";
  return "institutions/" + p.institution + "/people/" + p.person;
}

inline absl::Status NotAllowed(const std::string& what) {
  return Error(absl::StatusCode::kPermissionDenied, "NOT_ALLOWED", "the caller may not " + what);
}

inline absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixMicros(ToMicros(t));
}
inline void ToProto(absl::Time t, google::protobuf::Timestamp* out) {
  SetMicros(absl::ToUnixMicros(t), out);
}

}  // namespace valohub::quality

#endif  // VALOHUB_SERVICES_QUALITY_QUALITY_SERVICE_SUPPORT_H_
