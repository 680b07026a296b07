// QualityService: quality models, the units' quality status and its feed, participant feedback
// and the audit trail (reviews are in quality_service_reviews.cc).
#include "services/quality/quality_service.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/quality/audit_store.h"
#include "services/quality/feedback_store.h"
#include "services/quality/model_store.h"
#include "services/quality/quality_service_support.h"
#include "services/quality/unit_status_store.h"
#include "services/runtime/etag.h"
#include "services/runtime/pagination.h"
#include "services/runtime/update_mask.h"

namespace valohub::quality {

std::vector<db::Query> AllQueries() {
  std::vector<db::Query> all;
  for (auto queries : {ModelStore::Queries(), ReviewStore::Queries(), UnitStatusStore::Queries(),
                       FeedbackStore::Queries(), AuditStore::Queries()}) {
    all.insert(all.end(), queries.begin(), queries.end());
  }
  return all;
}

namespace {

const std::vector<std::string> kModelMutable = {"title",         "description",
                                                "criteria",      "min_reviewers",
                                                "approval_validity_days", "score_scale_max"};

absl::Status RequireOperator(const Principal& p, const std::string& action) {
  if (absl::Status s = RequireCaller(p); !s.ok()) return s;
  if (IsOperator(p)) return absl::OkStatus();
  return NotAllowed(action + ": hub operators do");
}

// The period a summary covers: since the newest approval, or all of it.
absl::Time RatingsSince(const v1::UnitQuality& q) {
  const v1::Approval* a = FindApproval(q, 0);
  return a != nullptr ? FromProto(a->decision_time()) : absl::InfinitePast();
}

}  // namespace

absl::Status QualityService::EnsureDefaultModel(absl::Time deadline) {
  absl::Status s = pool_.Run(deadline, [&](db::Tx& tx) -> absl::Status {
    auto existing = ModelStore::Get(tx, kNationalModelId, 0);
    if (existing.ok()) return absl::OkStatus();
    if (existing.status().code() != absl::StatusCode::kNotFound) return existing.status();
    v1::QualityModel model = DefaultNationalModel();
    model.set_version(1);
    if (absl::Status s = ModelStore::Insert(tx, kNationalModelId, model); !s.ok()) return s;
    AuditStore::Append(tx, SystemActor("hub"),
                       {"MODEL_CREATED", {}, "", model.name() + " version 1"}, clock_.Now());
    return absl::OkStatus();
  });
  // Another replica wrote it first.
  if (s.code() == absl::StatusCode::kAlreadyExists) s = absl::OkStatus();
  if (!s.ok()) return s;
  // The model new reviews use must exist, or every submission would fail.
  return pool_.Run(deadline, [&](db::Tx& tx) -> absl::Status {
    return ModelStore::Get(tx, options_.default_model_id, 0).status();
  });
}

// ---- Models ----

absl::Status QualityService::GetQualityModel(const CallContext& call,
                                             const v1::GetQualityModelRequest& req,
                                             v1::QualityModel* out) {
  auto ids = ParseName(req.name(), "qualityModels/*", "name");
  if (!ids.ok()) return ids.status();
  if (req.version() < 0) return InvalidArgument({{"version", "must be 0 (newest) or above"}});
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto m = ModelStore::Get(tx, (*ids)[0], req.version());
    if (!m.ok()) return m.status();
    *out = *std::move(m);
    return absl::OkStatus();
  }, db::Isolation::kAutocommit);
}

absl::Status QualityService::ListQualityModels(const CallContext& call,
                                               const v1::ListQualityModelsRequest& req,
                                               v1::ListQualityModelsResponse* out) {
  auto page = ParsePage(req.page_size(), req.page_token(), "qualityModels");
  if (!page.ok()) return page.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    int64_t next = 0;
    auto models = ModelStore::List(tx, *page, &next);
    if (!models.ok()) return models.status();
    out->Clear();
    for (auto& m : *models) *out->add_quality_models() = std::move(m);
    if (next != 0) out->set_next_page_token(MakePageToken("qualityModels", next));
    return absl::OkStatus();
  });
}

