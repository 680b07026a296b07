// The competence-profiles service's logic: validation, AIP semantics (etags, update masks,
// request ids, pagination) and transactions over the stores. Transport-free: every method takes
// the CallContext and returns absl::Status; CompetenceGrpc (competence_grpc.h) serves it.
#ifndef VALOHUB_SERVICES_COMPETENCE_COMPETENCE_SERVICE_H_
#define VALOHUB_SERVICES_COMPETENCE_COMPETENCE_SERVICE_H_

#include <vector>

#include "absl/status/status.h"
#include "services/runtime/call_context.h"
#include "services/runtime/db.h"
#include "valohub/competence/v1/competence.pb.h"

namespace valohub::competence {

// At most this many rows in one BatchUpsertPeople call.
inline constexpr int kMaxBatchUpsert = 20000;

// Every statement the service prepares.
std::vector<db::Query> AllQueries();

class CompetenceService {
 public:
  explicit CompetenceService(db::Pool& pool) : pool_(pool) {}

  absl::Status CreateInstitution(const CallContext& call, const v1::CreateInstitutionRequest& req,
                                 v1::Institution* out);
  absl::Status GetInstitution(const CallContext& call, const v1::GetInstitutionRequest& req,
                              v1::Institution* out);
  absl::Status ListInstitutions(const CallContext& call, const v1::ListInstitutionsRequest& req,
                                v1::ListInstitutionsResponse* out);
  absl::Status UpdateInstitution(const CallContext& call, const v1::UpdateInstitutionRequest& req,
                                 v1::Institution* out);
  absl::Status DeleteInstitution(const CallContext& call, const v1::DeleteInstitutionRequest& req);

  absl::Status CreatePerson(const CallContext& call, const v1::CreatePersonRequest& req,
                            v1::Person* out);
  absl::Status GetPerson(const CallContext& call, const v1::GetPersonRequest& req,
                         v1::Person* out);
  absl::Status ListPeople(const CallContext& call, const v1::ListPeopleRequest& req,
                          v1::ListPeopleResponse* out);
  absl::Status UpdatePerson(const CallContext& call, const v1::UpdatePersonRequest& req,
                            v1::Person* out);
  absl::Status DeletePerson(const CallContext& call, const v1::DeletePersonRequest& req);
  absl::Status BatchUpsertPeople(const CallContext& call, const v1::BatchUpsertPeopleRequest& req,
                                 v1::BatchUpsertPeopleResponse* out);

  absl::Status CreateFramework(const CallContext& call, const v1::CreateFrameworkRequest& req,
                               v1::Framework* out);
  absl::Status GetFramework(const CallContext& call, const v1::GetFrameworkRequest& req,
                            v1::Framework* out);
  absl::Status ListFrameworks(const CallContext& call, const v1::ListFrameworksRequest& req,
                              v1::ListFrameworksResponse* out);
  absl::Status UpdateFramework(const CallContext& call, const v1::UpdateFrameworkRequest& req,
                               v1::Framework* out);
  absl::Status DeleteFramework(const CallContext& call, const v1::DeleteFrameworkRequest& req);
  absl::Status PublishFramework(const CallContext& call, const v1::PublishFrameworkRequest& req,
                                v1::Framework* out);
  absl::Status RetireFramework(const CallContext& call, const v1::RetireFrameworkRequest& req,
                               v1::Framework* out);
  absl::Status ImportCaseFramework(const CallContext& call,
                                   const v1::ImportCaseFrameworkRequest& req, v1::Framework* out);
  absl::Status ExportCaseFramework(const CallContext& call,
                                   const v1::ExportCaseFrameworkRequest& req,
                                   v1::CasePackage* out);

  absl::Status CreateAssessment(const CallContext& call, const v1::CreateAssessmentRequest& req,
                                v1::Assessment* out);
  absl::Status GetAssessment(const CallContext& call, const v1::GetAssessmentRequest& req,
                             v1::Assessment* out);
  absl::Status ListAssessments(const CallContext& call, const v1::ListAssessmentsRequest& req,
                               v1::ListAssessmentsResponse* out);
  absl::Status GetCompetenceProfile(const CallContext& call,
                                    const v1::GetCompetenceProfileRequest& req,
                                    v1::CompetenceProfile* out);

  absl::Status CreateDevelopmentNeed(const CallContext& call,
                                     const v1::CreateDevelopmentNeedRequest& req,
                                     v1::DevelopmentNeed* out);
  absl::Status GetDevelopmentNeed(const CallContext& call,
                                  const v1::GetDevelopmentNeedRequest& req,
                                  v1::DevelopmentNeed* out);
  absl::Status ListDevelopmentNeeds(const CallContext& call,
                                    const v1::ListDevelopmentNeedsRequest& req,
                                    v1::ListDevelopmentNeedsResponse* out);
  absl::Status UpdateDevelopmentNeed(const CallContext& call,
                                     const v1::UpdateDevelopmentNeedRequest& req,
                                     v1::DevelopmentNeed* out);
  absl::Status DeleteDevelopmentNeed(const CallContext& call,
                                     const v1::DeleteDevelopmentNeedRequest& req);

  absl::Status CreateApiKey(const CallContext& call, const v1::CreateApiKeyRequest& req,
                            v1::ApiKey* out);
  absl::Status ListApiKeys(const CallContext& call, const v1::ListApiKeysRequest& req,
                           v1::ListApiKeysResponse* out);
  absl::Status RevokeApiKey(const CallContext& call, const v1::RevokeApiKeyRequest& req,
                            v1::ApiKey* out);
  absl::Status VerifyApiKey(const CallContext& call, const v1::VerifyApiKeyRequest& req,
                            v1::VerifyApiKeyResponse* out);

 private:
  absl::Status ChangeFrameworkStatus(const CallContext& call, const std::string& name,
                                     const std::string& etag, v1::FrameworkStatus from,
                                     v1::FrameworkStatus to, v1::Framework* out);
  absl::Status InsertFramework(const CallContext& call, v1::Framework framework,
                               const std::string& requested_id, const std::string& request_id,
                               const std::string& method, v1::Framework* out);

  db::Pool& pool_;
};

}  // namespace valohub::competence

#endif  // VALOHUB_SERVICES_COMPETENCE_COMPETENCE_SERVICE_H_
