// gRPC glue of the quality service: every override hands the call to QualityService.
#ifndef VALOHUB_SERVICES_QUALITY_QUALITY_GRPC_H_
#define VALOHUB_SERVICES_QUALITY_QUALITY_GRPC_H_

#include "services/quality/quality_service.h"
#include "services/runtime/unary_call.h"
#include "valohub/quality/v1/quality.grpc.pb.h"

namespace valohub::quality {

inline constexpr char kServiceName[] = "valohub.quality.v1.QualityService";
inline constexpr char kErrorDomainName[] = "quality.valohub.fi";

class QualityGrpc final : public v1::QualityService::CallbackService {
 public:
  QualityGrpc(QualityService& service, UnaryCalls& calls) : service_(service), calls_(calls) {}

  grpc::ServerUnaryReactor* GetQualityModel(grpc::CallbackServerContext* context, const v1::GetQualityModelRequest* request,
      v1::QualityModel* response) override;
  grpc::ServerUnaryReactor* ListQualityModels(grpc::CallbackServerContext* context, const v1::ListQualityModelsRequest* request,
      v1::ListQualityModelsResponse* response) override;
  grpc::ServerUnaryReactor* CreateQualityModel(grpc::CallbackServerContext* context, const v1::CreateQualityModelRequest* request,
      v1::QualityModel* response) override;
  grpc::ServerUnaryReactor* UpdateQualityModel(grpc::CallbackServerContext* context, const v1::UpdateQualityModelRequest* request,
      v1::QualityModel* response) override;
  grpc::ServerUnaryReactor* CreateReview(grpc::CallbackServerContext* context, const v1::CreateReviewRequest* request,
      v1::Review* response) override;
  grpc::ServerUnaryReactor* WithdrawReview(grpc::CallbackServerContext* context, const v1::WithdrawReviewRequest* request,
      v1::WithdrawReviewResponse* response) override;
  grpc::ServerUnaryReactor* GetReview(grpc::CallbackServerContext* context, const v1::GetReviewRequest* request,
      v1::Review* response) override;
  grpc::ServerUnaryReactor* ListReviews(grpc::CallbackServerContext* context, const v1::ListReviewsRequest* request,
      v1::ListReviewsResponse* response) override;
  grpc::ServerUnaryReactor* AssignReviewers(grpc::CallbackServerContext* context, const v1::AssignReviewersRequest* request,
      v1::Review* response) override;
  grpc::ServerUnaryReactor* SubmitScorecard(grpc::CallbackServerContext* context, const v1::SubmitScorecardRequest* request,
      v1::Review* response) override;
  grpc::ServerUnaryReactor* DecideReview(grpc::CallbackServerContext* context, const v1::DecideReviewRequest* request,
      v1::Review* response) override;
  grpc::ServerUnaryReactor* GetUnitQuality(grpc::CallbackServerContext* context, const v1::GetUnitQualityRequest* request,
      v1::UnitQuality* response) override;
  grpc::ServerUnaryReactor* ListUnitQualityChanges(grpc::CallbackServerContext* context, const v1::ListUnitQualityChangesRequest* request,
      v1::ListUnitQualityChangesResponse* response) override;
  grpc::ServerUnaryReactor* CreateFeedback(grpc::CallbackServerContext* context, const v1::CreateFeedbackRequest* request,
      v1::Feedback* response) override;
  grpc::ServerUnaryReactor* GetFeedbackSummary(grpc::CallbackServerContext* context, const v1::GetFeedbackSummaryRequest* request,
      v1::FeedbackSummary* response) override;
  grpc::ServerUnaryReactor* ListAuditEvents(grpc::CallbackServerContext* context, const v1::ListAuditEventsRequest* request,
      v1::ListAuditEventsResponse* response) override;

 private:
  QualityService& service_;
  UnaryCalls& calls_;
};

}  // namespace valohub::quality

#endif  // VALOHUB_SERVICES_QUALITY_QUALITY_GRPC_H_
