// QualityService: reviews, from submission through assignment and scoring to the decision.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "services/quality/audit_store.h"
#include "services/quality/model_store.h"
#include "services/quality/quality_service.h"
#include "services/quality/quality_service_support.h"
#include "services/quality/unit_status_store.h"
#include "services/runtime/etag.h"
#include "services/runtime/pagination.h"

namespace valohub::quality {

absl::StatusOr<std::string> ParseReview(const std::string& name, const std::string& field) {
  auto ids = ParseName(name, "reviews/*", field);
  if (!ids.ok()) return ids.status();
  const std::string& id = (*ids)[0];
  bool ok = id.size() == 36;
  for (size_t i = 0; ok && i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    ok = dash ? id[i] == '-' : absl::ascii_isxdigit(id[i]) && !absl::ascii_isupper(id[i]);
  }
  if (!ok) return InvalidArgument({{field, "must be reviews/{id} with the id a review was given"}});
  return id;
}

namespace {

std::string ModelId(const std::string& model_name) {
  return model_name.substr(std::string("qualityModels/").size());
}

// What each reader of a review sees. Reviews are blind: the provider never learns who
// reviewed, and a reviewer sees only their own scorecard until the review is decided.
enum class Reader { kCoordinator, kReviewer, kProvider };

void Redact(Reader reader, const std::string& me, v1::Review* r) {
  if (reader == Reader::kCoordinator) return;
  if (reader == Reader::kProvider) {
    for (auto& a : *r->mutable_assignments()) {
      a.clear_reviewer();
      a.clear_assigned_by();
    }
    for (auto& c : *r->mutable_scorecards()) c.clear_reviewer();
    return;
  }
  // While the review is open a reviewer scores independently: no other scorecard, no means
  // (which would give the other scores away), no other reviewer's name. A withdrawn review stays
  // so: its reviewers may be assigned to the next submission.
  if (r->state() == v1::OPEN || r->state() == v1::WITHDRAWN) {
    auto* cards = r->mutable_scorecards();
    for (int i = cards->size() - 1; i >= 0; --i) {
      if ((*cards)[i].reviewer() != me) cards->DeleteSubrange(i, 1);
    }
    for (auto& a : *r->mutable_assignments()) {
      if (a.reviewer() != me) a.clear_reviewer();
    }
    r->clear_criterion_results();
    r->clear_weighted_score();
  }
}

bool IsAssigned(const v1::Review& r, const std::string& person) {
  if (person.empty()) return false;
  for (const auto& a : r.assignments()) {
    if (a.reviewer() == person) return true;
  }
  return false;
}

// Who may read `review`, and as whom; PERMISSION_DENIED for everyone else. A quality
// coordinator of the providing institution reads its own unit's reviews as the provider does.
absl::StatusOr<Reader> ReaderOf(const Principal& p, const v1::Review& review) {
  auto unit = ParseUnitRef(review.unit(), "", "unit");
  const bool own = unit.ok() && !IsOperator(p) && p.institution == unit->institution_id;
  // An assigned reviewer reads as a reviewer, even one who also coordinates.
  if (IsAssigned(review, PersonName(p))) return Reader::kReviewer;
  if (IsCoordinator(p) && !own) return Reader::kCoordinator;
  if (unit.ok() && (IsProviderStaff(p, unit->institution_id) || (own && IsCoordinator(p)))) {
    return Reader::kProvider;
  }
  return NotAllowed("read " + review.name());
}

// The stored review, read without a lock.
absl::StatusOr<v1::Review> ReadReview(db::Pool& pool, const CallContext& call,
                                      const std::string& id) {
  v1::Review review;
  if (absl::Status s = pool.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
        auto r = ReviewStore::Get(tx, id);
        if (!r.ok()) return r.status();
        review = *std::move(r);
        return absl::OkStatus();
      });
      !s.ok()) {
    return s;
  }
  return review;
}

absl::Status CheckOpen(const v1::Review& r) {
  if (r.state() == v1::OPEN) return absl::OkStatus();
  return Error(absl::StatusCode::kFailedPrecondition, "REVIEW_CLOSED",
               r.name() + " is " + v1::ReviewState_Name(r.state()) + "; only an OPEN review changes");
}

