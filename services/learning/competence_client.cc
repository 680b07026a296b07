#include "services/learning/competence_client.h"

#include <grpcpp/grpcpp.h>

#include "absl/time/clock.h"
#include "services/runtime/authorization.h"
#include "services/runtime/status.h"

namespace valohub::learning {

CompetenceClient::CompetenceClient(std::shared_ptr<grpc::Channel> channel)
    : stub_(competence::v1::CompetenceService::NewStub(std::move(channel))) {}

absl::StatusOr<competence::v1::Institution> CompetenceClient::GetInstitution(
    const CallContext& call, const std::string& institution_id) {
  grpc::ClientContext context;
  PropagateCall(call, context);
  competence::v1::GetInstitutionRequest req;
  req.set_name("institutions/" + institution_id);
  competence::v1::Institution out;
  if (absl::Status s = FromGrpcStatus(stub_->GetInstitution(&context, req, &out)); !s.ok()) {
    return s;
  }
  return out;
}

absl::StatusOr<std::shared_ptr<const competence::v1::Framework>> CompetenceClient::GetFramework(
    const CallContext& call, const std::string& framework_id) {
  const absl::Time now = absl::Now();
  {
    absl::MutexLock lock(&mu_);
    auto it = frameworks_.find(framework_id);
    if (it != frameworks_.end() && it->second.expires > now) return it->second.framework;
  }
  grpc::ClientContext context;
  PropagateCall(call, context);
  competence::v1::GetFrameworkRequest req;
  req.set_name("frameworks/" + framework_id);
  auto out = std::make_shared<competence::v1::Framework>();
  if (absl::Status s = FromGrpcStatus(stub_->GetFramework(&context, req, out.get())); !s.ok()) {
    return s;
  }
  if (out->status() == competence::v1::PUBLISHED) {
    absl::MutexLock lock(&mu_);
    if (frameworks_.size() > 1000) frameworks_.clear();
    frameworks_[framework_id] = {out, now + absl::Minutes(1)};
  }
  return std::shared_ptr<const competence::v1::Framework>(out);
}

absl::Status CompetenceClient::CheckPerson(const CallContext& call,
                                           const std::string& institution_id,
                                           const std::string& person_id) {
  grpc::ClientContext context;
  PropagateCall(call, context);
  competence::v1::GetPersonRequest req;
  req.set_name("institutions/" + institution_id + "/people/" + person_id);
  competence::v1::Person out;
  return FromGrpcStatus(stub_->GetPerson(&context, req, &out));
}

absl::Status CompetenceClient::CreateAssessment(
    const std::string& tenant, const std::string& request_id,
    const competence::v1::CreateAssessmentRequest& request, absl::Duration timeout) {
  const CallContext service =
      ServiceCall(kServiceSubject, tenant, request_id, absl::Now() + timeout);
  grpc::ClientContext context;
  PropagateCall(service, context);
  competence::v1::Assessment out;
  return FromGrpcStatus(stub_->CreateAssessment(&context, request, &out));
}

}  // namespace valohub::learning
