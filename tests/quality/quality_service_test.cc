// QualityService served in-process over a real gRPC channel, on a real PostgreSQL, with a clock
// the tests move: the learning service's gate (QualityServiceGate) asks it as in production,
// and it asks a real competence service (in-process too, on its own database) about reviewers.
// Approval validity and expiry, re-reviews, the rules on who may assign, score and decide, and
// model versions.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "services/competence/competence_grpc.h"
#include "services/competence/competence_migrations.h"
#include "services/competence/competence_service.h"
#include "services/learning/quality_client.h"
#include "services/learning/unit_rules.h"
#include "services/quality/quality_grpc.h"
#include "services/quality/quality_migrations.h"
#include "services/quality/quality_service.h"
#include "services/runtime/executor.h"
#include "services/runtime/logger.h"
#include "services/runtime/metrics.h"
#include "services/runtime/migrations.h"
#include "services/runtime/service_host.h"
#include "tests/support/pg_cluster.h"

namespace valohub::quality {
namespace {

CallContext As(const std::string& subject, const std::string& institution,
               std::set<std::string> roles, const std::string& person = "") {
  CallContext c;
  c.request_id = NewUuid();
  c.deadline = absl::Now() + absl::Seconds(30);
  c.principal.subject = subject;
  c.principal.institution = institution;
  c.principal.roles = std::move(roles);
  c.principal.person = person;
  return c;
}

learning::v1::Unit SampleUnit(const std::string& id) {
  learning::v1::Unit u;
  u.set_name("institutions/prov/units/" + id);
  u.set_version(1);
  u.set_title("Workplace feedback");
  u.set_awarding_body("Provider UAS");
  u.set_country("FI");
  u.add_learning_outcomes("guides workplace learning with feedback");
  u.mutable_workload()->set_ects(1);
  u.set_eqf_level(6);
  u.set_assessment_type(learning::v1::PORTFOLIO);
  u.set_participation_mode(learning::v1::ONLINE);
  u.set_pacing(learning::v1::SELF_PACED);
  u.set_quality_assurance("National quality model");
  auto* a = u.add_alignments();
  a->set_competence("frameworks/f/competences/1.1");
  a->set_target_level("A1");
  u.mutable_achievement()->set_criteria_narrative("Three feedback conversations");
  return u;
}

class QualityServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string conninfo = testing::SharedCluster().CreateDatabase();
    ASSERT_TRUE(ApplyMigrations(conninfo, "quality", Migrations(), logger_,
                                absl::Now() + absl::Seconds(30)).ok());
    pool_ = std::make_unique<db::Pool>(db::PoolOptions{conninfo, 4}, AllQueries(), nullptr);
    learning_ = std::make_unique<LearningClient>(
        grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()));
    StartCompetence();
    ASSERT_FALSE(HasFatalFailure());
    service_ = std::make_unique<QualityService>(*pool_, *learning_, *competence_client_, clock_,
                                                QualityOptions{});
    ASSERT_TRUE(service_->EnsureDefaultModel(absl::Now() + absl::Seconds(30)).ok());
    ASSERT_TRUE(service_->EnsureDefaultModel(absl::Now() + absl::Seconds(30)).ok());  // twice: no-op
    calls_ = std::make_unique<UnaryCalls>(kErrorDomainName, executor_, logger_, metrics_,
                                          absl::Seconds(30));
    grpc_ = std::make_unique<QualityGrpc>(*service_, *calls_);
    ServiceHostOptions options;
    options.service_names = {kServiceName};
    host_ = std::make_unique<ServiceHost>(options, logger_, metrics_, pool_.get());
    ASSERT_TRUE(host_->Start({grpc_.get()}).ok());
    gate_ = std::make_unique<learning::QualityServiceGate>(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(host_->port()), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    if (host_ != nullptr) host_->Shutdown();
    if (competence_host_ != nullptr) competence_host_->Shutdown();
  }

