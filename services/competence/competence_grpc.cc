#include "services/competence/competence_grpc.h"

namespace valohub::competence {

grpc::ServerUnaryReactor* CompetenceGrpc::CreateInstitution(grpc::CallbackServerContext* context,
    const v1::CreateInstitutionRequest* request, v1::Institution* response) {
  return calls_.Serve(context, "CreateInstitution",
                      [this, request, response](const CallContext& call) { return service_.CreateInstitution(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::GetInstitution(grpc::CallbackServerContext* context,
    const v1::GetInstitutionRequest* request, v1::Institution* response) {
  return calls_.Serve(context, "GetInstitution",
                      [this, request, response](const CallContext& call) { return service_.GetInstitution(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::ListInstitutions(grpc::CallbackServerContext* context,
    const v1::ListInstitutionsRequest* request, v1::ListInstitutionsResponse* response) {
  return calls_.Serve(context, "ListInstitutions",
                      [this, request, response](const CallContext& call) { return service_.ListInstitutions(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::UpdateInstitution(grpc::CallbackServerContext* context,
    const v1::UpdateInstitutionRequest* request, v1::Institution* response) {
  return calls_.Serve(context, "UpdateInstitution",
                      [this, request, response](const CallContext& call) { return service_.UpdateInstitution(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::DeleteInstitution(grpc::CallbackServerContext* context,
    const v1::DeleteInstitutionRequest* request, google::protobuf::Empty* response) {
  return calls_.Serve(context, "DeleteInstitution",
                      [this, request, response](const CallContext& call) { return service_.DeleteInstitution(call, *request); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::CreatePerson(grpc::CallbackServerContext* context,
    const v1::CreatePersonRequest* request, v1::Person* response) {
  return calls_.Serve(context, "CreatePerson",
                      [this, request, response](const CallContext& call) { return service_.CreatePerson(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::GetPerson(grpc::CallbackServerContext* context,
    const v1::GetPersonRequest* request, v1::Person* response) {
  return calls_.Serve(context, "GetPerson",
                      [this, request, response](const CallContext& call) { return service_.GetPerson(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::ListPeople(grpc::CallbackServerContext* context,
    const v1::ListPeopleRequest* request, v1::ListPeopleResponse* response) {
  return calls_.Serve(context, "ListPeople",
                      [this, request, response](const CallContext& call) { return service_.ListPeople(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::UpdatePerson(grpc::CallbackServerContext* context,
    const v1::UpdatePersonRequest* request, v1::Person* response) {
  return calls_.Serve(context, "UpdatePerson",
                      [this, request, response](const CallContext& call) { return service_.UpdatePerson(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::DeletePerson(grpc::CallbackServerContext* context,
    const v1::DeletePersonRequest* request, google::protobuf::Empty* response) {
  return calls_.Serve(context, "DeletePerson",
                      [this, request, response](const CallContext& call) { return service_.DeletePerson(call, *request); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::BatchUpsertPeople(grpc::CallbackServerContext* context,
    const v1::BatchUpsertPeopleRequest* request, v1::BatchUpsertPeopleResponse* response) {
  return calls_.Serve(context, "BatchUpsertPeople",
                      [this, request, response](const CallContext& call) { return service_.BatchUpsertPeople(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::CreateFramework(grpc::CallbackServerContext* context,
    const v1::CreateFrameworkRequest* request, v1::Framework* response) {
  return calls_.Serve(context, "CreateFramework",
                      [this, request, response](const CallContext& call) { return service_.CreateFramework(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::GetFramework(grpc::CallbackServerContext* context,
    const v1::GetFrameworkRequest* request, v1::Framework* response) {
  return calls_.Serve(context, "GetFramework",
                      [this, request, response](const CallContext& call) { return service_.GetFramework(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::ListFrameworks(grpc::CallbackServerContext* context,
    const v1::ListFrameworksRequest* request, v1::ListFrameworksResponse* response) {
  return calls_.Serve(context, "ListFrameworks",
                      [this, request, response](const CallContext& call) { return service_.ListFrameworks(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::UpdateFramework(grpc::CallbackServerContext* context,
    const v1::UpdateFrameworkRequest* request, v1::Framework* response) {
  return calls_.Serve(context, "UpdateFramework",
                      [this, request, response](const CallContext& call) { return service_.UpdateFramework(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::DeleteFramework(grpc::CallbackServerContext* context,
    const v1::DeleteFrameworkRequest* request, google::protobuf::Empty* response) {
  return calls_.Serve(context, "DeleteFramework",
                      [this, request, response](const CallContext& call) { return service_.DeleteFramework(call, *request); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::PublishFramework(grpc::CallbackServerContext* context,
    const v1::PublishFrameworkRequest* request, v1::Framework* response) {
  return calls_.Serve(context, "PublishFramework",
                      [this, request, response](const CallContext& call) { return service_.PublishFramework(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::RetireFramework(grpc::CallbackServerContext* context,
    const v1::RetireFrameworkRequest* request, v1::Framework* response) {
  return calls_.Serve(context, "RetireFramework",
                      [this, request, response](const CallContext& call) { return service_.RetireFramework(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::ImportCaseFramework(grpc::CallbackServerContext* context,
    const v1::ImportCaseFrameworkRequest* request, v1::Framework* response) {
  return calls_.Serve(context, "ImportCaseFramework",
                      [this, request, response](const CallContext& call) { return service_.ImportCaseFramework(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::ExportCaseFramework(grpc::CallbackServerContext* context,
    const v1::ExportCaseFrameworkRequest* request, v1::CasePackage* response) {
  return calls_.Serve(context, "ExportCaseFramework",
                      [this, request, response](const CallContext& call) { return service_.ExportCaseFramework(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::CreateAssessment(grpc::CallbackServerContext* context,
    const v1::CreateAssessmentRequest* request, v1::Assessment* response) {
  return calls_.Serve(context, "CreateAssessment",
                      [this, request, response](const CallContext& call) { return service_.CreateAssessment(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::GetAssessment(grpc::CallbackServerContext* context,
    const v1::GetAssessmentRequest* request, v1::Assessment* response) {
  return calls_.Serve(context, "GetAssessment",
                      [this, request, response](const CallContext& call) { return service_.GetAssessment(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::ListAssessments(grpc::CallbackServerContext* context,
    const v1::ListAssessmentsRequest* request, v1::ListAssessmentsResponse* response) {
  return calls_.Serve(context, "ListAssessments",
                      [this, request, response](const CallContext& call) { return service_.ListAssessments(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::GetCompetenceProfile(grpc::CallbackServerContext* context,
    const v1::GetCompetenceProfileRequest* request, v1::CompetenceProfile* response) {
  return calls_.Serve(context, "GetCompetenceProfile",
                      [this, request, response](const CallContext& call) { return service_.GetCompetenceProfile(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::CreateDevelopmentNeed(grpc::CallbackServerContext* context,
    const v1::CreateDevelopmentNeedRequest* request, v1::DevelopmentNeed* response) {
  return calls_.Serve(context, "CreateDevelopmentNeed",
                      [this, request, response](const CallContext& call) { return service_.CreateDevelopmentNeed(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::GetDevelopmentNeed(grpc::CallbackServerContext* context,
    const v1::GetDevelopmentNeedRequest* request, v1::DevelopmentNeed* response) {
  return calls_.Serve(context, "GetDevelopmentNeed",
                      [this, request, response](const CallContext& call) { return service_.GetDevelopmentNeed(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::ListDevelopmentNeeds(grpc::CallbackServerContext* context,
    const v1::ListDevelopmentNeedsRequest* request, v1::ListDevelopmentNeedsResponse* response) {
  return calls_.Serve(context, "ListDevelopmentNeeds",
                      [this, request, response](const CallContext& call) { return service_.ListDevelopmentNeeds(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::UpdateDevelopmentNeed(grpc::CallbackServerContext* context,
    const v1::UpdateDevelopmentNeedRequest* request, v1::DevelopmentNeed* response) {
  return calls_.Serve(context, "UpdateDevelopmentNeed",
                      [this, request, response](const CallContext& call) { return service_.UpdateDevelopmentNeed(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::DeleteDevelopmentNeed(grpc::CallbackServerContext* context,
    const v1::DeleteDevelopmentNeedRequest* request, google::protobuf::Empty* response) {
  return calls_.Serve(context, "DeleteDevelopmentNeed",
                      [this, request, response](const CallContext& call) { return service_.DeleteDevelopmentNeed(call, *request); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::CreateApiKey(grpc::CallbackServerContext* context,
    const v1::CreateApiKeyRequest* request, v1::ApiKey* response) {
  return calls_.Serve(context, "CreateApiKey",
                      [this, request, response](const CallContext& call) { return service_.CreateApiKey(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::ListApiKeys(grpc::CallbackServerContext* context,
    const v1::ListApiKeysRequest* request, v1::ListApiKeysResponse* response) {
  return calls_.Serve(context, "ListApiKeys",
                      [this, request, response](const CallContext& call) { return service_.ListApiKeys(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::RevokeApiKey(grpc::CallbackServerContext* context,
    const v1::RevokeApiKeyRequest* request, v1::ApiKey* response) {
  return calls_.Serve(context, "RevokeApiKey",
                      [this, request, response](const CallContext& call) { return service_.RevokeApiKey(call, *request, response); });
}

grpc::ServerUnaryReactor* CompetenceGrpc::VerifyApiKey(grpc::CallbackServerContext* context,
    const v1::VerifyApiKeyRequest* request, v1::VerifyApiKeyResponse* response) {
  return calls_.Serve(context, "VerifyApiKey",
                      [this, request, response](const CallContext& call) { return service_.VerifyApiKey(call, *request, response); });
}

}  // namespace valohub::competence
