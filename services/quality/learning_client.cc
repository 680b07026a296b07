#include "services/quality/learning_client.h"

#include <grpcpp/grpcpp.h>

#include "services/runtime/channel.h"
#include "services/runtime/status.h"

namespace valohub::quality {

LearningClient::LearningClient(std::shared_ptr<grpc::Channel> channel)
    : channel_(channel), stub_(learning::v1::LearningService::NewStub(channel)) {}

absl::StatusOr<learning::v1::Enrolment> LearningClient::GetEnrolment(const CallContext& call,
                                                                     const std::string& name) {
  AwaitConnected(*channel_, call);
  grpc::ClientContext context;
  PropagateCall(call, context);
  learning::v1::GetEnrolmentRequest req;
  req.set_name(name);
  learning::v1::Enrolment out;
  grpc::Status s = stub_->GetEnrolment(&context, req, &out);
  if (IsUnreachable(s)) {
    return Error(absl::StatusCode::kUnavailable, "LEARNING_SERVICE_UNAVAILABLE",
                 "the learning service, which knows whether " + name +
                     " is completed, cannot be reached; try again");
  }
  if (absl::Status st = FromGrpcStatus(s); !st.ok()) return st;
  return out;
}

}  // namespace valohub::quality