  // The competence service with the reviewers' institutions and people: r1 of `other`, r2 of
  // `fourth`, r3 of `prov` (the provider).
  void StartCompetence() {
    const std::string conninfo = testing::SharedCluster().CreateDatabase();
    ASSERT_TRUE(ApplyMigrations(conninfo, "competence", competence::Migrations(), logger_,
                                absl::Now() + absl::Seconds(30)).ok());
    competence_pool_ = std::make_unique<db::Pool>(db::PoolOptions{conninfo, 2},
                                                  competence::AllQueries(), nullptr);
    competence_ = std::make_unique<competence::CompetenceService>(*competence_pool_);
    competence_calls_ = std::make_unique<UnaryCalls>(competence::kErrorDomainName, executor_,
                                                     logger_, competence_metrics_,
                                                     absl::Seconds(30));
    competence_grpc_ =
        std::make_unique<competence::CompetenceGrpc>(*competence_, *competence_calls_);
    ServiceHostOptions options;
    options.service_names = {competence::kServiceName};
    competence_host_ = std::make_unique<ServiceHost>(options, logger_, competence_metrics_,
                                                     competence_pool_.get());
    ASSERT_TRUE(competence_host_->Start({competence_grpc_.get()}).ok());
    competence_client_ = std::make_unique<CompetenceClient>(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(competence_host_->port()),
                            grpc::InsecureChannelCredentials()));
    const CallContext op = As("op", "", {"HUB_OPERATOR"});
    const std::vector<std::pair<std::string, std::string>> institutions = {
        {"other", "2000001-6"}, {"fourth", "2000002-4"}, {"prov", "2000003-2"}};
    const std::vector<std::pair<std::string, std::string>> people = {
        {"other", "r1"}, {"fourth", "r2"}, {"prov", "r3"}};
    for (const auto& [id, business_id] : institutions) {
      competence::v1::CreateInstitutionRequest req;
      req.set_institution_id(id);
      req.mutable_institution()->set_display_name("Institution " + id);
      req.mutable_institution()->set_kind(competence::v1::Institution::VET_PROVIDER);
      req.mutable_institution()->set_business_id(business_id);
      req.mutable_institution()->set_region("FI-18");
      competence::v1::Institution out;
      absl::Status s = competence_->CreateInstitution(op, req, &out);
      ASSERT_TRUE(s.ok()) << s;
    }
    for (const auto& [institution, person] : people) {
      competence::v1::CreatePersonRequest req;
      req.set_parent("institutions/" + institution);
      req.set_person_id(person);
      req.mutable_person()->set_display_name("Reviewer " + person);
      req.mutable_person()->add_roles(competence::v1::TEACHER);
      competence::v1::Person out;
      absl::Status s = competence_->CreatePerson(op, req, &out);
      ASSERT_TRUE(s.ok()) << s;
    }
  }

  // The open review of `unit` after submitting it through the gate.
  std::string Submit(const learning::v1::Unit& unit) {
    absl::Status s = gate_->Submit(provider_, unit, learning::ContentDigest(unit));
    EXPECT_TRUE(s.ok()) << s;
    v1::ListReviewsRequest req;
    req.set_unit(unit.name());
    req.set_state(v1::OPEN);
    v1::ListReviewsResponse resp;
    EXPECT_TRUE(service_->ListReviews(coordinator_, req, &resp).ok());
    return resp.reviews_size() == 1 ? resp.reviews(0).name() : "";
  }

  absl::Status Assign(const std::string& review, std::vector<std::string> reviewers,
                      const CallContext& as) {
    v1::AssignReviewersRequest req;
    req.set_name(review);
    for (auto& r : reviewers) req.add_reviewers(r);
    v1::Review out;
    return service_->AssignReviewers(as, req, &out);
  }

  absl::Status Score(const std::string& review, const CallContext& as, int score) {
    v1::SubmitScorecardRequest req;
    req.set_name(review);
    for (const char* c : {"RELEVANCE", "VALID_ASSESSMENT", "TRANSPARENCY", "LEARNER_CENTRED",
                          "RECOGNITION", "LEARNING_PATHWAYS"}) {
      auto* s = req.add_scores();
      s->set_criterion(c);
      s->set_score(score);
      s->set_comment("because");
    }
    v1::Review out;
    return service_->SubmitScorecard(as, req, &out);
  }

  absl::Status Decide(const std::string& review, v1::ReviewState outcome, const CallContext& as,
                      v1::Review* out = nullptr) {
    v1::DecideReviewRequest req;
    req.set_name(review);
    req.set_outcome(outcome);
    if (outcome != v1::APPROVED) req.set_comment("see the scorecards");
    v1::Review tmp;
    return service_->DecideReview(as, req, out != nullptr ? out : &tmp);
  }

  void ApproveWithTwoReviewers(const std::string& review) {
    ASSERT_TRUE(Assign(review, {"institutions/other/people/r1", "institutions/fourth/people/r2"},
                       coordinator_).ok());
    ASSERT_TRUE(Score(review, r1_, 4).ok());
    ASSERT_TRUE(Score(review, r2_, 4).ok());
    absl::Status s = Decide(review, v1::APPROVED, coordinator_);
    ASSERT_TRUE(s.ok()) << s;
  }

  v1::UnitQuality Quality(const std::string& unit) {
    v1::GetUnitQualityRequest req;
    req.set_name(unit + "/quality");
    v1::UnitQuality out;
    EXPECT_TRUE(service_->GetUnitQuality(provider_, req, &out).ok());
    return out;
  }

  Logger logger_{"test", stderr};
  Metrics metrics_{"quality"};
  Executor executor_{4, 100};
  ManualClock clock_{absl::FromCivil(absl::CivilDay(2026, 1, 15), absl::UTCTimeZone())};
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<LearningClient> learning_;
  std::unique_ptr<QualityService> service_;
  std::unique_ptr<UnaryCalls> calls_;
  std::unique_ptr<QualityGrpc> grpc_;
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<learning::QualityServiceGate> gate_;
  Metrics competence_metrics_{"competence"};
  std::unique_ptr<db::Pool> competence_pool_;
  std::unique_ptr<competence::CompetenceService> competence_;
  std::unique_ptr<UnaryCalls> competence_calls_;
  std::unique_ptr<competence::CompetenceGrpc> competence_grpc_;
  std::unique_ptr<ServiceHost> competence_host_;
  std::unique_ptr<CompetenceClient> competence_client_;
  const CallContext provider_ = As("padmin", "prov", {"INSTITUTION_ADMIN"});
  const CallContext coordinator_ = As("coord", "panel", {"QUALITY_COORDINATOR"});
  const CallContext r1_ = As("r1", "other", {"REVIEWER"}, "r1");
  const CallContext r2_ = As("r2", "fourth", {"REVIEWER"}, "r2");
};

