#include "services/competence/competence_rules.h"

#include <gtest/gtest.h>

namespace valohub::competence {
namespace {

std::vector<std::string> Fields(const Violations& v) {
  std::vector<std::string> out;
  for (const auto& f : FieldViolations(v.ToStatus())) out.push_back(f.field);
  return out;
}

TEST(CompetenceRulesTest, Formats) {
  EXPECT_TRUE(IsFinnishRegion("FI-01"));
  EXPECT_TRUE(IsFinnishRegion("FI-19"));
  EXPECT_FALSE(IsFinnishRegion("FI-20"));
  EXPECT_FALSE(IsFinnishRegion("FI-00"));
  EXPECT_FALSE(IsFinnishRegion("SE-01"));
  EXPECT_TRUE(IsEmail("aino.virtanen@example.fi"));
  EXPECT_FALSE(IsEmail("aino@"));
  EXPECT_FALSE(IsEmail("a b@example.fi"));
  EXPECT_FALSE(IsEmail("a@b@example.fi"));
  EXPECT_TRUE(IsDate("2024-02-29"));
  EXPECT_FALSE(IsDate("2023-02-29"));
  EXPECT_FALSE(IsDate("2023-2-1"));
  EXPECT_TRUE(IsCode("1.1"));
  EXPECT_FALSE(IsCode("1,1"));
}

TEST(CompetenceRulesTest, InstitutionNamesEveryBadField) {
  v1::Institution in;
  in.set_business_id("1234567-0");
  in.set_region("FI-99");
  Violations v;
  CheckInstitution(in, "institution.", v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"institution.display_name", "institution.kind",
                                                 "institution.business_id",
                                                 "institution.region"}));
}

TEST(CompetenceRulesTest, PersonRolesMustBeDistinct) {
  v1::Person p;
  p.set_display_name("Aino");
  p.add_roles(v1::TEACHER);
  p.add_roles(v1::TEACHER);
  p.set_employment_start_date("2024-13-01");
  Violations v;
  CheckPerson(p, "person.", v);
  EXPECT_EQ(Fields(v),
            (std::vector<std::string>{"person.roles[1]", "person.employment_start_date"}));
}

v1::Framework SmallFramework() {
  v1::Framework f;
  f.set_display_name("F");
  auto* l = f.add_levels();
  l->set_code("A1");
  l->set_title("Newcomer");
  auto* area = f.add_items();
  area->set_code("1");
  area->set_kind(v1::AREA);
  area->set_title("Area");
  auto* c = f.add_items();
  c->set_code("1.1");
  c->set_kind(v1::COMPETENCE);
  c->set_parent_code("1");
  c->set_title("Competence");
  auto* d = c->add_level_descriptors();
  d->set_level("A1");
  d->set_description("Does a little");
  return f;
}

TEST(CompetenceRulesTest, ValidFrameworkPasses) {
  Violations v;
  CheckFramework(SmallFramework(), "framework.", true, v);
  EXPECT_TRUE(v.empty()) << v.ToStatus();
}

TEST(CompetenceRulesTest, TreeRulesAreEnforced) {
  v1::Framework f = SmallFramework();
  f.mutable_items(1)->set_parent_code("9");  // unknown parent
  auto* child_of_competence = f.add_items();
  child_of_competence->set_code("1.1.1");
  child_of_competence->set_kind(v1::COMPETENCE);
  child_of_competence->set_parent_code("1.1");
  child_of_competence->set_title("x");
  auto* dup = f.add_items();
  dup->set_code("1");
  dup->set_kind(v1::AREA);
  dup->set_title("again");
  f.mutable_items(1)->mutable_level_descriptors(0)->set_level("Z9");
  Violations v;
  CheckFramework(f, "framework.", false, v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"framework.items[1].parent_code",
                                                 "framework.items[1].level_descriptors[0].level",
                                                 "framework.items[2].parent_code",
                                                 "framework.items[3].code"}));
}

TEST(CompetenceRulesTest, PublishNeedsScaleAndCompetence) {
  v1::Framework f;
  f.set_display_name("Empty");
  Violations draft, publish;
  CheckFramework(f, "framework.", false, draft);
  CheckFramework(f, "framework.", true, publish);
  EXPECT_TRUE(draft.empty());
  EXPECT_EQ(Fields(publish), (std::vector<std::string>{"framework.levels", "framework.items"}));
}

}  // namespace
}  // namespace valohub::competence
