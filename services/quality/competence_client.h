// The quality service's one call to the competence service: whether a person named as a
// reviewer is on the hub. Asked as the hub's SERVICE principal for the reviewer's institution:
// the coordinator who assigns reviewers belongs to another institution, or to none.
#ifndef VALOHUB_SERVICES_QUALITY_COMPETENCE_CLIENT_H_
#define VALOHUB_SERVICES_QUALITY_COMPETENCE_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "services/runtime/call_context.h"
#include "valohub/competence/v1/competence.grpc.pb.h"

namespace valohub::quality {

// The subject the quality service uses when it acts for the hub.
inline constexpr char kServiceSubject[] = "service:quality";

class CompetenceClient {
 public:
  explicit CompetenceClient(std::shared_ptr<grpc::Channel> channel);

  // OK when institutions/{institution}/people/{person} exists; NOT_FOUND when it does not;
  // UNAVAILABLE COMPETENCE_SERVICE_UNAVAILABLE when the competence service cannot be reached.
  // Within the deadline of `call`, with its request id.
  absl::Status CheckPerson(const CallContext& call, const std::string& institution,
                           const std::string& person);

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<competence::v1::CompetenceService::Stub> stub_;
};

}  // namespace valohub::quality

#endif  // VALOHUB_SERVICES_QUALITY_COMPETENCE_CLIENT_H_
