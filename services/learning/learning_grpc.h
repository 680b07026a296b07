// gRPC glue of the learning service: every override hands the call to LearningService.
#ifndef VALOHUB_SERVICES_LEARNING_LEARNING_GRPC_H_
#define VALOHUB_SERVICES_LEARNING_LEARNING_GRPC_H_

#include "services/learning/learning_service.h"
#include "services/runtime/unary_call.h"
#include "valohub/learning/v1/learning.grpc.pb.h"

namespace valohub::learning {

inline constexpr char kServiceName[] = "valohub.learning.v1.LearningService";
inline constexpr char kErrorDomainName[] = "learning.valohub.fi";

class LearningGrpc final : public v1::LearningService::CallbackService {
 public:
  LearningGrpc(LearningService& service, UnaryCalls& calls) : service_(service), calls_(calls) {}

  grpc::ServerUnaryReactor* CreateUnit(grpc::CallbackServerContext* context, const v1::CreateUnitRequest* request,
      v1::Unit* response) override;
  grpc::ServerUnaryReactor* GetUnit(grpc::CallbackServerContext* context, const v1::GetUnitRequest* request,
      v1::Unit* response) override;
  grpc::ServerUnaryReactor* ListUnits(grpc::CallbackServerContext* context, const v1::ListUnitsRequest* request,
      v1::ListUnitsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateUnit(grpc::CallbackServerContext* context, const v1::UpdateUnitRequest* request,
      v1::Unit* response) override;
  grpc::ServerUnaryReactor* DeleteUnit(grpc::CallbackServerContext* context, const v1::DeleteUnitRequest* request,
      google::protobuf::Empty* response) override;
  grpc::ServerUnaryReactor* SubmitUnit(grpc::CallbackServerContext* context, const v1::SubmitUnitRequest* request,
      v1::Unit* response) override;
  grpc::ServerUnaryReactor* ReturnUnitToDraft(grpc::CallbackServerContext* context, const v1::ReturnUnitToDraftRequest* request,
      v1::Unit* response) override;
  grpc::ServerUnaryReactor* PublishUnit(grpc::CallbackServerContext* context, const v1::PublishUnitRequest* request,
      v1::Unit* response) override;
  grpc::ServerUnaryReactor* RetireUnit(grpc::CallbackServerContext* context, const v1::RetireUnitRequest* request,
      v1::Unit* response) override;
  grpc::ServerUnaryReactor* SearchCatalogue(grpc::CallbackServerContext* context, const v1::SearchCatalogueRequest* request,
      v1::SearchCatalogueResponse* response) override;
  grpc::ServerUnaryReactor* CreateEnrolment(grpc::CallbackServerContext* context, const v1::CreateEnrolmentRequest* request,
      v1::Enrolment* response) override;
  grpc::ServerUnaryReactor* GetEnrolment(grpc::CallbackServerContext* context, const v1::GetEnrolmentRequest* request,
      v1::Enrolment* response) override;
  grpc::ServerUnaryReactor* ListEnrolments(grpc::CallbackServerContext* context, const v1::ListEnrolmentsRequest* request,
      v1::ListEnrolmentsResponse* response) override;
  grpc::ServerUnaryReactor* CompleteEnrolment(grpc::CallbackServerContext* context, const v1::CompleteEnrolmentRequest* request,
      v1::Enrolment* response) override;
  grpc::ServerUnaryReactor* BatchCompleteEnrolments(grpc::CallbackServerContext* context, const v1::BatchCompleteEnrolmentsRequest* request,
      v1::BatchCompleteEnrolmentsResponse* response) override;
  grpc::ServerUnaryReactor* WithdrawEnrolment(grpc::CallbackServerContext* context, const v1::WithdrawEnrolmentRequest* request,
      v1::Enrolment* response) override;
  grpc::ServerUnaryReactor* GetCredential(grpc::CallbackServerContext* context, const v1::GetCredentialRequest* request,
      v1::Credential* response) override;
  grpc::ServerUnaryReactor* ListCredentials(grpc::CallbackServerContext* context, const v1::ListCredentialsRequest* request,
      v1::ListCredentialsResponse* response) override;
  grpc::ServerUnaryReactor* RevokeCredential(grpc::CallbackServerContext* context, const v1::RevokeCredentialRequest* request,
      v1::Credential* response) override;
  grpc::ServerUnaryReactor* VerifyCredential(grpc::CallbackServerContext* context, const v1::VerifyCredentialRequest* request,
      v1::VerifyCredentialResponse* response) override;
  grpc::ServerUnaryReactor* GetIssuerProfile(grpc::CallbackServerContext* context, const v1::GetIssuerProfileRequest* request,
      v1::IssuerProfile* response) override;
  grpc::ServerUnaryReactor* GetIssuerJwks(grpc::CallbackServerContext* context, const v1::GetIssuerJwksRequest* request,
      v1::JsonWebKeySet* response) override;
  grpc::ServerUnaryReactor* GetJwks(grpc::CallbackServerContext* context, const v1::GetJwksRequest* request,
      v1::JsonWebKeySet* response) override;
  grpc::ServerUnaryReactor* GetStatusList(grpc::CallbackServerContext* context, const v1::GetStatusListRequest* request,
      v1::StatusListCredential* response) override;
  grpc::ServerUnaryReactor* RotateIssuerKey(grpc::CallbackServerContext* context, const v1::RotateIssuerKeyRequest* request,
      v1::IssuerKey* response) override;
  grpc::ServerUnaryReactor* ListIssuerKeys(grpc::CallbackServerContext* context, const v1::ListIssuerKeysRequest* request,
      v1::ListIssuerKeysResponse* response) override;

 private:
  LearningService& service_;
  UnaryCalls& calls_;
};

}  // namespace valohub::learning

#endif  // VALOHUB_SERVICES_LEARNING_LEARNING_GRPC_H_
