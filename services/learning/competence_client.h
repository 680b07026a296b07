// The learning service's calls to the competence service. Reads go out with the caller's own
// principal (PropagateCall), so the competence service authorizes them as it would the caller;
// evidence assessments go out as the hub's SERVICE principal for the person's institution.
#ifndef VALOHUB_SERVICES_LEARNING_COMPETENCE_CLIENT_H_
#define VALOHUB_SERVICES_LEARNING_COMPETENCE_CLIENT_H_

#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/runtime/call_context.h"
#include "valohub/competence/v1/competence.grpc.pb.h"

namespace valohub::learning {

// The subject the learning service uses when it acts for the hub.
inline constexpr char kServiceSubject[] = "service:learning";

class CompetenceClient {
 public:
  explicit CompetenceClient(std::shared_ptr<grpc::Channel> channel);

  absl::StatusOr<competence::v1::Institution> GetInstitution(const CallContext& call,
                                                             const std::string& institution_id);
  // frameworks/{id}; published frameworks are public and never change, so they are cached for a
  // minute (a retirement shows within that time).
  absl::StatusOr<std::shared_ptr<const competence::v1::Framework>> GetFramework(
      const CallContext& call, const std::string& framework_id);
  // OK when the caller may read the person and it exists.
  absl::Status CheckPerson(const CallContext& call, const std::string& institution_id,
                           const std::string& person_id);
  // As SERVICE for `tenant`, with `request_id` as the idempotency key.
  absl::Status CreateAssessment(const std::string& tenant, const std::string& request_id,
                                const competence::v1::CreateAssessmentRequest& request,
                                absl::Duration timeout);

 private:
  std::unique_ptr<competence::v1::CompetenceService::Stub> stub_;
  absl::Mutex mu_;
  struct Cached {
    std::shared_ptr<const competence::v1::Framework> framework;
    absl::Time expires;
  };
  std::map<std::string, Cached> frameworks_ ABSL_GUARDED_BY(mu_);
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_COMPETENCE_CLIENT_H_