absl::Status QualityService::CreateQualityModel(const CallContext& call,
                                                const v1::CreateQualityModelRequest& req,
                                                v1::QualityModel* out) {
  if (absl::Status s = RequireOperator(call.principal, "create quality models"); !s.ok()) return s;
  auto id = ChooseId(req.quality_model_id(), "quality_model_id");
  if (!id.ok()) return id.status();
  v1::QualityModel model = req.quality_model();
  model.set_name("qualityModels/" + *id);
  model.set_version(1);
  model.clear_create_time();
  model.clear_etag();
  ApplyModelDefaults(&model);
  Violations v;
  CheckModel(model, v);
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  const absl::Time now = clock_.Now();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    if (absl::Status s = ModelStore::Insert(tx, *id, model); !s.ok()) return s;
    AuditStore::Append(tx, call.principal, {"MODEL_CREATED", {}, "", model.name() + " version 1"},
                       now);
    auto stored = ModelStore::Get(tx, *id, 1);
    if (!stored.ok()) return stored.status();
    *out = *std::move(stored);
    return absl::OkStatus();
  });
}

absl::Status QualityService::UpdateQualityModel(const CallContext& call,
                                                const v1::UpdateQualityModelRequest& req,
                                                v1::QualityModel* out) {
  if (absl::Status s = RequireOperator(call.principal, "change quality models"); !s.ok()) return s;
  auto ids = ParseName(req.quality_model().name(), "qualityModels/*", "quality_model.name");
  if (!ids.ok()) return ids.status();
  auto etag = ParseEtag(req.quality_model().etag(), "quality_model.etag");
  if (!etag.ok()) return etag.status();
  const absl::Time now = clock_.Now();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto current = ModelStore::Get(tx, (*ids)[0], 0);
    if (!current.ok()) return current.status();
    if (*etag != 0 && *etag != current->version()) {
      return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                   current->name() + " has a newer version; read it again");
    }
    v1::QualityModel next = *current;
    if (absl::Status s = ApplyUpdate(req.quality_model(), req.update_mask(), kModelMutable, &next);
        !s.ok()) {
      return s;
    }
    next.set_version(current->version() + 1);
    next.clear_create_time();
    next.clear_etag();
    ApplyModelDefaults(&next);
    Violations v;
    CheckModel(next, v);
    if (absl::Status s = v.ToStatus(); !s.ok()) return s;
    // A concurrent update of the same version loses on the primary key.
    if (absl::Status s = ModelStore::Insert(tx, (*ids)[0], next); !s.ok()) {
      return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                   current->name() + " was changed at the same time; read it again");
    }
    AuditStore::Append(tx, call.principal,
                       {"MODEL_UPDATED", {}, "",
                        absl::StrCat(next.name(), " version ", next.version())},
                       now);
    auto stored = ModelStore::Get(tx, (*ids)[0], next.version());
    if (!stored.ok()) return stored.status();
    *out = *std::move(stored);
    return absl::OkStatus();
  });
}

// ---- Status ----

absl::Status QualityService::GetUnitQuality(const CallContext& call,
                                            const v1::GetUnitQualityRequest& req,
                                            v1::UnitQuality* out) {
  auto unit = ParseUnitRef(req.name(), "/quality", "name");
  if (!unit.ok()) return unit.status();
  if (req.version() < 0) {
    return InvalidArgument({{"version", "must be 0 (the newest approved version) or above"}});
  }
  const Principal& p = call.principal;
  if (!IsCoordinator(p) && !p.HasRole(kServiceRole)) {
    if (absl::Status s = RequireTenant(p, unit->institution_id); !s.ok()) return s;
  }
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto q = UnitStatusStore::Get(tx, *unit);
    if (!q.ok()) return q.status();
    *out = *std::move(q);
    Present(out, req.version(), clock_.Now());
    return absl::OkStatus();
  }, db::Isolation::kAutocommit);
}

