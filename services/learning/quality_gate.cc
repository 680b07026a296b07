#include "services/learning/quality_gate.h"

#include "absl/strings/str_join.h"
#include "services/learning/unit_rules.h"
#include "services/runtime/status.h"

namespace valohub::learning {
namespace {

// The local completeness check, for the gates that have no quality service to ask.
absl::Status CheckComplete(const v1::Unit& unit) {
  Violations v;
  CheckUnit(unit, "unit.", v);
  absl::Status s = v.ToStatus();
  if (s.ok()) return s;
  return AutomaticChecksFailed(unit.name(), std::string(s.message()), FieldViolations(s));
}

}  // namespace

absl::Status AutomaticChecksFailed(const std::string& unit, const std::string& detail,
                                   const std::vector<FieldViolation>& violations) {
  return WithFieldViolations(
      Error(absl::StatusCode::kFailedPrecondition, "AUTOMATIC_CHECKS_FAILED",
            unit + " failed the automatic quality checks and is left as it was; complete it "
                   "and submit it again: " + detail),
      violations);
}

absl::Status ClosedQualityGate::Submit(const CallContext& call, const v1::Unit& unit,
                                       const std::string& digest) {
  return CheckComplete(unit);
}

// No quality service holds a review to withdraw.
absl::Status ClosedQualityGate::Withdraw(const CallContext& call, const std::string& unit,
                                        int version, const std::string& digest,
                                        const std::string& reason) {
  return absl::OkStatus();
}

absl::StatusOr<Approval> ClosedQualityGate::CheckPublishable(const CallContext& call,
                                                             const std::string& unit, int version,
                                                             const std::string& digest) {
  return Error(absl::StatusCode::kFailedPrecondition, "QUALITY_GATE_CLOSED",
               "publishing " + unit + " needs a valid quality approval, and no quality service "
               "is configured to give one; nothing is published without it");
}

absl::Status ClosedQualityGate::CheckIssuable(const CallContext& call, const std::string& unit,
                                              int version) {
  return Error(absl::StatusCode::kFailedPrecondition, "QUALITY_GATE_CLOSED",
               "credentials of " + unit + " need a valid quality approval, and no quality "
               "service is configured to give one; nothing is issued without it");
}

absl::Status DevelopmentQualityGate::Submit(const CallContext& call, const v1::Unit& unit,
                                            const std::string& digest) {
  return CheckComplete(unit);
}

// No quality service holds a review to withdraw.
absl::Status DevelopmentQualityGate::Withdraw(const CallContext& call, const std::string& unit,
                                             int version, const std::string& digest,
                                             const std::string& reason) {
  return absl::OkStatus();
}

absl::StatusOr<Approval> DevelopmentQualityGate::CheckPublishable(const CallContext& call,
                                                                  const std::string& unit,
                                                                  int version,
                                                                  const std::string& digest) {
  Approval a;
  a.label.set_status("APPROVED");
  a.label.set_model("development");
  return a;
}

absl::Status DevelopmentQualityGate::CheckIssuable(const CallContext& call,
                                                   const std::string& unit, int version) {
  return absl::OkStatus();
}

}  // namespace valohub::learning
