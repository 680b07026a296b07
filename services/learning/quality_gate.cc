#include "services/learning/quality_gate.h"

#include "services/runtime/status.h"

namespace valohub::learning {

absl::Status ClosedQualityGate::CheckPublishable(const CallContext& call, const std::string& unit,
                                                 int version) {
  return Error(absl::StatusCode::kFailedPrecondition, "QUALITY_GATE_CLOSED",
               "publishing " + unit + " needs a valid quality approval, and no quality service "
               "is configured to give one; nothing is published without it");
}

absl::Status DevelopmentQualityGate::CheckPublishable(const CallContext& call,
                                                      const std::string& unit, int version) {
  return absl::OkStatus();
}

}  // namespace valohub::learning
