// The quality service's logic: quality models, reviews and their decisions, each unit's quality
// status and its change feed, participant feedback and the audit trail. Transport-free: every
// method takes the CallContext and returns absl::Status; QualityGrpc (quality_grpc.h) serves it.
#ifndef VALOHUB_SERVICES_QUALITY_QUALITY_SERVICE_H_
#define VALOHUB_SERVICES_QUALITY_QUALITY_SERVICE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/quality/competence_client.h"
#include "services/quality/learning_client.h"
#include "services/quality/quality_rules.h"
#include "services/runtime/call_context.h"
#include "services/runtime/clock.h"
#include "services/runtime/db.h"
#include "valohub/quality/v1/quality.pb.h"

namespace valohub::quality {

std::vector<db::Query> AllQueries();

struct QualityOptions {
  // qualityModels/{id} whose newest version new reviews use.
  std::string default_model_id = kNationalModelId;
  // A unit with at least this many ratings since its approval, whose mean is below
  // flag_below_mean, is FLAGGED.
  int flag_min_ratings = 10;
  double flag_below_mean = 3.0;
};

class QualityService {
 public:
  QualityService(db::Pool& pool, LearningClient& learning, CompetenceClient& competence,
                 const Clock& clock, QualityOptions options)
      : pool_(pool),
        learning_(learning),
        competence_(competence),
        clock_(clock),
        options_(std::move(options)) {}

  // Writes version 1 of the national model when there is none (start-up; safe to race), and
  // checks that the default model exists.
  absl::Status EnsureDefaultModel(absl::Time deadline);

  absl::Status GetQualityModel(const CallContext& call, const v1::GetQualityModelRequest& req,
                               v1::QualityModel* out);
  absl::Status ListQualityModels(const CallContext& call, const v1::ListQualityModelsRequest& req,
                                 v1::ListQualityModelsResponse* out);
  absl::Status CreateQualityModel(const CallContext& call,
                                  const v1::CreateQualityModelRequest& req, v1::QualityModel* out);
  absl::Status UpdateQualityModel(const CallContext& call,
                                  const v1::UpdateQualityModelRequest& req, v1::QualityModel* out);

  absl::Status CreateReview(const CallContext& call, const v1::CreateReviewRequest& req,
                            v1::Review* out);
  absl::Status WithdrawReview(const CallContext& call, const v1::WithdrawReviewRequest& req,
                              v1::WithdrawReviewResponse* out);
  absl::Status GetReview(const CallContext& call, const v1::GetReviewRequest& req,
                         v1::Review* out);
  absl::Status ListReviews(const CallContext& call, const v1::ListReviewsRequest& req,
                           v1::ListReviewsResponse* out);
  absl::Status AssignReviewers(const CallContext& call, const v1::AssignReviewersRequest& req,
                               v1::Review* out);
  absl::Status SubmitScorecard(const CallContext& call, const v1::SubmitScorecardRequest& req,
                               v1::Review* out);
  absl::Status DecideReview(const CallContext& call, const v1::DecideReviewRequest& req,
                            v1::Review* out);

  absl::Status GetUnitQuality(const CallContext& call, const v1::GetUnitQualityRequest& req,
                              v1::UnitQuality* out);
  absl::Status ListUnitQualityChanges(const CallContext& call,
                                      const v1::ListUnitQualityChangesRequest& req,
                                      v1::ListUnitQualityChangesResponse* out);

  absl::Status CreateFeedback(const CallContext& call, const v1::CreateFeedbackRequest& req,
                              v1::Feedback* out);
  absl::Status GetFeedbackSummary(const CallContext& call,
                                  const v1::GetFeedbackSummaryRequest& req,
                                  v1::FeedbackSummary* out);

  absl::Status ListAuditEvents(const CallContext& call, const v1::ListAuditEventsRequest& req,
                               v1::ListAuditEventsResponse* out);

 private:
  db::Pool& pool_;
  LearningClient& learning_;
  CompetenceClient& competence_;
  const Clock& clock_;
  const QualityOptions options_;
};

}  // namespace valohub::quality

#endif  // VALOHUB_SERVICES_QUALITY_QUALITY_SERVICE_H_
