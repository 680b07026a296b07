// The learning service's calls to the quality service: the gate that asks it before a unit is
// submitted, published or its credentials issued (with the caller's own principal, so the
// quality service authorizes them as it would the caller), and the change feed the catalogue's
// quality labels follow (as the hub's SERVICE principal).
#ifndef VALOHUB_SERVICES_LEARNING_QUALITY_CLIENT_H_
#define VALOHUB_SERVICES_LEARNING_QUALITY_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/learning/quality_gate.h"
#include "valohub/quality/v1/quality.grpc.pb.h"

namespace valohub::learning {

// The label for the version a unit quality state was read for (GetUnitQuality's `version`).
v1::QualityLabel LabelOf(const quality::v1::UnitQuality& q);
// The label of `version` (the one in the catalogue; 0: none is) from a state of the change feed.
v1::QualityLabel LabelFor(const quality::v1::UnitQuality& q, int version);

class QualityServiceGate final : public QualityGate {
 public:
  explicit QualityServiceGate(std::shared_ptr<grpc::Channel> channel);

  absl::Status Submit(const CallContext& call, const v1::Unit& unit,
                      const std::string& digest) override;
  absl::Status Withdraw(const CallContext& call, const std::string& unit, int version,
                        const std::string& digest, const std::string& reason) override;
  absl::StatusOr<Approval> CheckPublishable(const CallContext& call, const std::string& unit,
                                            int version, const std::string& digest) override;
  absl::Status CheckIssuable(const CallContext& call, const std::string& unit,
                             int version) override;

  // Quality states changed after `after_seq`, in feed order.
  absl::StatusOr<std::vector<quality::v1::UnitQuality>> Changes(int64_t after_seq, int limit,
                                                                absl::Duration timeout);

 private:
  absl::StatusOr<quality::v1::UnitQuality> Status(const CallContext& call,
                                                  const std::string& unit, int version,
                                                  const std::string& what_fails);

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<quality::v1::QualityService::Stub> stub_;
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_QUALITY_CLIENT_H_