absl::Status QualityService::ListUnitQualityChanges(const CallContext& call,
                                                    const v1::ListUnitQualityChangesRequest& req,
                                                    v1::ListUnitQualityChangesResponse* out) {
  if (absl::Status s = RequireRole(call.principal, {kServiceRole}, "follow quality changes");
      !s.ok()) {
    return s;
  }
  Violations v;
  v.Check(req.after_seq() >= 0, "after_seq", "must not be negative");
  v.Check(req.page_size() >= 0, "page_size", "must not be negative");
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  const int limit = req.page_size() == 0 ? 500 : std::min(req.page_size(), 1000);
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto changes = UnitStatusStore::Changes(tx, req.after_seq(), limit);
    if (!changes.ok()) return changes.status();
    out->Clear();
    const absl::Time now = clock_.Now();
    for (auto& q : *changes) {
      Present(&q, 0, now);
      *out->add_changes() = std::move(q);
    }
    return absl::OkStatus();
  }, db::Isolation::kAutocommit);
}

// ---- Feedback ----

absl::Status QualityService::CreateFeedback(const CallContext& call,
                                            const v1::CreateFeedbackRequest& req,
                                            v1::Feedback* out) {
  auto ids = ParseName(req.enrolment(), "institutions/*/units/*/enrolments/*", "enrolment");
  if (!ids.ok()) return ids.status();
  const UnitRef unit{(*ids)[0], (*ids)[1]};
  if (absl::Status s = RequireCaller(call.principal); !s.ok()) return s;
  if (PersonName(call.principal).empty()) {
    return Error(absl::StatusCode::kPermissionDenied, "ONLY_PARTICIPANTS",
                 "only the participant of " + req.enrolment() + " can rate the unit");
  }
  auto enrolment = learning_.GetEnrolment(call, req.enrolment());
  if (!enrolment.ok()) return enrolment.status();
  auto person = ParseName(enrolment->person(), "institutions/*/people/*", "person");
  if (!person.ok() || !IsSelf(call.principal, (*person)[0], (*person)[1])) {
    return Error(absl::StatusCode::kPermissionDenied, "ONLY_PARTICIPANTS",
                 "only the participant of " + req.enrolment() + " can rate the unit");
  }
  // Validated once the caller is known to be the participant.
  Violations v;
  const auto& r = req.ratings();
  for (const auto& [field, value] : {std::pair<const char*, int>{"relevance", r.relevance()},
                                     {"clarity", r.clarity()},
                                     {"assessment", r.assessment()},
                                     {"workload", r.workload()}}) {
    v.Check(value >= 1 && value <= 5, absl::StrCat("ratings.", field), "must be 1-5");
  }
  v.Check(req.comment().size() <= 4000, "comment", "must be at most 4000 bytes");
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;

  if (enrolment->state() != learning::v1::COMPLETED) {
    return Error(absl::StatusCode::kFailedPrecondition, "NOT_COMPLETED",
                 req.enrolment() + " is " + learning::v1::EnrolmentState_Name(enrolment->state()) +
                     "; feedback is given after completion");
  }
  v1::Feedback feedback;
  feedback.set_unit(unit.Name());
  feedback.set_unit_version(enrolment->unit_version());
  *feedback.mutable_ratings() = r;
  feedback.set_comment(req.comment());
  const absl::Time now = clock_.Now();
  ToProto(now, feedback.mutable_create_time());
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    // The status row first: feedback of one unit is counted one transaction at a time.
    auto status = UnitStatusStore::Lock(tx, unit);
    if (!status.ok()) return status.status();
    if (absl::Status s = FeedbackStore::Insert(tx, unit, req.enrolment(), feedback, now); !s.ok()) {
      return s;
    }
    // Ratings of a version since its approval decide whether that approval is flagged.
    v1::Approval* approval = FindApproval(&*status, enrolment->unit_version());
    if (approval != nullptr && !approval->has_flag_time()) {
      auto agg = FeedbackStore::Aggregate(tx, unit, enrolment->unit_version(),
                                          FromProto(approval->decision_time()), false);
      if (!agg.ok()) return agg.status();
      if (agg->count >= options_.flag_min_ratings && agg->mean < options_.flag_below_mean) {
        ToProto(now, approval->mutable_flag_time());
        if (absl::Status s = UnitStatusStore::Put(tx, unit, &*status); !s.ok()) return s;
        AuditStore::Append(tx, SystemActor("feedback-threshold"),
                           {"UNIT_FLAGGED", unit, "",
                            absl::StrFormat("version %d: %d ratings since the approval, mean %.2f "
                                            "below %.2f; the unit needs a new review",
                                            enrolment->unit_version(), agg->count, agg->mean,
                                            options_.flag_below_mean)},
                           now);
      }
    }
    *out = feedback;
    return absl::OkStatus();
  });
}