TEST_F(QualityServiceTest, AnApprovalLastsItsValidityPeriodThenExpires) {
  const learning::v1::Unit unit = SampleUnit("u1");
  const std::string digest = learning::ContentDigest(unit);
  const std::string review = Submit(unit);
  ASSERT_FALSE(review.empty());
  EXPECT_EQ(Quality(unit.name()).status(), v1::UnitQuality::IN_REVIEW);
  EXPECT_EQ(gate_->CheckIssuable(provider_, unit.name(), 1).code(),
            absl::StatusCode::kFailedPrecondition);
  ApproveWithTwoReviewers(review);

  v1::UnitQuality q = Quality(unit.name());
  EXPECT_EQ(q.status(), v1::UnitQuality::APPROVED);
  EXPECT_EQ(absl::FromUnixSeconds(q.valid_until().seconds()),
            clock_.Now() + absl::Hours(24 * 365));
  auto approval = gate_->CheckPublishable(provider_, unit.name(), 1, digest);
  ASSERT_TRUE(approval.ok()) << approval.status();
  EXPECT_EQ(approval->label.status(), "APPROVED");
  EXPECT_EQ(approval->label.model(), "qualityModels/national");
  EXPECT_GT(approval->feed_seq, 0);
  // The approval covers exactly the reviewed content and version.
  EXPECT_EQ(ErrorReason(gate_->CheckPublishable(provider_, unit.name(), 1, "other").status()),
            "NOT_QUALITY_APPROVED");
  EXPECT_EQ(ErrorReason(gate_->CheckPublishable(provider_, unit.name(), 2, digest).status()),
            "NOT_QUALITY_APPROVED");
  EXPECT_TRUE(gate_->CheckIssuable(provider_, unit.name(), 1).ok());

  clock_.Advance(absl::Hours(24 * 364));
  EXPECT_EQ(Quality(unit.name()).status(), v1::UnitQuality::APPROVED);
  clock_.Advance(absl::Hours(48));
  EXPECT_EQ(Quality(unit.name()).status(), v1::UnitQuality::EXPIRED);
  EXPECT_EQ(ErrorReason(gate_->CheckIssuable(provider_, unit.name(), 1)), "UNIT_NOT_APPROVED");
  EXPECT_EQ(ErrorReason(gate_->CheckPublishable(provider_, unit.name(), 1, digest).status()),
            "NOT_QUALITY_APPROVED");
  auto changes = gate_->Changes(0, 100, absl::Seconds(10));
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_FALSE(changes->empty());
  EXPECT_EQ(changes->back().status(), v1::UnitQuality::EXPIRED);
  EXPECT_EQ(learning::LabelOf(changes->back()).status(), "EXPIRED");

  // The yearly re-review renews it from the new decision.
  const std::string again = Submit(unit);
  EXPECT_EQ(Quality(unit.name()).status(), v1::UnitQuality::EXPIRED);  // open review, old approval
  ApproveWithTwoReviewers(again);
  q = Quality(unit.name());
  EXPECT_EQ(q.status(), v1::UnitQuality::APPROVED);
  EXPECT_EQ(absl::FromUnixSeconds(q.valid_until().seconds()),
            clock_.Now() + absl::Hours(24 * 365));
}

