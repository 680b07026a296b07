// The quality gate: what the learning service asks before a unit version goes to review, before
// it is published and before its credentials are issued. In production the quality service
// (valohub.quality.v1) answers (QualityServiceGate, quality_client.h); when it cannot be
// reached the answer is UNAVAILABLE and nothing is submitted, published or issued: never on
// doubt. The closed gate refuses every publication and issuance and says why; the development
// gate approves everything and exists only for the one-machine hub and tests that need
// published units without running reviews; the service refuses it outside development mode.
#ifndef VALOHUB_SERVICES_LEARNING_QUALITY_GATE_H_
#define VALOHUB_SERVICES_LEARNING_QUALITY_GATE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/runtime/call_context.h"
#include "services/runtime/status.h"
#include "valohub/learning/v1/learning.pb.h"

namespace valohub::learning {

// What the gate said when it let a version be published: the public label and its position in
// the quality service's change feed (0 when there is no feed).
struct Approval {
  v1::QualityLabel label;
  int64_t feed_seq = 0;
};

class QualityGate {
 public:
  virtual ~QualityGate() = default;
  // Sends `unit` (a stored version, with its name and version) to review. OK when the review is
  // open; FAILED_PRECONDITION AUTOMATIC_CHECKS_FAILED, with the missing elements as field
  // violations, when the automatic checks sent it back.
  virtual absl::Status Submit(const CallContext& call, const v1::Unit& unit,
                              const std::string& digest) = 0;
  // Withdraws the open review of `unit` (institutions/{i}/units/{u}) at `version` with the
  // content `digest`, before the provider returns that version to draft or deletes it; `reason`
  // goes to the audit trail. OK when it had none; UNAVAILABLE when the quality service cannot
  // be reached (the unit then stays as it is).
  virtual absl::Status Withdraw(const CallContext& call, const std::string& unit, int version,
                                const std::string& digest, const std::string& reason) = 0;
  // OK when `unit` (institutions/{i}/units/{u}) at `version`, whose content has `digest`, has a
  // valid approval; otherwise the reason. Anything but a clear approval is a refusal.
  virtual absl::StatusOr<Approval> CheckPublishable(const CallContext& call,
                                                    const std::string& unit, int version,
                                                    const std::string& digest) = 0;
  // OK when credentials of `unit` may be issued now: its `version` in the catalogue (0 when
  // none is: the newest approved version) has an APPROVED quality status.
  virtual absl::Status CheckIssuable(const CallContext& call, const std::string& unit,
                                     int version) = 0;
};

// No quality service: submissions get the completeness check only, nothing is published or
// issued (FAILED_PRECONDITION QUALITY_GATE_CLOSED).
class ClosedQualityGate final : public QualityGate {
 public:
  absl::Status Submit(const CallContext& call, const v1::Unit& unit,
                      const std::string& digest) override;
  absl::Status Withdraw(const CallContext& call, const std::string& unit, int version,
                        const std::string& digest, const std::string& reason) override;
  absl::StatusOr<Approval> CheckPublishable(const CallContext& call, const std::string& unit,
                                            int version, const std::string& digest) override;
  absl::Status CheckIssuable(const CallContext& call, const std::string& unit,
                             int version) override;
};

// Development mode only: a complete unit passes everything.
class DevelopmentQualityGate final : public QualityGate {
 public:
  absl::Status Submit(const CallContext& call, const v1::Unit& unit,
                      const std::string& digest) override;
  absl::Status Withdraw(const CallContext& call, const std::string& unit, int version,
                        const std::string& digest, const std::string& reason) override;
  absl::StatusOr<Approval> CheckPublishable(const CallContext& call, const std::string& unit,
                                            int version, const std::string& digest) override;
  absl::Status CheckIssuable(const CallContext& call, const std::string& unit,
                             int version) override;
};

// The refusal of a submission whose automatic checks failed, naming each missing element.
absl::Status AutomaticChecksFailed(const std::string& unit, const std::string& detail,
                                   const std::vector<FieldViolation>& violations);

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_QUALITY_GATE_H_
