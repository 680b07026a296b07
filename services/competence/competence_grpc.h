// Serves CompetenceService over gRPC (callback API). Generated-style glue only: each method
// hands its request to CompetenceService through UnaryCalls, which runs it off gRPC's threads
// and translates its status once.
#ifndef VALOHUB_SERVICES_COMPETENCE_COMPETENCE_GRPC_H_
#define VALOHUB_SERVICES_COMPETENCE_COMPETENCE_GRPC_H_

#include "services/competence/competence_service.h"
#include "services/runtime/unary_call.h"
#include "valohub/competence/v1/competence.grpc.pb.h"

namespace valohub::competence {

inline constexpr char kServiceName[] = "valohub.competence.v1.CompetenceService";
inline constexpr char kErrorDomainName[] = "competence.valohub.fi";

class CompetenceGrpc final : public v1::CompetenceService::CallbackService {
 public:
  CompetenceGrpc(CompetenceService& service, UnaryCalls& calls)
      : service_(service), calls_(calls) {}

  grpc::ServerUnaryReactor* CreateInstitution(grpc::CallbackServerContext* context,
      const v1::CreateInstitutionRequest* request, v1::Institution* response) override;
  grpc::ServerUnaryReactor* GetInstitution(grpc::CallbackServerContext* context,
      const v1::GetInstitutionRequest* request, v1::Institution* response) override;
  grpc::ServerUnaryReactor* ListInstitutions(grpc::CallbackServerContext* context,
      const v1::ListInstitutionsRequest* request, v1::ListInstitutionsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateInstitution(grpc::CallbackServerContext* context,
      const v1::UpdateInstitutionRequest* request, v1::Institution* response) override;
  grpc::ServerUnaryReactor* DeleteInstitution(grpc::CallbackServerContext* context,
      const v1::DeleteInstitutionRequest* request, google::protobuf::Empty* response) override;
  grpc::ServerUnaryReactor* CreatePerson(grpc::CallbackServerContext* context,
      const v1::CreatePersonRequest* request, v1::Person* response) override;
  grpc::ServerUnaryReactor* GetPerson(grpc::CallbackServerContext* context,
      const v1::GetPersonRequest* request, v1::Person* response) override;
  grpc::ServerUnaryReactor* ListPeople(grpc::CallbackServerContext* context,
      const v1::ListPeopleRequest* request, v1::ListPeopleResponse* response) override;
  grpc::ServerUnaryReactor* UpdatePerson(grpc::CallbackServerContext* context,
      const v1::UpdatePersonRequest* request, v1::Person* response) override;
  grpc::ServerUnaryReactor* DeletePerson(grpc::CallbackServerContext* context,
      const v1::DeletePersonRequest* request, google::protobuf::Empty* response) override;
  grpc::ServerUnaryReactor* BatchUpsertPeople(grpc::CallbackServerContext* context,
      const v1::BatchUpsertPeopleRequest* request, v1::BatchUpsertPeopleResponse* response) override;
  grpc::ServerUnaryReactor* CreateFramework(grpc::CallbackServerContext* context,
      const v1::CreateFrameworkRequest* request, v1::Framework* response) override;
  grpc::ServerUnaryReactor* GetFramework(grpc::CallbackServerContext* context,
      const v1::GetFrameworkRequest* request, v1::Framework* response) override;
  grpc::ServerUnaryReactor* ListFrameworks(grpc::CallbackServerContext* context,
      const v1::ListFrameworksRequest* request, v1::ListFrameworksResponse* response) override;
  grpc::ServerUnaryReactor* UpdateFramework(grpc::CallbackServerContext* context,
      const v1::UpdateFrameworkRequest* request, v1::Framework* response) override;
  grpc::ServerUnaryReactor* DeleteFramework(grpc::CallbackServerContext* context,
      const v1::DeleteFrameworkRequest* request, google::protobuf::Empty* response) override;
  grpc::ServerUnaryReactor* PublishFramework(grpc::CallbackServerContext* context,
      const v1::PublishFrameworkRequest* request, v1::Framework* response) override;
  grpc::ServerUnaryReactor* RetireFramework(grpc::CallbackServerContext* context,
      const v1::RetireFrameworkRequest* request, v1::Framework* response) override;
  grpc::ServerUnaryReactor* ImportCaseFramework(grpc::CallbackServerContext* context,
      const v1::ImportCaseFrameworkRequest* request, v1::Framework* response) override;
  grpc::ServerUnaryReactor* ExportCaseFramework(grpc::CallbackServerContext* context,
      const v1::ExportCaseFrameworkRequest* request, v1::CasePackage* response) override;
  grpc::ServerUnaryReactor* CreateAssessment(grpc::CallbackServerContext* context,
      const v1::CreateAssessmentRequest* request, v1::Assessment* response) override;
  grpc::ServerUnaryReactor* GetAssessment(grpc::CallbackServerContext* context,
      const v1::GetAssessmentRequest* request, v1::Assessment* response) override;
  grpc::ServerUnaryReactor* ListAssessments(grpc::CallbackServerContext* context,
      const v1::ListAssessmentsRequest* request, v1::ListAssessmentsResponse* response) override;
  grpc::ServerUnaryReactor* GetCompetenceProfile(grpc::CallbackServerContext* context,
      const v1::GetCompetenceProfileRequest* request, v1::CompetenceProfile* response) override;
  grpc::ServerUnaryReactor* CreateDevelopmentNeed(grpc::CallbackServerContext* context,
      const v1::CreateDevelopmentNeedRequest* request, v1::DevelopmentNeed* response) override;
  grpc::ServerUnaryReactor* GetDevelopmentNeed(grpc::CallbackServerContext* context,
      const v1::GetDevelopmentNeedRequest* request, v1::DevelopmentNeed* response) override;
  grpc::ServerUnaryReactor* ListDevelopmentNeeds(grpc::CallbackServerContext* context,
      const v1::ListDevelopmentNeedsRequest* request, v1::ListDevelopmentNeedsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateDevelopmentNeed(grpc::CallbackServerContext* context,
      const v1::UpdateDevelopmentNeedRequest* request, v1::DevelopmentNeed* response) override;
  grpc::ServerUnaryReactor* DeleteDevelopmentNeed(grpc::CallbackServerContext* context,
      const v1::DeleteDevelopmentNeedRequest* request, google::protobuf::Empty* response) override;
  grpc::ServerUnaryReactor* CreateApiKey(grpc::CallbackServerContext* context,
      const v1::CreateApiKeyRequest* request, v1::ApiKey* response) override;
  grpc::ServerUnaryReactor* ListApiKeys(grpc::CallbackServerContext* context,
      const v1::ListApiKeysRequest* request, v1::ListApiKeysResponse* response) override;
  grpc::ServerUnaryReactor* RevokeApiKey(grpc::CallbackServerContext* context,
      const v1::RevokeApiKeyRequest* request, v1::ApiKey* response) override;
  grpc::ServerUnaryReactor* VerifyApiKey(grpc::CallbackServerContext* context,
      const v1::VerifyApiKeyRequest* request, v1::VerifyApiKeyResponse* response) override;

 private:
  CompetenceService& service_;
  UnaryCalls& calls_;
};

}  // namespace valohub::competence

#endif  // VALOHUB_SERVICES_COMPETENCE_COMPETENCE_GRPC_H_
