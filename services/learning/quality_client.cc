#include "services/learning/quality_client.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/learning/competence_client.h"
#include "services/runtime/authorization.h"
#include "services/runtime/channel.h"
#include "services/runtime/status.h"

namespace valohub::learning {
namespace {

absl::Status UnavailableError(const std::string& what_fails) {
  return Error(absl::StatusCode::kUnavailable, "QUALITY_SERVICE_UNAVAILABLE",
               "the quality service cannot be reached, so " + what_fails +
                   " (never on doubt); try again shortly");
}

}  // namespace

v1::QualityLabel LabelOf(const quality::v1::UnitQuality& q) {
  v1::QualityLabel label;
  label.set_status(quality::v1::UnitQuality::Status_Name(q.status()));
  if (q.approved_version() > 0) {
    label.set_model(q.model());
    label.set_model_version(q.model_version());
    *label.mutable_decision_time() = q.decision_time();
    *label.mutable_valid_until() = q.valid_until();
  }
  return label;
}

v1::QualityLabel LabelFor(const quality::v1::UnitQuality& q, int version) {
  if (version == 0) return LabelOf(q);
  v1::QualityLabel label;
  for (const auto& a : q.approvals()) {
    if (a.unit_version() != version) continue;
    label.set_status(quality::v1::UnitQuality::Status_Name(a.status()));
    label.set_model(a.model());
    label.set_model_version(a.model_version());
    *label.mutable_decision_time() = a.decision_time();
    *label.mutable_valid_until() = a.valid_until();
    return label;
  }
  // No approval of this version (another version's approval does not speak for it).
  label.set_status(!q.open_review().empty()                  ? "IN_REVIEW"
                   : q.last_outcome() == quality::v1::REJECTED ? "REJECTED"
                                                               : "NOT_REVIEWED");
  return label;
}

QualityServiceGate::QualityServiceGate(std::shared_ptr<grpc::Channel> channel)
    : channel_(channel), stub_(quality::v1::QualityService::NewStub(channel)) {}

absl::Status QualityServiceGate::Submit(const CallContext& call, const v1::Unit& unit,
                                        const std::string& digest) {
  AwaitConnected(*channel_, call);
  grpc::ClientContext context;
  PropagateCall(call, context);
  quality::v1::CreateReviewRequest req;
  *req.mutable_unit() = unit;
  req.set_unit_digest(digest);
  quality::v1::Review review;
  grpc::Status s = stub_->CreateReview(&context, req, &review);
  if (IsUnreachable(s)) return UnavailableError(unit.name() + " stays as it was and is not submitted");
  if (absl::Status st = FromGrpcStatus(s); !st.ok()) return st;
  if (review.state() == quality::v1::OPEN) return absl::OkStatus();
  std::vector<FieldViolation> violations;
  for (const auto& r : review.automatic_results()) {
    if (r.mandatory() && !r.passed()) {
      violations.push_back({r.field(), r.criterion() + ": " + r.message()});
    }
  }
  return AutomaticChecksFailed(unit.name(),
                               absl::StrCat("see ", review.name(), ": ",
                                            review.decision().comment()),
                               violations);
}

absl::Status QualityServiceGate::Withdraw(const CallContext& call, const std::string& unit,
                                          int version, const std::string& digest,
                                          const std::string& reason) {
  AwaitConnected(*channel_, call);
  grpc::ClientContext context;
  PropagateCall(call, context);
  quality::v1::WithdrawReviewRequest req;
  req.set_unit(unit);
  req.set_unit_version(version);
  req.set_unit_digest(digest);
  req.set_reason(reason);
  quality::v1::WithdrawReviewResponse out;
  grpc::Status s = stub_->WithdrawReview(&context, req, &out);
  if (IsUnreachable(s)) {
    return UnavailableError("the review of " + unit + " cannot be withdrawn and the unit stays "
                            "as it was");
  }
  return FromGrpcStatus(s);
}

absl::StatusOr<quality::v1::UnitQuality> QualityServiceGate::Status(const CallContext& call,
                                                                    const std::string& unit,
                                                                    int version,
                                                                    const std::string& what_fails) {
  AwaitConnected(*channel_, call);
  grpc::ClientContext context;
  PropagateCall(call, context);
  quality::v1::GetUnitQualityRequest req;
  req.set_name(unit + "/quality");
  req.set_version(version);
  quality::v1::UnitQuality out;
  grpc::Status s = stub_->GetUnitQuality(&context, req, &out);
  if (IsUnreachable(s)) return UnavailableError(what_fails);
  if (absl::Status st = FromGrpcStatus(s); !st.ok()) return st;
  return out;
}

absl::StatusOr<Approval> QualityServiceGate::CheckPublishable(const CallContext& call,
                                                              const std::string& unit,
                                                              int version,
                                                              const std::string& digest) {
  auto q = Status(call, unit, version, "nothing is published");
  if (!q.ok()) return q.status();
  if (q->status() != quality::v1::UnitQuality::APPROVED || q->approved_version() != version ||
      q->approved_digest() != digest) {
    std::string why = absl::StrCat("its quality status is ",
                                   quality::v1::UnitQuality::Status_Name(q->status()));
    if (q->approved_version() > 0 && q->approved_version() != version) {
      absl::StrAppend(&why, " (the approval is of version ", q->approved_version(), ")");
    } else if (q->approved_version() == version && q->approved_digest() != digest) {
      absl::StrAppend(&why, " (the approved content has changed since)");
    }
    return Error(absl::StatusCode::kFailedPrecondition, "NOT_QUALITY_APPROVED",
                 absl::StrCat(unit, " version ", version, " has no valid quality approval: ", why,
                              "; it can be published once a review approves this version"));
  }
  return Approval{LabelOf(*q), q->seq()};
}

absl::Status QualityServiceGate::CheckIssuable(const CallContext& call, const std::string& unit,
                                               int version) {
  auto q = Status(call, unit, version, "no credential is issued");
  if (!q.ok()) return q.status();
  if (q->status() != quality::v1::UnitQuality::APPROVED) {
    return Error(absl::StatusCode::kFailedPrecondition, "UNIT_NOT_APPROVED",
                 "credentials of " + unit + " are not issued while the quality status of " +
                     (version != 0 ? absl::StrCat("its version ", version, " in the catalogue")
                                   : std::string("its newest approved version")) + " is " +
                     quality::v1::UnitQuality::Status_Name(q->status()) +
                     "; credentials issued earlier stay valid");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<quality::v1::UnitQuality>> QualityServiceGate::Changes(
    int64_t after_seq, int limit, absl::Duration timeout) {
  const CallContext service = ServiceCall(kServiceSubject, "", NewUuid(), absl::Now() + timeout);
  grpc::ClientContext context;
  PropagateCall(service, context);
  quality::v1::ListUnitQualityChangesRequest req;
  req.set_after_seq(after_seq);
  req.set_page_size(limit);
  quality::v1::ListUnitQualityChangesResponse out;
  if (absl::Status s = FromGrpcStatus(stub_->ListUnitQualityChanges(&context, req, &out));
      !s.ok()) {
    return s;
  }
  return std::vector<quality::v1::UnitQuality>(out.changes().begin(), out.changes().end());
}

}  // namespace valohub::learning