absl::Status QualityService::GetFeedbackSummary(const CallContext& call,
                                                const v1::GetFeedbackSummaryRequest& req,
                                                v1::FeedbackSummary* out) {
  auto unit = ParseUnitRef(req.name(), "/feedbackSummary", "name");
  if (!unit.ok()) return unit.status();
  const Principal& p = call.principal;
  if (absl::Status s = RequireCaller(p); !s.ok()) return s;
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    bool allowed = IsCoordinator(p) || IsProviderStaff(p, unit->institution_id);
    if (!allowed && !PersonName(p).empty()) {
      auto reviewer = ReviewStore::IsReviewerOfUnit(tx, *unit, p.institution, p.person);
      if (!reviewer.ok()) return reviewer.status();
      allowed = *reviewer;
    }
    if (!allowed) {
      return NotAllowed("read the feedback of " + unit->Name() +
                        ": its provider, its reviewers and quality coordinators do");
    }
    auto status = UnitStatusStore::Get(tx, *unit);
    if (!status.ok()) return status.status();
    const absl::Time since = RatingsSince(*status);
    auto agg = FeedbackStore::Aggregate(tx, *unit, 0, since, true);
    if (!agg.ok()) return agg.status();
    out->Clear();
    out->set_unit(unit->Name());
    if (since != absl::InfinitePast()) ToProto(since, out->mutable_since());
    out->set_flag_min_ratings(options_.flag_min_ratings);
    out->set_flag_below_mean(options_.flag_below_mean);
    if (agg->count < kMinRatingsShown) {
      out->set_suppressed(true);
      return absl::OkStatus();
    }
    out->set_rating_count(agg->count);
    *out->mutable_mean_ratings() = agg->means;
    out->set_mean(agg->mean);
    for (auto& c : agg->comments) out->add_comments(std::move(c));
    return absl::OkStatus();
  });
}

// ---- Audit ----

absl::Status QualityService::ListAuditEvents(const CallContext& call,
                                             const v1::ListAuditEventsRequest& req,
                                             v1::ListAuditEventsResponse* out) {
  const Principal& p = call.principal;
  if (absl::Status s = RequireCaller(p); !s.ok()) return s;
  UnitRef unit;
  if (!req.unit().empty()) {
    auto parsed = ParseUnitRef(req.unit(), "", "unit");
    if (!parsed.ok()) return parsed.status();
    unit = *parsed;
  }
  std::string review_id;
  if (!req.review().empty()) {
    auto parsed = ParseReview(req.review(), "review");
    if (!parsed.ok()) return parsed.status();
    review_id = *parsed;
  }
  if (!IsCoordinator(p) &&
      (unit.institution_id.empty() || !IsProviderStaff(p, unit.institution_id))) {
    return NotAllowed("read this audit trail: give a unit of your institution");
  }
  const std::string scope = absl::StrCat("audit|", req.unit(), "|", req.review());
  auto page = ParsePage(req.page_size(), req.page_token(), scope);
  if (!page.ok()) return page.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    int64_t next = 0;
    auto events = AuditStore::List(tx, unit, review_id, *page, &next);
    if (!events.ok()) return events.status();
    out->Clear();
    for (auto& e : *events) {
      auto ref = ParseUnitRef(e.unit(), "", "unit");
      const bool coordinator =
          IsOperator(p) || (IsCoordinator(p) && !(ref.ok() && p.institution == ref->institution_id));
      // Reviews are blind: the provider reads that reviewers were assigned and scored, not who.
      if (!coordinator && (e.action() == "REVIEWERS_ASSIGNED" ||
                           e.action() == "SCORECARD_SUBMITTED")) {
        e.clear_actor();
        e.clear_actor_institution();
        e.clear_detail();
      }
      *out->add_events() = std::move(e);
    }
    if (next != 0) out->set_next_page_token(MakePageToken(scope, next));
    return absl::OkStatus();
  });
}

}  // namespace valohub::quality