absl::Status CheckEtag(const v1::Review& r, const std::string& etag_text) {
  auto etag = ParseEtag(etag_text, "etag");
  if (!etag.ok()) return etag.status();
  if (*etag != 0 && MakeEtag(*etag) != r.etag()) {
    return Error(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                 r.name() + " was changed since it was read; read it again");
  }
  return absl::OkStatus();
}

// A coordinator of the providing institution does not run its own unit's review.
absl::Status CheckNotOwnUnit(const Principal& p, const UnitRef& unit, const std::string& action) {
  if (!IsOperator(p) && p.institution == unit.institution_id) {
    return Error(absl::StatusCode::kPermissionDenied, "OWN_UNIT",
                 "a provider cannot " + action + " for its own unit " + unit.Name() +
                     "; a quality coordinator of another institution or a hub operator does");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status QualityService::CreateReview(const CallContext& call,
                                          const v1::CreateReviewRequest& req, v1::Review* out) {
  auto unit = ParseUnitRef(req.unit().name(), "", "unit.name");
  if (!unit.ok()) return unit.status();
  if (absl::Status s = RequireTenant(call.principal, unit->institution_id); !s.ok()) return s;
  if (absl::Status s = RequireRole(call.principal, {kInstitutionAdmin, kManager},
                                   "submit " + unit->Name() + " for review");
      !s.ok()) {
    return s;
  }
  Violations v;
  v.Check(req.unit().version() >= 1, "unit.version", "must be the version submitted, 1 or above");
  v.Check(!req.unit_digest().empty() && req.unit_digest().size() <= 128, "unit_digest",
          "is required, at most 128 characters");
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  const absl::Time now = clock_.Now();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto model = ModelStore::Get(tx, options_.default_model_id, 0);
    if (!model.ok()) return model.status();
    v1::UnitQuality status;
    if (auto st = UnitStatusStore::Lock(tx, *unit); st.ok()) {
      status = *std::move(st);
    } else {
      return st.status();
    }
    auto open = ReviewStore::LockOpen(tx, *unit);
    if (!open.ok()) return open.status();
    if (open->has_value()) {
      auto previous = ReviewStore::Lock(tx, **open);
      if (!previous.ok()) return previous.status();
      previous->set_state(v1::WITHDRAWN);
      if (auto s = ReviewStore::Update(tx, **open, *previous); !s.ok()) return s.status();
      AuditStore::Append(tx, call.principal,
                         {"REVIEW_WITHDRAWN", *unit, **open, "replaced by a newer submission"},
                         now);
      status.clear_open_review();
    }

    const std::string id = NewUuid();
    v1::Review review;
    review.set_name("reviews/" + id);
    review.set_unit(unit->Name());
    review.set_unit_version(req.unit().version());
    review.set_unit_digest(req.unit_digest());
    *review.mutable_snapshot() = req.unit();
    review.set_model(model->name());
    review.set_model_version(model->version());
    review.set_submitted_by(call.principal.subject);
    const auto results = RunAutomaticChecks(*model, req.unit());
    for (const auto& r : results) *review.add_automatic_results() = r;
    ScoreReview(*model, &review);
    const bool passed = MandatoryChecksPassed(results);
    if (passed) {
      review.set_state(v1::OPEN);
      status.set_open_review(review.name());
    } else {
      std::vector<std::string> failed;
      for (const auto& r : results) {
        if (r.mandatory() && !r.passed()) failed.push_back(r.criterion() + ": " + r.message());
      }
      review.set_state(v1::CHANGES_REQUESTED);
      v1::Decision* d = review.mutable_decision();
      d->set_outcome(v1::CHANGES_REQUESTED);
      d->set_comment("The automatic checks failed: " + absl::StrJoin(failed, "; "));
      d->set_decided_by(kAutomaticChecksActor);
      ToProto(now, d->mutable_decide_time());
      status.set_last_review(review.name());
      status.set_last_outcome(v1::CHANGES_REQUESTED);
    }
    if (absl::Status s = ReviewStore::Insert(tx, id, *unit, review); !s.ok()) return s;
    if (absl::Status s = UnitStatusStore::Put(tx, *unit, &status); !s.ok()) return s;
    AuditStore::Append(tx, call.principal,
                       {"REVIEW_CREATED", *unit, id,
                        absl::StrCat("version ", review.unit_version(), " under ", model->name(),
                                     " version ", model->version())},
                       now);
    if (!passed) {
      AuditStore::Append(tx, SystemActor(kAutomaticChecksActor),
                         {"AUTOMATIC_CHECKS_FAILED", *unit, id, review.decision().comment()}, now);
    }
    auto stored = ReviewStore::Get(tx, id);
    if (!stored.ok()) return stored.status();
    *out = *std::move(stored);
    return absl::OkStatus();
  });
}

