#include "services/quality/quality_grpc.h"

namespace valohub::quality {

grpc::ServerUnaryReactor* QualityGrpc::GetQualityModel(grpc::CallbackServerContext* context,
    const v1::GetQualityModelRequest* request, v1::QualityModel* response) {
  return calls_.Serve(context, "GetQualityModel", [this, request, response](const CallContext& call) {
    return service_.GetQualityModel(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::ListQualityModels(grpc::CallbackServerContext* context,
    const v1::ListQualityModelsRequest* request, v1::ListQualityModelsResponse* response) {
  return calls_.Serve(context, "ListQualityModels", [this, request, response](const CallContext& call) {
    return service_.ListQualityModels(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::CreateQualityModel(grpc::CallbackServerContext* context,
    const v1::CreateQualityModelRequest* request, v1::QualityModel* response) {
  return calls_.Serve(context, "CreateQualityModel", [this, request, response](const CallContext& call) {
    return service_.CreateQualityModel(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::UpdateQualityModel(grpc::CallbackServerContext* context,
    const v1::UpdateQualityModelRequest* request, v1::QualityModel* response) {
  return calls_.Serve(context, "UpdateQualityModel", [this, request, response](const CallContext& call) {
    return service_.UpdateQualityModel(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::CreateReview(grpc::CallbackServerContext* context,
    const v1::CreateReviewRequest* request, v1::Review* response) {
  return calls_.Serve(context, "CreateReview", [this, request, response](const CallContext& call) {
    return service_.CreateReview(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::WithdrawReview(grpc::CallbackServerContext* context,
    const v1::WithdrawReviewRequest* request, v1::WithdrawReviewResponse* response) {
  return calls_.Serve(context, "WithdrawReview", [this, request, response](const CallContext& call) {
    return service_.WithdrawReview(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::GetReview(grpc::CallbackServerContext* context,
    const v1::GetReviewRequest* request, v1::Review* response) {
  return calls_.Serve(context, "GetReview", [this, request, response](const CallContext& call) {
    return service_.GetReview(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::ListReviews(grpc::CallbackServerContext* context,
    const v1::ListReviewsRequest* request, v1::ListReviewsResponse* response) {
  return calls_.Serve(context, "ListReviews", [this, request, response](const CallContext& call) {
    return service_.ListReviews(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::AssignReviewers(grpc::CallbackServerContext* context,
    const v1::AssignReviewersRequest* request, v1::Review* response) {
  return calls_.Serve(context, "AssignReviewers", [this, request, response](const CallContext& call) {
    return service_.AssignReviewers(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::SubmitScorecard(grpc::CallbackServerContext* context,
    const v1::SubmitScorecardRequest* request, v1::Review* response) {
  return calls_.Serve(context, "SubmitScorecard", [this, request, response](const CallContext& call) {
    return service_.SubmitScorecard(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::DecideReview(grpc::CallbackServerContext* context,
    const v1::DecideReviewRequest* request, v1::Review* response) {
  return calls_.Serve(context, "DecideReview", [this, request, response](const CallContext& call) {
    return service_.DecideReview(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::GetUnitQuality(grpc::CallbackServerContext* context,
    const v1::GetUnitQualityRequest* request, v1::UnitQuality* response) {
  return calls_.Serve(context, "GetUnitQuality", [this, request, response](const CallContext& call) {
    return service_.GetUnitQuality(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::ListUnitQualityChanges(grpc::CallbackServerContext* context,
    const v1::ListUnitQualityChangesRequest* request, v1::ListUnitQualityChangesResponse* response) {
  return calls_.Serve(context, "ListUnitQualityChanges", [this, request, response](const CallContext& call) {
    return service_.ListUnitQualityChanges(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::CreateFeedback(grpc::CallbackServerContext* context,
    const v1::CreateFeedbackRequest* request, v1::Feedback* response) {
  return calls_.Serve(context, "CreateFeedback", [this, request, response](const CallContext& call) {
    return service_.CreateFeedback(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::GetFeedbackSummary(grpc::CallbackServerContext* context,
    const v1::GetFeedbackSummaryRequest* request, v1::FeedbackSummary* response) {
  return calls_.Serve(context, "GetFeedbackSummary", [this, request, response](const CallContext& call) {
    return service_.GetFeedbackSummary(call, *request, response);
  });
}

grpc::ServerUnaryReactor* QualityGrpc::ListAuditEvents(grpc::CallbackServerContext* context,
    const v1::ListAuditEventsRequest* request, v1::ListAuditEventsResponse* response) {
  return calls_.Serve(context, "ListAuditEvents", [this, request, response](const CallContext& call) {
    return service_.ListAuditEvents(call, *request, response);
  });
}

}  // namespace valohub::quality
