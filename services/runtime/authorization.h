// The role model every hub service applies to every call (the gateway authenticates; services
// authorize, so a call that reaches a service some other way gets nothing it should not):
//   HUB_OPERATOR       everything, in every institution
//   INSTITUTION_ADMIN  everything in their own institution
//   MANAGER            reads their institution's staff data, records manager assessments
//   TEACHER            their own person only, and their institution's published data
//   SERVICE            hub services acting for the hub among themselves (credential evidence,
//                      API key checks, the quality feed, reviewer lookups); never from a token
//   QUALITY_COORDINATOR runs the national quality reviews: assigns reviewers and decides, but
//                      never on a unit of their own institution
//   REVIEWER           scores the reviews they are assigned to
// The tenant is checked before anything is looked up, so a caller from institution A asking
// for anything under institution B gets PERMISSION_DENIED whether or not it exists.
#ifndef VALOHUB_SERVICES_RUNTIME_AUTHORIZATION_H_
#define VALOHUB_SERVICES_RUNTIME_AUTHORIZATION_H_

#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "services/runtime/call_context.h"

namespace valohub {

inline constexpr char kHubOperator[] = "HUB_OPERATOR";
inline constexpr char kInstitutionAdmin[] = "INSTITUTION_ADMIN";
inline constexpr char kManager[] = "MANAGER";
inline constexpr char kTeacher[] = "TEACHER";
inline constexpr char kServiceRole[] = "SERVICE";
inline constexpr char kQualityCoordinator[] = "QUALITY_COORDINATOR";
inline constexpr char kReviewer[] = "REVIEWER";

bool IsOperator(const Principal& p);

// UNAUTHENTICATED for an anonymous caller.
absl::Status RequireCaller(const Principal& p);

// Anonymous: UNAUTHENTICATED. Otherwise OK for a hub operator or a member of `institution_id`,
// else PERMISSION_DENIED (without saying whether anything exists there).
absl::Status RequireTenant(const Principal& p, const std::string& institution_id);

// OK when the caller has one of `roles` (hub operators always pass); PERMISSION_DENIED naming
// `action` otherwise.
absl::Status RequireRole(const Principal& p, std::initializer_list<const char*> roles,
                         const std::string& action);

// The context of a call a hub service makes for the hub among the services: as `subject`
// ("service:learning") with the SERVICE role, acting in `institution` (empty: hub-wide), with
// `request_id` and `deadline`.
CallContext ServiceCall(const std::string& subject, const std::string& institution,
                        const std::string& request_id, absl::Time deadline);

// The caller is the person `person_id` of `institution_id`.
bool IsSelf(const Principal& p, const std::string& institution_id, const std::string& person_id);

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_AUTHORIZATION_H_