TEST_F(QualityServiceTest, AnApprovalSpeaksOnlyForItsVersion) {
  learning::v1::Unit v1 = SampleUnit("u1");
  ApproveWithTwoReviewers(Submit(v1));
  clock_.Advance(absl::Hours(24 * 400));  // version 1's approval has expired
  learning::v1::Unit v2 = v1;
  v2.set_version(2);
  v2.set_title("Workplace feedback, second edition");
  ApproveWithTwoReviewers(Submit(v2));  // approved, not yet published
  // Version 1 in the catalogue gets nothing from version 2's approval.
  EXPECT_EQ(ErrorReason(gate_->CheckIssuable(provider_, v1.name(), 1)), "UNIT_NOT_APPROVED");
  EXPECT_TRUE(gate_->CheckIssuable(provider_, v1.name(), 2).ok());
  EXPECT_TRUE(gate_->CheckPublishable(provider_, v2.name(), 2, learning::ContentDigest(v2)).ok());
  auto changes = gate_->Changes(0, 100, absl::Seconds(10));
  ASSERT_TRUE(changes.ok() && !changes->empty());
  EXPECT_EQ(learning::LabelFor(changes->back(), 1).status(), "EXPIRED");
  EXPECT_EQ(learning::LabelFor(changes->back(), 2).status(), "APPROVED");
  EXPECT_EQ(learning::LabelFor(changes->back(), 3).status(), "NOT_REVIEWED");
  EXPECT_EQ(learning::LabelFor(changes->back(), 0).status(), "APPROVED");  // the newest
  EXPECT_EQ(Quality(v1.name()).approvals_size(), 2);
}

