#include "services/quality/quality_rules.h"

#include <cmath>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/runtime/timestamps.h"

namespace valohub::quality {
namespace {

v1::Criterion Automatic(const char* code, v1::AutomaticCheck check, const char* title,
                        const char* guidance) {
  v1::Criterion c;
  c.set_code(code);
  c.set_kind(v1::AUTOMATIC);
  c.set_title(title);
  c.set_guidance(guidance);
  c.set_weight(1);
  c.set_mandatory(true);
  c.set_check(check);
  return c;
}

v1::Criterion Reviewer(const char* code, double weight, bool mandatory, const char* title,
                       const char* guidance) {
  v1::Criterion c;
  c.set_code(code);
  c.set_kind(v1::REVIEWER);
  c.set_title(title);
  c.set_guidance(guidance);
  c.set_weight(weight);
  c.set_mandatory(mandatory);
  c.set_pass_threshold(3);
  return c;
}

bool Blank(const std::string& s) {
  return absl::StripAsciiWhitespace(s).empty();
}

struct CheckOutcome {
  bool passed;
  std::string field;
  std::string message;
};

CheckOutcome Run(v1::AutomaticCheck check, const learning::v1::Unit& u) {
  switch (check) {
    case v1::IDENTIFICATION_STATED:
      if (Blank(u.title())) return {false, "unit.title", "the title is missing (Annex I: title)"};
      if (Blank(u.awarding_body())) {
        return {false, "unit.awarding_body", "the awarding body is missing (Annex I: awarding body)"};
      }
      if (u.country().size() != 2) {
        return {false, "unit.country", "the country of the issuer is missing (Annex I: country)"};
      }
      return {true, "", ""};
    case v1::OUTCOMES_STATED:
      if (u.learning_outcomes_size() == 0) {
        return {false, "unit.learning_outcomes",
                "no learning outcomes are stated (Annex I: learning outcomes)"};
      }
      for (int i = 0; i < u.learning_outcomes_size(); ++i) {
        if (Blank(u.learning_outcomes(i))) {
          return {false, absl::StrCat("unit.learning_outcomes[", i, "]"),
                  "a learning outcome is empty"};
        }
      }
      return {true, "", ""};
    case v1::WORKLOAD_STATED: {
      const auto& w = u.workload();
      const bool ok = std::isfinite(w.ects()) && std::isfinite(w.hours()) && w.ects() >= 0 &&
                      w.hours() >= 0 && (w.ects() > 0 || w.hours() > 0);
      if (!ok) {
        return {false, "unit.workload",
                "the notional workload is missing: give ECTS credits or hours above zero "
                "(Annex I: notional workload)"};
      }
      return {true, "", ""};
    }
    case v1::EQF_LEVEL_VALID:
      if (u.eqf_not_applicable() ? u.eqf_level() != 0 : (u.eqf_level() < 1 || u.eqf_level() > 8)) {
        return {false, "unit.eqf_level",
                "the level must be EQF 1-8 or marked not applicable (Annex I: level)"};
      }
      return {true, "", ""};
    case v1::ASSESSMENT_TYPE_SET:
      if (u.assessment_type() == learning::v1::ASSESSMENT_TYPE_UNSPECIFIED ||
          !learning::v1::AssessmentType_IsValid(u.assessment_type())) {
        return {false, "unit.assessment_type",
                "the type of assessment is missing (Annex I: type of assessment)"};
      }
      return {true, "", ""};
    case v1::PARTICIPATION_SET:
      if (u.participation_mode() == learning::v1::PARTICIPATION_MODE_UNSPECIFIED) {
        return {false, "unit.participation_mode",
                "the form of participation is missing (Annex I: form of participation)"};
      }
      if (u.pacing() == learning::v1::PACING_UNSPECIFIED) {
        return {false, "unit.pacing",
                "the pacing is missing (Annex I: form of participation)"};
      }
      return {true, "", ""};
    case v1::COMPETENCE_ALIGNED:
      if (u.alignments_size() == 0) {
        return {false, "unit.alignments", "the unit is not aligned to any competence"};
      }
      return {true, "", ""};
    case v1::QUALITY_ASSURANCE_STATED:
      if (Blank(u.quality_assurance())) {
        return {false, "unit.quality_assurance",
                "the type of quality assurance is missing (Annex I: type of quality assurance)"};
      }
      return {true, "", ""};
    case v1::CRITERIA_STATED:
      if (Blank(u.achievement().criteria_narrative())) {
        return {false, "unit.achievement.criteria_narrative",
                "the criteria for earning the badge are missing"};
      }
      return {true, "", ""};
    default:
      return {false, "", "unknown automatic check"};
  }
}

bool IsCode(const std::string& code) {
  if (code.empty() || code.size() > 40) return false;
  for (char c : code) {
    if (!(absl::ascii_isupper(c) || absl::ascii_isdigit(c) || c == '_')) return false;
  }
  return true;
}

}  // namespace

v1::QualityModel DefaultNationalModel() {
  v1::QualityModel m;
  m.set_name(absl::StrCat("qualityModels/", kNationalModelId));
  m.set_title("National quality model for teachers' learning units");
  m.set_description(
      "Completeness of the EU micro-credential elements (Council Recommendation 2022/C 243/02, "
      "Annex I), checked automatically, and the Recommendation's quality principles, scored by "
      "two reviewers from other institutions.");
  m.set_min_reviewers(kDefaultMinReviewers);
  m.set_approval_validity_days(kDefaultValidityDays);
  m.set_score_scale_max(kDefaultScaleMax);
  *m.add_criteria() = Automatic("ANNEX_IDENTIFICATION", v1::IDENTIFICATION_STATED,
                                "Identification", "Title, awarding body and country are stated.");
  *m.add_criteria() = Automatic("ANNEX_OUTCOMES", v1::OUTCOMES_STATED, "Learning outcomes",
                                "At least one learning outcome, none empty.");
  *m.add_criteria() = Automatic("ANNEX_WORKLOAD", v1::WORKLOAD_STATED, "Notional workload",
                                "ECTS credits or hours above zero.");
  *m.add_criteria() = Automatic("ANNEX_LEVEL", v1::EQF_LEVEL_VALID, "Level",
                                "EQF level 1-8, or marked not applicable.");
  *m.add_criteria() = Automatic("ANNEX_ASSESSMENT", v1::ASSESSMENT_TYPE_SET, "Type of assessment",
                                "The type of assessment is set.");
  *m.add_criteria() = Automatic("ANNEX_PARTICIPATION", v1::PARTICIPATION_SET,
                                "Form of participation", "Participation mode and pacing are set.");
  *m.add_criteria() = Automatic("ANNEX_QUALITY_ASSURANCE", v1::QUALITY_ASSURANCE_STATED,
                                "Type of quality assurance",
                                "The quality assurance underpinning the unit is stated.");
  *m.add_criteria() = Automatic("COMPETENCE_ALIGNMENT", v1::COMPETENCE_ALIGNED,
                                "Competence alignment",
                                "At least one competence of a published framework.");
  *m.add_criteria() = Automatic("BADGE_CRITERIA", v1::CRITERIA_STATED, "Badge criteria",
                                "What a learner must do to earn the badge is stated.");
  *m.add_criteria() = Reviewer(
      "RELEVANCE", 3, true, "Relevance",
      "The unit answers a real competence need of teachers in vocational or higher education, "
      "and its outcomes match the competences it is aligned to.");
  *m.add_criteria() = Reviewer(
      "VALID_ASSESSMENT", 3, true, "Valid and reliable assessment",
      "The assessment measures the stated learning outcomes, with criteria a learner can know "
      "in advance.");
  *m.add_criteria() = Reviewer(
      "TRANSPARENCY", 2, true, "Transparency",
      "Workload, level, prerequisites, assessment and the form of participation are clear and "
      "truthful; the unit can be compared with others in the catalogue.");
  *m.add_criteria() = Reviewer(
      "LEARNER_CENTRED", 2, false, "Learner-centred design",
      "The unit fits working teachers: flexible pacing, relevant tasks, accessible materials "
      "and feedback on progress.");
  *m.add_criteria() = Reviewer(
      "RECOGNITION", 1, false, "Recognition",
      "The badge carries what another institution needs to recognise the learning: outcomes, "
      "workload, level and assessment.");
  *m.add_criteria() = Reviewer(
      "LEARNING_PATHWAYS", 1, false, "Learning pathways",
      "The unit states how it stacks or combines with other units into larger learning.");
  return m;
}

void ApplyModelDefaults(v1::QualityModel* m) {
  if (m->min_reviewers() == 0) m->set_min_reviewers(kDefaultMinReviewers);
  if (m->approval_validity_days() == 0) m->set_approval_validity_days(kDefaultValidityDays);
  if (m->score_scale_max() == 0) m->set_score_scale_max(kDefaultScaleMax);
}

void CheckModel(const v1::QualityModel& m, Violations& v) {
  v.Check(!Blank(m.title()) && m.title().size() <= 300, "quality_model.title",
          "is required, at most 300 bytes");
  v.Check(m.description().size() <= 10000, "quality_model.description",
          "must be at most 10000 bytes");
  v.Check(m.min_reviewers() >= 1 && m.min_reviewers() <= 10, "quality_model.min_reviewers",
          "must be 1-10");
  v.Check(m.approval_validity_days() >= 1 && m.approval_validity_days() <= 1096,
          "quality_model.approval_validity_days", "must be 1-1096 days");
  v.Check(m.score_scale_max() >= 2 && m.score_scale_max() <= 10, "quality_model.score_scale_max",
          "must be 2-10");
  v.Check(m.criteria_size() >= 1 && m.criteria_size() <= 100, "quality_model.criteria",
          "must have 1-100 criteria");
  std::set<std::string> codes;
  std::set<int> checks;
  bool any_reviewer = false;
  for (int i = 0; i < m.criteria_size(); ++i) {
    const auto& c = m.criteria(i);
    const std::string f = absl::StrCat("quality_model.criteria[", i, "]");
    if (!IsCode(c.code())) {
      v.Add(f + ".code", "must be 1-40 characters of A-Z, 0-9 and _");
    } else if (!codes.insert(c.code()).second) {
      v.Add(f + ".code", "is used twice");
    }
    v.Check(!Blank(c.title()) && c.title().size() <= 300, f + ".title",
            "is required, at most 300 bytes");
    v.Check(c.guidance().size() <= 4000, f + ".guidance", "must be at most 4000 bytes");
    v.Check(std::isfinite(c.weight()) && c.weight() > 0 && c.weight() <= 100, f + ".weight",
            "must be above 0 and at most 100");
    if (c.kind() == v1::AUTOMATIC) {
      if (c.check() == v1::AUTOMATIC_CHECK_UNSPECIFIED || !v1::AutomaticCheck_IsValid(c.check())) {
        v.Add(f + ".check", "must name an automatic check");
      } else if (!checks.insert(c.check()).second) {
        v.Add(f + ".check", "is used by another criterion");
      }
      v.Check(c.pass_threshold() == 0, f + ".pass_threshold",
              "must be 0 for an AUTOMATIC criterion (it passes or fails)");
    } else if (c.kind() == v1::REVIEWER) {
      any_reviewer = true;
      v.Check(c.check() == v1::AUTOMATIC_CHECK_UNSPECIFIED, f + ".check",
              "must be empty for a REVIEWER criterion");
      v.Check(std::isfinite(c.pass_threshold()) && c.pass_threshold() >= 1 &&
                  c.pass_threshold() <= m.score_scale_max(),
              f + ".pass_threshold", "must be between 1 and score_scale_max");
    } else {
      v.Add(f + ".kind", "must be AUTOMATIC or REVIEWER");
    }
  }
  v.Check(any_reviewer, "quality_model.criteria", "must include at least one REVIEWER criterion");
}

std::vector<v1::AutomaticResult> RunAutomaticChecks(const v1::QualityModel& model,
                                                    const learning::v1::Unit& unit) {
  std::vector<v1::AutomaticResult> out;
  for (const auto& c : model.criteria()) {
    if (c.kind() != v1::AUTOMATIC) continue;
    const CheckOutcome o = Run(c.check(), unit);
    v1::AutomaticResult r;
    r.set_criterion(c.code());
    r.set_passed(o.passed);
    r.set_mandatory(c.mandatory());
    r.set_field(o.field);
    r.set_message(o.message);
    out.push_back(std::move(r));
  }
  return out;
}

bool MandatoryChecksPassed(const std::vector<v1::AutomaticResult>& results) {
  for (const auto& r : results) {
    if (r.mandatory() && !r.passed()) return false;
  }
  return true;
}

absl::Status CheckScorecard(const v1::QualityModel& model,
                            const google::protobuf::RepeatedPtrField<v1::Score>& scores) {
  Violations v;
  std::map<std::string, int> wanted;
  for (const auto& c : model.criteria()) {
    if (c.kind() == v1::REVIEWER) wanted[c.code()] = 0;
  }
  for (int i = 0; i < scores.size(); ++i) {
    const auto& s = scores[i];
    const std::string f = absl::StrCat("scores[", i, "]");
    auto it = wanted.find(s.criterion());
    if (it == wanted.end()) {
      v.Add(f + ".criterion", "is not a REVIEWER criterion of " + model.name());
      continue;
    }
    if (++it->second > 1) v.Add(f + ".criterion", "is scored twice");
    v.Check(s.score() >= 1 && s.score() <= model.score_scale_max(), f + ".score",
            absl::StrCat("must be 1-", model.score_scale_max()));
    v.Check(!Blank(s.comment()), f + ".comment", "is required: say why");
    v.Check(s.comment().size() <= 4000, f + ".comment", "must be at most 4000 bytes");
  }
  for (const auto& [code, count] : wanted) {
    v.Check(count > 0, "scores", "must score " + code);
  }
  return v.ToStatus();
}

void ScoreReview(const v1::QualityModel& model, v1::Review* review) {
  review->clear_criterion_results();
  double weighted = 0, total_weight = 0;
  std::map<std::string, bool> automatic;
  for (const auto& r : review->automatic_results()) automatic[r.criterion()] = r.passed();
  for (const auto& c : model.criteria()) {
    if (c.kind() == v1::AUTOMATIC) {
      total_weight += c.weight();
      if (automatic[c.code()]) weighted += c.weight();
      continue;
    }
    double sum = 0;
    int n = 0;
    for (const auto& card : review->scorecards()) {
      for (const auto& s : card.scores()) {
        if (s.criterion() == c.code()) {
          sum += s.score();
          ++n;
        }
      }
    }
    v1::CriterionResult* r = review->add_criterion_results();
    r->set_criterion(c.code());
    r->set_mandatory(c.mandatory());
    if (n == 0) continue;
    const double mean = sum / n;
    r->set_mean_score(mean);
    r->set_passed(mean >= c.pass_threshold());
    total_weight += c.weight();
    weighted += c.weight() * mean / model.score_scale_max();
  }
  review->set_weighted_score(total_weight > 0 ? std::round(1000 * weighted / total_weight) / 10
                                              : 0);
}

absl::Status CheckApprovable(const v1::QualityModel& model, const v1::Review& review) {
  if (!MandatoryChecksPassed({review.automatic_results().begin(),
                              review.automatic_results().end()})) {
    return Error(absl::StatusCode::kFailedPrecondition, "AUTOMATIC_CHECKS_FAILED",
                 review.name() + " failed a mandatory automatic check");
  }
  int scored = 0;
  std::vector<std::string> missing;
  for (const auto& a : review.assignments()) {
    if (a.scored()) {
      ++scored;
    } else {
      missing.push_back(a.reviewer());
    }
  }
  if (!missing.empty()) {
    return Error(absl::StatusCode::kFailedPrecondition, "SCORECARDS_MISSING",
                 "not every assigned reviewer has scored " + review.name() + "; waiting for " +
                     absl::StrJoin(missing, ", "));
  }
  if (scored < model.min_reviewers()) {
    return Error(absl::StatusCode::kFailedPrecondition, "TOO_FEW_REVIEWERS",
                 absl::StrCat(review.name(), " has ", scored, " scorecard(s); ", model.name(),
                              " needs at least ", model.min_reviewers(), " reviewers"));
  }
  std::vector<std::string> failed;
  for (const auto& r : review.criterion_results()) {
    if (r.mandatory() && !r.passed()) {
      failed.push_back(absl::StrCat(r.criterion(), " (mean ", r.mean_score(), ")"));
    }
  }
  if (!failed.empty()) {
    return Error(absl::StatusCode::kFailedPrecondition, "MANDATORY_CRITERION_FAILED",
                 "mandatory criteria below their pass threshold: " + absl::StrJoin(failed, ", ") +
                     "; request changes or reject");
  }
  return absl::OkStatus();
}

const v1::Approval* FindApproval(const v1::UnitQuality& q, int version) {
  for (const auto& a : q.approvals()) {
    if (version == 0 || a.unit_version() == version) return &a;
  }
  return nullptr;
}

v1::Approval* FindApproval(v1::UnitQuality* q, int version) {
  for (auto& a : *q->mutable_approvals()) {
    if (version == 0 || a.unit_version() == version) return &a;
  }
  return nullptr;
}

void RemoveApproval(v1::UnitQuality* q, int version) {
  auto* list = q->mutable_approvals();
  for (int i = list->size() - 1; i >= 0; --i) {
    if ((*list)[i].unit_version() == version) list->DeleteSubrange(i, 1);
  }
}

void RecordApproval(v1::UnitQuality* q, v1::Approval approval) {
  RemoveApproval(q, approval.unit_version());
  approval.clear_status();
  auto* list = q->mutable_approvals();
  list->Add(std::move(approval));
  for (int i = list->size() - 1; i > 0; --i) list->SwapElements(i, i - 1);
  while (list->size() > kApprovalsKept) list->RemoveLast();
}

namespace {

v1::UnitQuality::Status StatusOf(const v1::Approval& a, absl::Time now) {
  if (a.has_flag_time()) return v1::UnitQuality::FLAGGED;
  return absl::FromUnixMicros(ToMicros(a.valid_until())) > now ? v1::UnitQuality::APPROVED
                                                                : v1::UnitQuality::EXPIRED;
}

}  // namespace

v1::UnitQuality::Status ComputeStatus(const v1::UnitQuality& q, int version, absl::Time now) {
  if (const v1::Approval* a = FindApproval(q, version)) return StatusOf(*a, now);
  if (!q.open_review().empty()) return v1::UnitQuality::IN_REVIEW;
  if (q.last_outcome() == v1::REJECTED) return v1::UnitQuality::REJECTED;
  return v1::UnitQuality::NOT_REVIEWED;
}

void ClearPresented(v1::UnitQuality* q) {
  q->clear_status();
  q->clear_approved_version();
  q->clear_approved_digest();
  q->clear_model();
  q->clear_model_version();
  q->clear_decision_time();
  q->clear_valid_until();
  q->clear_flag_time();
  q->clear_seq();
  for (auto& a : *q->mutable_approvals()) a.clear_status();
}

void Present(v1::UnitQuality* q, int version, absl::Time now) {
  const int64_t seq = q->seq();
  ClearPresented(q);
  q->set_seq(seq);
  for (auto& a : *q->mutable_approvals()) a.set_status(StatusOf(a, now));
  q->set_status(ComputeStatus(*q, version, now));
  if (const v1::Approval* a = FindApproval(*q, version)) {
    q->set_approved_version(a->unit_version());
    q->set_approved_digest(a->digest());
    q->set_model(a->model());
    q->set_model_version(a->model_version());
    *q->mutable_decision_time() = a->decision_time();
    *q->mutable_valid_until() = a->valid_until();
    if (a->has_flag_time()) *q->mutable_flag_time() = a->flag_time();
  }
}

}  // namespace valohub::quality