absl::Status QualityService::WithdrawReview(const CallContext& call,
                                            const v1::WithdrawReviewRequest& req,
                                            v1::WithdrawReviewResponse* out) {
  auto unit = ParseUnitRef(req.unit(), "", "unit");
  if (!unit.ok()) return unit.status();
  if (absl::Status s = RequireTenant(call.principal, unit->institution_id); !s.ok()) return s;
  if (absl::Status s = RequireRole(call.principal, {kInstitutionAdmin, kManager},
                                   "withdraw the review of " + unit->Name());
      !s.ok()) {
    return s;
  }
  Violations v;
  v.Check(req.unit_version() >= 1, "unit_version", "must be the version in review, 1 or above");
  v.Check(!req.unit_digest().empty() && req.unit_digest().size() <= 128, "unit_digest",
          "is required, at most 128 characters");
  v.Check(!req.reason().empty() && req.reason().size() <= 500, "reason",
          "is required, at most 500 characters");
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  const absl::Time now = clock_.Now();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    // The status row first, as CreateReview and DecideReview lock them.
    auto status = UnitStatusStore::Lock(tx, *unit);
    if (!status.ok()) return status.status();
    auto open = ReviewStore::LockOpen(tx, *unit);
    if (!open.ok()) return open.status();
    out->clear_review();
    if (!open->has_value()) return absl::OkStatus();
    auto review = ReviewStore::Lock(tx, **open);
    if (!review.ok()) return review.status();
    if (review->unit_version() != req.unit_version() ||
        review->unit_digest() != req.unit_digest()) {
      return absl::OkStatus();
    }
    review->set_state(v1::WITHDRAWN);
    if (auto s = ReviewStore::Update(tx, **open, *review); !s.ok()) return s.status();
    AuditStore::Append(tx, call.principal, {"REVIEW_WITHDRAWN", *unit, **open, req.reason()}, now);
    if (status->open_review() == review->name()) status->clear_open_review();
    if (absl::Status s = UnitStatusStore::Put(tx, *unit, &*status); !s.ok()) return s;
    out->set_review(review->name());
    return absl::OkStatus();
  });
}

absl::Status QualityService::GetReview(const CallContext& call, const v1::GetReviewRequest& req,
                                       v1::Review* out) {
  auto id = ParseReview(req.name(), "name");
  if (!id.ok()) return id.status();
  if (absl::Status s = RequireCaller(call.principal); !s.ok()) return s;
  auto read = ReadReview(pool_, call, *id);
  if (!read.ok()) return read.status();
  v1::Review review = *std::move(read);
  auto reader = ReaderOf(call.principal, review);
  if (!reader.ok()) return reader.status();
  Redact(*reader, PersonName(call.principal), &review);
  *out = std::move(review);
  return absl::OkStatus();
}

absl::Status QualityService::ListReviews(const CallContext& call, const v1::ListReviewsRequest& req,
                                         v1::ListReviewsResponse* out) {
  if (absl::Status s = RequireCaller(call.principal); !s.ok()) return s;
  ReviewFilter filter;
  if (!req.unit().empty()) {
    auto unit = ParseUnitRef(req.unit(), "", "unit");
    if (!unit.ok()) return unit.status();
    filter.unit = *unit;
  }
  if (req.state() != v1::REVIEW_STATE_UNSPECIFIED) {
    if (!v1::ReviewState_IsValid(req.state())) {
      return InvalidArgument({{"state", "is not a review state"}});
    }
    filter.state = v1::ReviewState_Name(req.state());
  }
  Reader reader = Reader::kCoordinator;
  const std::string me = PersonName(call.principal);
  if (req.assigned_to_me()) {
    if (me.empty()) return NotAllowed("list assigned reviews without being a person of the hub");
    filter.reviewer_institution_id = call.principal.institution;
    filter.reviewer_person_id = call.principal.person;
    reader = Reader::kReviewer;
  } else if (!IsCoordinator(call.principal)) {
    if (!filter.unit || !IsProviderStaff(call.principal, filter.unit->institution_id)) {
      return NotAllowed(
          "list these reviews: give a unit of your institution, or assigned_to_me");
    }
    reader = Reader::kProvider;
  }
  const std::string scope = absl::StrCat("reviews|", req.unit(), "|", filter.state, "|",
                                         filter.reviewer_institution_id, "|",
                                         filter.reviewer_person_id);
  auto page = ParsePage(req.page_size(), req.page_token(), scope);
  if (!page.ok()) return page.status();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    int64_t next = 0;
    auto reviews = ReviewStore::List(tx, filter, *page, &next);
    if (!reviews.ok()) return reviews.status();
    out->Clear();
    for (auto& r : *reviews) {
      // A coordinator's list may hold their own institution's units: those read as provider.
      Reader as = reader;
      if (reader == Reader::kCoordinator) {
        auto who = ReaderOf(call.principal, r);
        as = who.ok() ? *who : Reader::kProvider;
      }
      Redact(as, me, &r);
      *out->add_reviews() = std::move(r);
    }
    if (next != 0) out->set_next_page_token(MakePageToken(scope, next));
    return absl::OkStatus();
  });
}