TEST_F(QualityServiceTest, OnlyCoordinatorsOfOtherInstitutionsAssignAndDecideAndOnlyAssignedReviewersScore) {
  const std::string review = Submit(SampleUnit("u1"));
  absl::Status conflict =
      Assign(review, {"institutions/other/people/r1", "institutions/prov/people/p2"}, coordinator_);
  EXPECT_EQ(conflict.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(conflict), "REVIEWER_CONFLICT_OF_INTEREST");
  EXPECT_NE(std::string(conflict.message()).find("reviewers[1]"), std::string::npos) << conflict;
  EXPECT_EQ(ErrorReason(Assign(review, {"institutions/other/people/r1"}, coordinator_)),
            "TOO_FEW_REVIEWERS");
  EXPECT_EQ(Assign(review, {"institutions/other/people/r1", "institutions/fourth/people/r2"},
                   provider_).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(Assign(review, {"institutions/other/people/r1",
                                        "institutions/fourth/people/r2"},
                               As("pc", "prov", {"QUALITY_COORDINATOR"}))),
            "OWN_UNIT");
  // Nothing of the refused calls was kept.
  v1::GetReviewRequest get;
  get.set_name(review);
  v1::Review r;
  ASSERT_TRUE(service_->GetReview(coordinator_, get, &r).ok());
  EXPECT_EQ(r.assignments_size(), 0);
  // A reviewer must be a person on the hub, as the competence service knows them.
  absl::Status unknown = Assign(
      review, {"institutions/other/people/r1", "institutions/fourth/people/nobody"}, coordinator_);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument) << unknown;
  EXPECT_NE(std::string(unknown.message()).find("reviewers[1]"), std::string::npos) << unknown;
  EXPECT_NE(std::string(unknown.message()).find("does not exist"), std::string::npos) << unknown;
  {
    // The competence service unreachable: nothing is assigned, and the answer says why.
    CompetenceClient unreachable(
        grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()));
    QualityService cut_off(*pool_, *learning_, unreachable, clock_, QualityOptions{});
    v1::AssignReviewersRequest req;
    req.set_name(review);
    req.add_reviewers("institutions/other/people/r1");
    req.add_reviewers("institutions/fourth/people/r2");
    v1::Review out;
    CallContext call = coordinator_;
    call.deadline = absl::Now() + absl::Seconds(3);
    absl::Status s = cut_off.AssignReviewers(call, req, &out);
    EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
    EXPECT_EQ(ErrorReason(s), "COMPETENCE_SERVICE_UNAVAILABLE");
  }
  ASSERT_TRUE(service_->GetReview(coordinator_, get, &r).ok());
  EXPECT_EQ(r.assignments_size(), 0);

  EXPECT_EQ(ErrorReason(Assign(review, {"institutions/other/people/r1", "institutions/panel/people/c"},
                               As("c", "panel", {"QUALITY_COORDINATOR"}, "c"))),
            "SELF_ASSIGNMENT");
  ASSERT_TRUE(Assign(review, {"institutions/other/people/r1", "institutions/fourth/people/r2"},
                     coordinator_).ok());
  EXPECT_EQ(ErrorReason(Score(review, As("r3", "third", {"REVIEWER"}, "r3"), 4)), "NOT_ASSIGNED");
  EXPECT_EQ(Score(review, r1_, 0).code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(Score(review, r1_, 2).ok());
  ASSERT_TRUE(Score(review, r1_, 4).ok());  // revised while open
  EXPECT_EQ(ErrorReason(Decide(review, v1::APPROVED, coordinator_)), "SCORECARDS_MISSING");
  // While the review is open a reviewer sees their own scorecard only.
  ASSERT_TRUE(Score(review, r2_, 2).ok());
  ASSERT_TRUE(service_->GetReview(r1_, get, &r).ok());
  ASSERT_EQ(r.scorecards_size(), 1);
  EXPECT_EQ(r.scorecards(0).reviewer(), "institutions/other/people/r1");
  EXPECT_EQ(r.criterion_results_size(), 0);  // the means would give r2's scores away
  EXPECT_EQ(r.DebugString().find("fourth"), std::string::npos);
  // The provider's own quality coordinator reads the review blind, as the provider does.
  ASSERT_TRUE(service_->GetReview(As("pc", "prov", {"QUALITY_COORDINATOR"}), get, &r).ok());
  EXPECT_EQ(r.DebugString().find("people/r"), std::string::npos) << r.DebugString();
  ASSERT_TRUE(service_->GetReview(coordinator_, get, &r).ok());
  EXPECT_NE(r.DebugString().find("institutions/fourth/people/r2"), std::string::npos);
  // r1's 4s and r2's 1s average 2.5: below the mandatory criteria's pass threshold of 3.
  ASSERT_TRUE(Score(review, r2_, 1).ok());
  EXPECT_EQ(ErrorReason(Decide(review, v1::APPROVED, coordinator_)), "MANDATORY_CRITERION_FAILED");
  EXPECT_EQ(ErrorReason(Decide(review, v1::APPROVED, As("pc", "prov", {"QUALITY_COORDINATOR"}))),
            "OWN_UNIT");
  EXPECT_EQ(Decide(review, v1::APPROVED, As("t", "prov", {"TEACHER"}, "t")).code(),
            absl::StatusCode::kPermissionDenied);
  v1::Review decided;
  ASSERT_TRUE(Decide(review, v1::CHANGES_REQUESTED, coordinator_, &decided).ok());
  EXPECT_EQ(decided.decision().comment(), "see the scorecards");
  EXPECT_EQ(Quality("institutions/prov/units/u1").status(), v1::UnitQuality::NOT_REVIEWED);
  EXPECT_EQ(Quality("institutions/prov/units/u1").last_outcome(), v1::CHANGES_REQUESTED);
  EXPECT_EQ(ErrorReason(Decide(review, v1::APPROVED, coordinator_)), "REVIEW_CLOSED");
}

