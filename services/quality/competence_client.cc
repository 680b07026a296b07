#include "services/quality/competence_client.h"

#include <grpcpp/grpcpp.h>

#include "services/runtime/authorization.h"
#include "services/runtime/channel.h"
#include "services/runtime/status.h"

namespace valohub::quality {

CompetenceClient::CompetenceClient(std::shared_ptr<grpc::Channel> channel)
    : channel_(channel), stub_(competence::v1::CompetenceService::NewStub(channel)) {}

absl::Status CompetenceClient::CheckPerson(const CallContext& call, const std::string& institution,
                                           const std::string& person) {
  AwaitConnected(*channel_, call);
  const CallContext service =
      ServiceCall(kServiceSubject, institution, call.request_id, call.deadline);
  grpc::ClientContext context;
  PropagateCall(service, context);
  competence::v1::GetPersonRequest req;
  req.set_name("institutions/" + institution + "/people/" + person);
  competence::v1::Person out;
  grpc::Status s = stub_->GetPerson(&context, req, &out);
  if (IsUnreachable(s)) {
    return Error(absl::StatusCode::kUnavailable, "COMPETENCE_SERVICE_UNAVAILABLE",
                 "the competence service, which knows whether " + req.name() +
                     " exists, cannot be reached; nothing was assigned, try again");
  }
  return FromGrpcStatus(s);
}

}  // namespace valohub::quality
