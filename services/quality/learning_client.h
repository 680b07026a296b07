// The quality service's one call to the learning service: reading the enrolment a participant
// rates, with the participant's own principal, so the learning service authorizes it as it
// would the participant.
#ifndef VALOHUB_SERVICES_QUALITY_LEARNING_CLIENT_H_
#define VALOHUB_SERVICES_QUALITY_LEARNING_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/runtime/call_context.h"
#include "valohub/learning/v1/learning.grpc.pb.h"

namespace valohub::quality {

class LearningClient {
 public:
  explicit LearningClient(std::shared_ptr<grpc::Channel> channel);

  absl::StatusOr<learning::v1::Enrolment> GetEnrolment(const CallContext& call,
                                                       const std::string& name);

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<learning::v1::LearningService::Stub> stub_;
};

}  // namespace valohub::quality

#endif  // VALOHUB_SERVICES_QUALITY_LEARNING_CLIENT_H_