TEST_F(QualityServiceTest, AutomaticChecksNameTheMissingElements) {
  learning::v1::Unit unit = SampleUnit("u1");
  unit.clear_workload();
  unit.clear_alignments();
  absl::Status s = gate_->Submit(provider_, unit, learning::ContentDigest(unit));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(s), "AUTOMATIC_CHECKS_FAILED");
  std::set<std::string> fields;
  for (const auto& v : FieldViolations(s)) fields.insert(v.field);
  EXPECT_EQ(fields, (std::set<std::string>{"unit.workload", "unit.alignments"}));
  EXPECT_EQ(Quality(unit.name()).status(), v1::UnitQuality::NOT_REVIEWED);
  // A teacher cannot submit; another institution cannot either.
  EXPECT_EQ(gate_->Submit(As("t", "prov", {"TEACHER"}, "t"), SampleUnit("u1"), "d").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(gate_->Submit(As("x", "other", {"INSTITUTION_ADMIN"}), SampleUnit("u1"), "d").code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(QualityServiceTest, ARejectedReReviewEndsTheApprovalAndANewSubmissionWithdrawsTheOpenOne) {
  const learning::v1::Unit unit = SampleUnit("u1");
  ApproveWithTwoReviewers(Submit(unit));
  const std::string first = Submit(unit);
  const std::string second = Submit(unit);
  v1::GetReviewRequest get;
  get.set_name(first);
  v1::Review r;
  ASSERT_TRUE(service_->GetReview(coordinator_, get, &r).ok());
  EXPECT_EQ(r.state(), v1::WITHDRAWN);
  EXPECT_EQ(Quality(unit.name()).status(), v1::UnitQuality::APPROVED);
  ASSERT_TRUE(Decide(second, v1::REJECTED, coordinator_).ok());
  EXPECT_EQ(Quality(unit.name()).status(), v1::UnitQuality::REJECTED);
  EXPECT_EQ(ErrorReason(gate_->CheckIssuable(provider_, unit.name(), 1)), "UNIT_NOT_APPROVED");
}

TEST_F(QualityServiceTest, AWithdrawnReviewIsClosedToEveryoneAndTheStatusNoLongerSaysInReview) {
  const learning::v1::Unit unit = SampleUnit("u1");
  const std::string review = Submit(unit);
  ASSERT_TRUE(Assign(review, {"institutions/other/people/r1", "institutions/fourth/people/r2"},
                     coordinator_).ok());
  ASSERT_TRUE(Score(review, r1_, 4).ok());
  EXPECT_EQ(Quality(unit.name()).status(), v1::UnitQuality::IN_REVIEW);
  const std::string digest = learning::ContentDigest(unit);
  // Only the provider withdraws; bad input changes nothing.
  EXPECT_EQ(gate_->Withdraw(As("t", "prov", {"TEACHER"}, "t"), unit.name(), 1, digest, "why").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(gate_->Withdraw(As("x", "other", {"INSTITUTION_ADMIN"}), unit.name(), 1, digest, "why")
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(gate_->Withdraw(provider_, unit.name(), 1, digest, "").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(gate_->Withdraw(provider_, unit.name(), 0, digest, "why").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(gate_->Withdraw(provider_, unit.name(), 1, "", "why").code(),
            absl::StatusCode::kInvalidArgument);
  // Another version's open review, or one of other content (a resubmission of an edited draft
  // since the caller read the unit), is left as it is.
  EXPECT_TRUE(gate_->Withdraw(provider_, unit.name(), 2, digest, "why").ok());
  EXPECT_TRUE(gate_->Withdraw(provider_, unit.name(), 1, "other content", "why").ok());
  EXPECT_EQ(Quality(unit.name()).status(), v1::UnitQuality::IN_REVIEW);

  v1::WithdrawReviewRequest req;
  req.set_unit(unit.name());
  req.set_unit_version(1);
  req.set_unit_digest(digest);
  req.set_reason("returned to draft by the provider");
  v1::WithdrawReviewResponse resp;
  ASSERT_TRUE(service_->WithdrawReview(provider_, req, &resp).ok());
  EXPECT_EQ(resp.review(), review);
  EXPECT_EQ(Quality(unit.name()).status(), v1::UnitQuality::NOT_REVIEWED);
  // Nobody scores or decides it any more; a second withdrawal finds nothing to withdraw.
  EXPECT_EQ(ErrorReason(Score(review, r2_, 4)), "REVIEW_CLOSED");
  EXPECT_EQ(ErrorReason(Decide(review, v1::APPROVED, coordinator_)), "REVIEW_CLOSED");
  ASSERT_TRUE(service_->WithdrawReview(provider_, req, &resp).ok());
  EXPECT_EQ(resp.review(), "");
  v1::GetReviewRequest get;
  get.set_name(review);
  v1::Review r;
  ASSERT_TRUE(service_->GetReview(coordinator_, get, &r).ok());
  EXPECT_EQ(r.state(), v1::WITHDRAWN);
  // The trail says who withdrew it and why.
  v1::ListAuditEventsRequest audit;
  audit.set_unit(unit.name());
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(service_->ListAuditEvents(coordinator_, audit, &events).ok());
  bool found = false;
  for (const auto& e : events.events()) {
    if (e.action() == "REVIEW_WITHDRAWN") {
      found = true;
      EXPECT_EQ(e.actor(), "padmin");
      EXPECT_EQ(e.detail(), "returned to draft by the provider");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(QualityServiceTest, ModelVersionsDecideReviewersAndValidity) {
  v1::UpdateQualityModelRequest update;
  update.mutable_quality_model()->set_name("qualityModels/national");
  update.mutable_quality_model()->set_min_reviewers(1);
  update.mutable_quality_model()->set_approval_validity_days(30);
  update.mutable_update_mask()->add_paths("min_reviewers");
  update.mutable_update_mask()->add_paths("approval_validity_days");
  v1::QualityModel model;
  EXPECT_EQ(service_->UpdateQualityModel(coordinator_, update, &model).code(),
            absl::StatusCode::kPermissionDenied);  // hub operators only
  const CallContext op = As("op", "", {"HUB_OPERATOR"});
  ASSERT_TRUE(service_->UpdateQualityModel(op, update, &model).ok());
  EXPECT_EQ(model.version(), 2);
  EXPECT_EQ(model.criteria_size(), DefaultNationalModel().criteria_size());
  update.mutable_quality_model()->set_min_reviewers(0);
  update.mutable_quality_model()->set_approval_validity_days(5000);
  EXPECT_EQ(service_->UpdateQualityModel(op, update, &model).code(),
            absl::StatusCode::kInvalidArgument);

  const std::string review = Submit(SampleUnit("u1"));
  ASSERT_TRUE(Assign(review, {"institutions/other/people/r1"}, coordinator_).ok());
  ASSERT_TRUE(Score(review, r1_, 5).ok());
  v1::Review decided;
  ASSERT_TRUE(Decide(review, v1::APPROVED, coordinator_, &decided).ok());
  EXPECT_EQ(decided.model_version(), 2);
  EXPECT_EQ(absl::FromUnixSeconds(decided.decision().valid_until().seconds()),
            clock_.Now() + absl::Hours(24 * 30));
  EXPECT_DOUBLE_EQ(decided.weighted_score(), 100);

  v1::GetQualityModelRequest get;
  get.set_name("qualityModels/national");
  get.set_version(1);
  ASSERT_TRUE(service_->GetQualityModel(CallContext{}, get, &model).ok());  // public
  EXPECT_EQ(model.min_reviewers(), 2);

  v1::ListAuditEventsRequest audit;
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(service_->ListAuditEvents(op, audit, &events).ok());
  ASSERT_GE(events.events_size(), 2);
  EXPECT_EQ(events.events(0).action(), "MODEL_CREATED");  // the national model, at start-up
  EXPECT_EQ(events.events(0).actor(), "hub");
  EXPECT_EQ(events.events(1).action(), "MODEL_UPDATED");
  EXPECT_EQ(events.events(1).actor(), "op");
}

}  // namespace
}  // namespace valohub::quality