absl::Status QualityService::AssignReviewers(const CallContext& call,
                                             const v1::AssignReviewersRequest& req,
                                             v1::Review* out) {
  auto id = ParseReview(req.name(), "name");
  if (!id.ok()) return id.status();
  if (absl::Status s = RequireCaller(call.principal); !s.ok()) return s;
  if (!IsCoordinator(call.principal)) {
    return NotAllowed("assign reviewers: hub operators and quality coordinators do");
  }
  Violations v;
  v.Check(req.reviewers_size() >= 1 && req.reviewers_size() <= 10, "reviewers",
          "must name 1-10 reviewers");
  std::vector<std::pair<std::string, std::string>> people;
  for (int i = 0; i < req.reviewers_size(); ++i) {
    const std::string f = absl::StrCat("reviewers[", i, "]");
    auto ids = ParseName(req.reviewers(i), "institutions/*/people/*", f);
    if (!ids.ok()) {
      v.Add(f, "must be a person, institutions/{institution}/people/{person}");
      continue;
    }
    for (const auto& [inst, person] : people) {
      if (inst == (*ids)[0] && person == (*ids)[1]) v.Add(f, "is listed twice");
    }
    people.emplace_back((*ids)[0], (*ids)[1]);
  }
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  // The rules on the review as it stands: checked on a first read, then again under the lock.
  auto check = [&](const v1::Review& review) -> absl::StatusOr<UnitRef> {
    if (absl::Status s = CheckEtag(review, req.etag()); !s.ok()) return s;
    if (absl::Status s = CheckOpen(review); !s.ok()) return s;
    auto unit = ParseUnitRef(review.unit(), "", "unit");
    if (!unit.ok()) return unit.status();
    if (absl::Status s = CheckNotOwnUnit(call.principal, *unit, "assign reviewers"); !s.ok()) {
      return s;
    }
    for (size_t i = 0; i < people.size(); ++i) {
      if (req.reviewers(i) == PersonName(call.principal)) {
        return Error(absl::StatusCode::kFailedPrecondition, "SELF_ASSIGNMENT",
                     absl::StrCat("reviewers[", i, "] is the caller; rule: whoever assigns the "
                                  "reviewers does not review"));
      }
      if (people[i].first == unit->institution_id) {
        return Error(absl::StatusCode::kFailedPrecondition, "REVIEWER_CONFLICT_OF_INTEREST",
                     absl::StrCat("reviewers[", i, "] ", req.reviewers(i),
                                  " belongs to the providing institution institutions/",
                                  unit->institution_id,
                                  "; rule: a reviewer must not belong to the institution that "
                                  "provides the unit (conflict of interest)"));
      }
    }
    return unit;
  };
  auto read = ReadReview(pool_, call, *id);
  if (!read.ok()) return read.status();
  const v1::Review first = *std::move(read);
  if (auto unit = check(first); !unit.ok()) return unit.status();
  // Each new reviewer must be a person on the hub: a misspelt name would leave the review
  // waiting for a scorecard nobody can send. Asked before the transaction, so no row stays
  // locked while the competence service answers; each question gets at most 5 s.
  Violations missing;
  for (size_t i = 0; i < people.size(); ++i) {
    if (IsAssigned(first, req.reviewers(i))) continue;
    CallContext ask = call;
    ask.deadline = std::min(call.deadline, absl::Now() + absl::Seconds(5));
    absl::Status s = competence_.CheckPerson(ask, people[i].first, people[i].second);
    if (s.code() == absl::StatusCode::kNotFound) {
      missing.Add(absl::StrCat("reviewers[", i, "]"),
                  req.reviewers(i) + " does not exist; a reviewer is a person of an "
                                     "institution on the hub");
    } else if (!s.ok()) {
      return s;
    }
  }
  if (absl::Status s = missing.ToStatus(); !s.ok()) return s;
  const absl::Time now = clock_.Now();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto review = ReviewStore::Lock(tx, *id);
    if (!review.ok()) return review.status();
    auto unit = check(*review);
    if (!unit.ok()) return unit.status();
    std::vector<std::string> added;
    for (size_t i = 0; i < people.size(); ++i) {
      if (IsAssigned(*review, req.reviewers(i))) continue;
      v1::Assignment* a = review->add_assignments();
      a->set_reviewer(req.reviewers(i));
      a->set_assigned_by(call.principal.subject);
      ToProto(now, a->mutable_assign_time());
      if (absl::Status s =
              ReviewStore::AddReviewer(tx, *id, *unit, people[i].first, people[i].second);
          !s.ok()) {
        return s;
      }
      added.push_back(req.reviewers(i));
    }
    auto model = ModelStore::Get(tx, ModelId(review->model()), review->model_version());
    if (!model.ok()) return model.status();
    if (review->assignments_size() < model->min_reviewers()) {
      return Error(absl::StatusCode::kFailedPrecondition, "TOO_FEW_REVIEWERS",
                   absl::StrCat(review->model(), " needs at least ", model->min_reviewers(),
                                " reviewers; ", review->name(), " would have ",
                                review->assignments_size()));
    }
    auto updated = ReviewStore::Update(tx, *id, *review);
    if (!updated.ok()) return updated.status();
    if (!added.empty()) {
      AuditStore::Append(tx, call.principal,
                         {"REVIEWERS_ASSIGNED", *unit, *id, absl::StrJoin(added, ", ")}, now);
    }
    *out = *std::move(updated);
    return absl::OkStatus();
  });
}

