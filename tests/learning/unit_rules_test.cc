#include "services/learning/unit_rules.h"

#include <gtest/gtest.h>

#include <set>

namespace valohub::learning {
namespace {

v1::Unit Complete() {
  v1::Unit u;
  u.set_title("Assessment design");
  u.set_awarding_body("Provider UAS");
  u.set_country("FI");
  u.set_region("FI-18");
  u.add_learning_outcomes("designs assessment");
  u.mutable_workload()->set_ects(2);
  u.set_eqf_level(6);
  u.set_assessment_type(v1::PORTFOLIO);
  u.set_participation_mode(v1::BLENDED);
  u.set_pacing(v1::SCHEDULED);
  u.set_quality_assurance("internal QA");
  u.add_languages("fi");
  auto* a = u.add_alignments();
  a->set_competence("frameworks/f/competences/1.1");
  a->set_target_level("B1");
  u.mutable_achievement()->set_criteria_narrative("a portfolio");
  return u;
}

std::set<std::string> Fields(const v1::Unit& u) {
  Violations v;
  CheckUnit(u, "unit.", v);
  std::set<std::string> out;
  for (const auto& fv : FieldViolations(v.ToStatus())) out.insert(fv.field);
  return out;
}

TEST(UnitRulesTest, ACompleteUnitPasses) { EXPECT_TRUE(Fields(Complete()).empty()); }

TEST(UnitRulesTest, EveryMandatoryAnnexElementIsNamedWhenMissing) {
  struct Case {
    std::function<void(v1::Unit&)> drop;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](v1::Unit& u) { u.clear_title(); }, "unit.title"},
      {[](v1::Unit& u) { u.set_title("   "); }, "unit.title"},
      {[](v1::Unit& u) { u.clear_awarding_body(); }, "unit.awarding_body"},
      {[](v1::Unit& u) { u.clear_country(); u.clear_region(); }, "unit.country"},
      {[](v1::Unit& u) { u.clear_learning_outcomes(); }, "unit.learning_outcomes"},
      {[](v1::Unit& u) { u.clear_workload(); }, "unit.workload"},
      {[](v1::Unit& u) { u.mutable_workload()->set_ects(0); }, "unit.workload"},
      {[](v1::Unit& u) { u.clear_eqf_level(); }, "unit.eqf_level"},
      {[](v1::Unit& u) { u.clear_assessment_type(); }, "unit.assessment_type"},
      {[](v1::Unit& u) { u.clear_participation_mode(); }, "unit.participation_mode"},
      {[](v1::Unit& u) { u.clear_pacing(); }, "unit.pacing"},
      {[](v1::Unit& u) { u.clear_quality_assurance(); }, "unit.quality_assurance"},
      {[](v1::Unit& u) { u.clear_alignments(); }, "unit.alignments"},
      {[](v1::Unit& u) { u.clear_achievement(); }, "unit.achievement.criteria_narrative"},
  };
  for (const auto& c : cases) {
    v1::Unit u = Complete();
    c.drop(u);
    EXPECT_EQ(Fields(u), std::set<std::string>{c.field}) << c.field;
  }
  Violations v;
  v1::Unit u = Complete();
  u.clear_workload();
  CheckUnit(u, "unit.", v);
  EXPECT_NE(std::string(v.ToStatus().message()).find("Annex I: notional workload"),
            std::string::npos);
}

TEST(UnitRulesTest, MalformedElementsAreRefused) {
  auto with = [](std::function<void(v1::Unit&)> change) {
    v1::Unit u = Complete();
    change(u);
    return Fields(u);
  };
  using S = std::set<std::string>;
  EXPECT_EQ(with([](v1::Unit& u) { u.set_country("fi"); u.clear_region(); }), S{"unit.country"});
  EXPECT_EQ(with([](v1::Unit& u) { u.set_region("SE-01"); }), S{"unit.region"});
  EXPECT_EQ(with([](v1::Unit& u) { u.set_eqf_level(9); }), S{"unit.eqf_level"});
  EXPECT_EQ(with([](v1::Unit& u) { u.set_eqf_not_applicable(true); }), S{"unit.eqf_level"});
  EXPECT_TRUE(with([](v1::Unit& u) { u.clear_eqf_level(); u.set_eqf_not_applicable(true); }).empty());
  EXPECT_EQ(with([](v1::Unit& u) { u.mutable_workload()->set_ects(-1); }), S{"unit.workload.ects"});
  EXPECT_EQ(with([](v1::Unit& u) { u.add_languages("Finnish"); }), S{"unit.languages[1]"});
  EXPECT_EQ(with([](v1::Unit& u) { u.add_learning_outcomes(""); }), S{"unit.learning_outcomes[1]"});
  EXPECT_EQ(with([](v1::Unit& u) { *u.add_alignments() = u.alignments(0); }),
            S{"unit.alignments[1].competence"});
  EXPECT_EQ(with([](v1::Unit& u) { u.mutable_achievement()->set_image_uri("ftp://x"); }),
            S{"unit.achievement.image_uri"});
}

TEST(UnitRulesTest, LanguageTags) {
  for (const char* ok : {"fi", "sv-FI", "en", "sme", "zh-Hant-TW"}) EXPECT_TRUE(IsLanguageTag(ok)) << ok;
  for (const char* bad : {"", "f", "FI", "fi-", "-fi", "fi FI", "english"}) {
    EXPECT_FALSE(IsLanguageTag(bad)) << bad;
  }
}

TEST(UnitRulesTest, WorkloadInHoursCountsTwentySevenPerEcts) {
  v1::Workload w;
  w.set_hours(135);
  EXPECT_DOUBLE_EQ(EctsEquivalent(w), 5.0);
  w.set_ects(4);
  EXPECT_DOUBLE_EQ(EctsEquivalent(w), 4.0);
}

}  // namespace
}  // namespace valohub::learning
