// The publication gate: a unit version is published only with a valid quality approval. The
// quality service (valohub.quality.v1) will answer that; until it exists the gate is closed and
// says so. The development gate approves everything and exists only for the one-machine hub
// and the tests, which need published units; the service refuses it outside development mode.
#ifndef VALOHUB_SERVICES_LEARNING_QUALITY_GATE_H_
#define VALOHUB_SERVICES_LEARNING_QUALITY_GATE_H_

#include <string>

#include "absl/status/status.h"
#include "services/runtime/call_context.h"

namespace valohub::learning {

class QualityGate {
 public:
  virtual ~QualityGate() = default;
  // OK when `unit` (institutions/{i}/units/{u}) at `version` may be published; otherwise the
  // reason. Anything but a clear approval is a refusal.
  virtual absl::Status CheckPublishable(const CallContext& call, const std::string& unit,
                                        int version) = 0;
};

// No quality service: FAILED_PRECONDITION (QUALITY_GATE_CLOSED) for every unit.
class ClosedQualityGate final : public QualityGate {
 public:
  absl::Status CheckPublishable(const CallContext& call, const std::string& unit,
                                int version) override;
};

// Development mode only: every unit passes.
class DevelopmentQualityGate final : public QualityGate {
 public:
  absl::Status CheckPublishable(const CallContext& call, const std::string& unit,
                                int version) override;
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_QUALITY_GATE_H_
