#include "services/runtime/authorization.h"

#include "services/runtime/status.h"

namespace valohub {

bool IsOperator(const Principal& p) { return !p.anonymous() && p.HasRole(kHubOperator); }

absl::Status RequireCaller(const Principal& p) {
  if (p.anonymous()) {
    return Error(absl::StatusCode::kUnauthenticated, "CREDENTIALS_REQUIRED",
                 "this call needs an access token");
  }
  return absl::OkStatus();
}

absl::Status RequireTenant(const Principal& p, const std::string& institution_id) {
  if (absl::Status s = RequireCaller(p); !s.ok()) return s;
  if (IsOperator(p) || (!p.institution.empty() && p.institution == institution_id)) {
    return absl::OkStatus();
  }
  return Error(absl::StatusCode::kPermissionDenied, "OTHER_INSTITUTION",
               "the caller may not access institutions/" + institution_id);
}

absl::Status RequireRole(const Principal& p, std::initializer_list<const char*> roles,
                         const std::string& action) {
  if (absl::Status s = RequireCaller(p); !s.ok()) return s;
  if (IsOperator(p)) return absl::OkStatus();
  for (const char* role : roles) {
    if (p.HasRole(role)) return absl::OkStatus();
  }
  return Error(absl::StatusCode::kPermissionDenied, "ROLE_REQUIRED",
               "the caller's roles do not allow " + action);
}

bool IsSelf(const Principal& p, const std::string& institution_id, const std::string& person_id) {
  return !p.anonymous() && !p.person.empty() && p.institution == institution_id &&
         p.person == person_id;
}

CallContext ServiceCall(const std::string& subject, const std::string& institution,
                        const std::string& request_id, absl::Time deadline) {
  CallContext call;
  call.request_id = request_id;
  call.deadline = deadline;
  call.principal.subject = subject;
  call.principal.institution = institution;
  call.principal.roles = {kServiceRole};
  return call;
}

}  // namespace valohub