absl::Status QualityService::SubmitScorecard(const CallContext& call,
                                             const v1::SubmitScorecardRequest& req,
                                             v1::Review* out) {
  auto id = ParseReview(req.name(), "name");
  if (!id.ok()) return id.status();
  if (absl::Status s = RequireCaller(call.principal); !s.ok()) return s;
  const std::string me = PersonName(call.principal);
  const absl::Time now = clock_.Now();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    auto review = ReviewStore::Lock(tx, *id);
    if (!review.ok()) return review.status();
    if (!IsAssigned(*review, me)) {
      return Error(absl::StatusCode::kPermissionDenied, "NOT_ASSIGNED",
                   "the caller is not assigned to review " + review->name() +
                       "; only its assigned reviewers score it");
    }
    if (absl::Status s = CheckOpen(*review); !s.ok()) return s;
    auto model = ModelStore::Get(tx, ModelId(review->model()), review->model_version());
    if (!model.ok()) return model.status();
    if (absl::Status s = CheckScorecard(*model, req.scores()); !s.ok()) return s;
    v1::Scorecard* card = nullptr;
    for (auto& c : *review->mutable_scorecards()) {
      if (c.reviewer() == me) card = &c;
    }
    if (card == nullptr) card = review->add_scorecards();
    card->set_reviewer(me);
    *card->mutable_scores() = req.scores();
    ToProto(now, card->mutable_submit_time());
    for (auto& a : *review->mutable_assignments()) {
      if (a.reviewer() == me) a.set_scored(true);
    }
    ScoreReview(*model, review.operator->());
    auto updated = ReviewStore::Update(tx, *id, *review);
    if (!updated.ok()) return updated.status();
    auto unit = ParseUnitRef(review->unit(), "", "unit");
    if (!unit.ok()) return unit.status();
    AuditStore::Append(tx, call.principal, {"SCORECARD_SUBMITTED", *unit, *id, me}, now);
    *out = *std::move(updated);
    Redact(Reader::kReviewer, me, out);
    return absl::OkStatus();
  });
}

