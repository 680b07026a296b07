// The quality service's rules without a database: the national model, model validation, the
// automatic checks, scorecards, when a review may be approved, and the status at a time.
#include "services/quality/quality_rules.h"

#include <gtest/gtest.h>

#include <set>

#include "services/runtime/timestamps.h"

namespace valohub::quality {
namespace {

learning::v1::Unit CompleteUnit() {
  learning::v1::Unit u;
  u.set_title("T");
  u.set_awarding_body("Provider");
  u.set_country("FI");
  u.add_learning_outcomes("does things");
  u.mutable_workload()->set_hours(27);
  u.set_eqf_not_applicable(true);
  u.set_assessment_type(learning::v1::PROJECT);
  u.set_participation_mode(learning::v1::BLENDED);
  u.set_pacing(learning::v1::SCHEDULED);
  u.set_quality_assurance("internal QA");
  u.add_alignments()->set_competence("frameworks/f/competences/1");
  u.mutable_achievement()->set_criteria_narrative("a project");
  return u;
}

std::set<std::string> Failed(const learning::v1::Unit& u) {
  std::set<std::string> out;
  for (const auto& r : RunAutomaticChecks(DefaultNationalModel(), u)) {
    if (!r.passed()) out.insert(r.criterion() + "@" + r.field());
  }
  return out;
}

TEST(QualityRulesTest, TheNationalModelIsValidAndCoversAnnexIAndThePrinciples) {
  v1::QualityModel m = DefaultNationalModel();
  Violations v;
  CheckModel(m, v);
  EXPECT_TRUE(v.empty()) << v.ToStatus();
  std::set<std::string> reviewer, automatic;
  for (const auto& c : m.criteria()) (c.kind() == v1::REVIEWER ? reviewer : automatic).insert(c.code());
  EXPECT_EQ(reviewer, (std::set<std::string>{"RELEVANCE", "VALID_ASSESSMENT", "TRANSPARENCY",
                                             "LEARNER_CENTRED", "RECOGNITION",
                                             "LEARNING_PATHWAYS"}));
  EXPECT_EQ(automatic.size(), 9u);
  EXPECT_EQ(m.min_reviewers(), 2);
  EXPECT_EQ(m.approval_validity_days(), 365);
}

TEST(QualityRulesTest, ModelsWithBrokenCriteriaAreRefusedByField) {
  v1::QualityModel m = DefaultNationalModel();
  m.mutable_criteria(0)->set_code("ANNEX_OUTCOMES");  // twice
  m.mutable_criteria(1)->set_check(v1::AUTOMATIC_CHECK_UNSPECIFIED);
  m.mutable_criteria(10)->set_pass_threshold(9);      // above the scale
  m.mutable_criteria(11)->set_weight(0);
  Violations v;
  CheckModel(m, v);
  std::set<std::string> fields;
  for (const auto& fv : FieldViolations(v.ToStatus())) fields.insert(fv.field);
  EXPECT_EQ(fields, (std::set<std::string>{"quality_model.criteria[1].code",
                                           "quality_model.criteria[1].check",
                                           "quality_model.criteria[10].pass_threshold",
                                           "quality_model.criteria[11].weight"}));
}

TEST(QualityRulesTest, AutomaticChecksNameEachMissingElement) {
  EXPECT_TRUE(Failed(CompleteUnit()).empty());
  learning::v1::Unit u = CompleteUnit();
  u.clear_workload();
  EXPECT_EQ(Failed(u), std::set<std::string>{"ANNEX_WORKLOAD@unit.workload"});
  u = CompleteUnit();
  u.mutable_workload()->set_hours(-3);
  EXPECT_EQ(Failed(u), std::set<std::string>{"ANNEX_WORKLOAD@unit.workload"});
  u = CompleteUnit();
  u.set_eqf_not_applicable(false);
  u.set_eqf_level(9);
  u.add_learning_outcomes("  ");
  u.clear_pacing();
  u.clear_alignments();
  EXPECT_EQ(Failed(u), (std::set<std::string>{"ANNEX_LEVEL@unit.eqf_level",
                                              "ANNEX_OUTCOMES@unit.learning_outcomes[1]",
                                              "ANNEX_PARTICIPATION@unit.pacing",
                                              "COMPETENCE_ALIGNMENT@unit.alignments"}));
  EXPECT_FALSE(MandatoryChecksPassed(RunAutomaticChecks(DefaultNationalModel(), u)));
}

v1::Review ScoredReview(const v1::QualityModel& m, std::vector<int> per_reviewer) {
  v1::Review r;
  r.set_name("reviews/x");
  for (const auto& res : RunAutomaticChecks(m, CompleteUnit())) *r.add_automatic_results() = res;
  for (size_t i = 0; i < per_reviewer.size(); ++i) {
    auto* a = r.add_assignments();
    a->set_reviewer("institutions/o/people/r" + std::to_string(i));
    a->set_scored(true);
    auto* card = r.add_scorecards();
    for (const auto& c : m.criteria()) {
      if (c.kind() != v1::REVIEWER) continue;
      auto* s = card->add_scores();
      s->set_criterion(c.code());
      s->set_score(per_reviewer[i]);
    }
  }
  ScoreReview(m, &r);
  return r;
}

TEST(QualityRulesTest, ApprovalNeedsEveryAssignedScorecardTheMinimumAndPassingMandatoryCriteria) {
  const v1::QualityModel m = DefaultNationalModel();
  EXPECT_TRUE(CheckApprovable(m, ScoredReview(m, {4, 3})).ok());
  EXPECT_EQ(ErrorReason(CheckApprovable(m, ScoredReview(m, {5}))), "TOO_FEW_REVIEWERS");
  EXPECT_EQ(ErrorReason(CheckApprovable(m, ScoredReview(m, {3, 2}))), "MANDATORY_CRITERION_FAILED");
  v1::Review waiting = ScoredReview(m, {4, 4});
  waiting.add_assignments()->set_reviewer("institutions/o/people/late");
  EXPECT_EQ(ErrorReason(CheckApprovable(m, waiting)), "SCORECARDS_MISSING");
  EXPECT_DOUBLE_EQ(ScoredReview(m, {5, 5}).weighted_score(), 100);
  // Automatic 9 of 9 (weight 9), reviewer criteria at 3/5 (weight 12): (9 + 12 * 0.6) / 21.
  EXPECT_DOUBLE_EQ(ScoredReview(m, {3, 3}).weighted_score(), 77.1);
}

TEST(QualityRulesTest, ScorecardsScoreEveryReviewerCriterionOnceWithAComment) {
  const v1::QualityModel m = DefaultNationalModel();
  google::protobuf::RepeatedPtrField<v1::Score> scores;
  for (const auto& c : m.criteria()) {
    if (c.kind() != v1::REVIEWER) continue;
    auto* s = scores.Add();
    s->set_criterion(c.code());
    s->set_score(3);
    s->set_comment("fine");
  }
  EXPECT_TRUE(CheckScorecard(m, scores).ok());
  auto broken = scores;
  broken[0].set_score(6);
  broken[1].clear_comment();
  broken[2].set_criterion("ANNEX_WORKLOAD");  // automatic, not scored
  std::set<std::string> fields;
  for (const auto& fv : FieldViolations(CheckScorecard(m, broken))) fields.insert(fv.field);
  EXPECT_EQ(fields, (std::set<std::string>{"scores[0].score", "scores[1].comment",
                                           "scores[2].criterion", "scores"}));
}

v1::Approval ApprovalOf(int version, absl::Time valid_until) {
  v1::Approval a;
  a.set_unit_version(version);
  a.set_digest("d" + std::to_string(version));
  SetMicros(absl::ToUnixMicros(valid_until - absl::Hours(24 * 365)), a.mutable_decision_time());
  SetMicros(absl::ToUnixMicros(valid_until), a.mutable_valid_until());
  return a;
}

TEST(QualityRulesTest, StatusAtATimeIsPerVersion) {
  const absl::Time now = absl::FromUnixSeconds(1800000000);
  v1::UnitQuality q;
  EXPECT_EQ(ComputeStatus(q, 0, now), v1::UnitQuality::NOT_REVIEWED);
  q.set_open_review("reviews/a");
  EXPECT_EQ(ComputeStatus(q, 1, now), v1::UnitQuality::IN_REVIEW);
  q.clear_open_review();
  q.set_last_outcome(v1::REJECTED);
  EXPECT_EQ(ComputeStatus(q, 1, now), v1::UnitQuality::REJECTED);
  RecordApproval(&q, ApprovalOf(1, now + absl::Seconds(1)));
  EXPECT_EQ(ComputeStatus(q, 1, now), v1::UnitQuality::APPROVED);
  EXPECT_EQ(ComputeStatus(q, 0, now), v1::UnitQuality::APPROVED);
  EXPECT_EQ(ComputeStatus(q, 2, now), v1::UnitQuality::REJECTED);  // version 2 has none
  EXPECT_EQ(ComputeStatus(q, 1, now + absl::Seconds(1)), v1::UnitQuality::EXPIRED);
  q.set_open_review("reviews/b");  // a re-review does not hide the expiry
  EXPECT_EQ(ComputeStatus(q, 1, now + absl::Seconds(2)), v1::UnitQuality::EXPIRED);
  SetMicros(absl::ToUnixMicros(now), FindApproval(&q, 1)->mutable_flag_time());
  EXPECT_EQ(ComputeStatus(q, 1, now - absl::Hours(1)), v1::UnitQuality::FLAGGED);

  // Approving version 2 leaves version 1's flag where it is.
  RecordApproval(&q, ApprovalOf(2, now + absl::Hours(24)));
  EXPECT_EQ(ComputeStatus(q, 1, now), v1::UnitQuality::FLAGGED);
  EXPECT_EQ(ComputeStatus(q, 2, now), v1::UnitQuality::APPROVED);
  EXPECT_EQ(ComputeStatus(q, 0, now), v1::UnitQuality::APPROVED);  // the newest: version 2
  // A new approval of version 1 replaces its flagged one.
  RecordApproval(&q, ApprovalOf(1, now + absl::Hours(24)));
  EXPECT_EQ(ComputeStatus(q, 1, now), v1::UnitQuality::APPROVED);
  EXPECT_EQ(q.approvals(0).unit_version(), 1);
  EXPECT_EQ(q.approvals_size(), 2);
  for (int v = 3; v <= 9; ++v) RecordApproval(&q, ApprovalOf(v, now + absl::Hours(1)));
  EXPECT_EQ(q.approvals_size(), kApprovalsKept);
  EXPECT_EQ(q.approvals(0).unit_version(), 9);
  RemoveApproval(&q, 9);
  EXPECT_EQ(q.approvals(0).unit_version(), 8);

  // What a reader sees for a version, and what is stored.
  Present(&q, 8, now);
  EXPECT_EQ(q.status(), v1::UnitQuality::APPROVED);
  EXPECT_EQ(q.approved_version(), 8);
  EXPECT_EQ(q.approved_digest(), "d8");
  EXPECT_EQ(q.approvals(0).status(), v1::UnitQuality::APPROVED);
  ClearPresented(&q);
  EXPECT_EQ(q.approved_version(), 0);
  EXPECT_EQ(q.approvals(0).status(), v1::UnitQuality::STATUS_UNSPECIFIED);
}

}  // namespace
}  // namespace valohub::quality