absl::Status QualityService::DecideReview(const CallContext& call,
                                          const v1::DecideReviewRequest& req, v1::Review* out) {
  auto id = ParseReview(req.name(), "name");
  if (!id.ok()) return id.status();
  if (absl::Status s = RequireCaller(call.principal); !s.ok()) return s;
  if (!IsCoordinator(call.principal)) {
    return NotAllowed("decide reviews: hub operators and quality coordinators do");
  }
  Violations v;
  v.Check(req.outcome() == v1::APPROVED || req.outcome() == v1::CHANGES_REQUESTED ||
              req.outcome() == v1::REJECTED,
          "outcome", "must be APPROVED, CHANGES_REQUESTED or REJECTED");
  v.Check(req.outcome() == v1::APPROVED || !req.comment().empty(), "comment",
          "is required unless APPROVED: it tells the provider what to change or why");
  v.Check(req.comment().size() <= 10000, "comment", "must be at most 10000 bytes");
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  const absl::Time now = clock_.Now();
  return pool_.Run(call.deadline, [&](db::Tx& tx) -> absl::Status {
    // The unit's status first, then the review: the order CreateReview takes them in.
    auto peek = ReviewStore::Get(tx, *id);
    if (!peek.ok()) return peek.status();
    auto unit = ParseUnitRef(peek->unit(), "", "unit");
    if (!unit.ok()) return unit.status();
    if (absl::Status s = CheckNotOwnUnit(call.principal, *unit, "decide the review"); !s.ok()) {
      return s;
    }
    auto status = UnitStatusStore::Lock(tx, *unit);
    if (!status.ok()) return status.status();
    auto review = ReviewStore::Lock(tx, *id);
    if (!review.ok()) return review.status();
    if (absl::Status s = CheckEtag(*review, req.etag()); !s.ok()) return s;
    if (absl::Status s = CheckOpen(*review); !s.ok()) return s;
    auto model = ModelStore::Get(tx, ModelId(review->model()), review->model_version());
    if (!model.ok()) return model.status();
    if (req.outcome() == v1::APPROVED) {
      if (absl::Status s = CheckApprovable(*model, *review); !s.ok()) return s;
    }
    v1::Decision* d = review->mutable_decision();
    d->set_outcome(req.outcome());
    d->set_comment(req.comment());
    d->set_decided_by(call.principal.subject);
    ToProto(now, d->mutable_decide_time());
    const absl::Time valid_until = now + absl::Hours(24) * model->approval_validity_days();
    if (req.outcome() == v1::APPROVED) ToProto(valid_until, d->mutable_valid_until());
    review->set_state(req.outcome());
    auto updated = ReviewStore::Update(tx, *id, *review);
    if (!updated.ok()) return updated.status();

    if (status->open_review() == review->name()) status->clear_open_review();
    status->set_last_review(review->name());
    status->set_last_outcome(req.outcome());
    if (req.outcome() == v1::APPROVED) {
      // This version's approval, replacing an earlier one (and its flag); other versions keep
      // theirs.
      v1::Approval a;
      a.set_unit_version(review->unit_version());
      a.set_digest(review->unit_digest());
      a.set_model(review->model());
      a.set_model_version(review->model_version());
      a.set_review(review->name());
      ToProto(now, a.mutable_decision_time());
      ToProto(valid_until, a.mutable_valid_until());
      RecordApproval(&*status, std::move(a));
    } else if (req.outcome() == v1::REJECTED) {
      // A re-review of an approved version and content that rejects it ends that approval.
      const v1::Approval* a = FindApproval(*status, review->unit_version());
      if (a != nullptr && a->digest() == review->unit_digest()) {
        RemoveApproval(&*status, review->unit_version());
      }
    }
    if (absl::Status s = UnitStatusStore::Put(tx, *unit, &*status); !s.ok()) return s;
    std::string detail = absl::StrCat(v1::ReviewState_Name(req.outcome()), ", weighted score ",
                                      review->weighted_score());
    if (req.outcome() == v1::APPROVED) {
      absl::StrAppend(&detail, ", valid until ", absl::FormatTime("%Y-%m-%d", valid_until,
                                                                  absl::UTCTimeZone()));
    }
    if (!req.comment().empty()) absl::StrAppend(&detail, ": ", req.comment());
    AuditStore::Append(tx, call.principal, {"REVIEW_DECIDED", *unit, *id, detail}, now);
    *out = *std::move(updated);
    return absl::OkStatus();
  });
}

}  // namespace valohub::quality
