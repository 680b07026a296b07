#include "services/competence/assessment_store.h"

#include "services/competence/framework_store.h"
#include "services/competence/institution_store.h"
#include "services/competence/person_store.h"
#include "tests/competence/store_fixture.h"

namespace valohub::competence {
namespace {

class AssessmentStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    SeedPersonAndPublishedFramework();
  }

  v1::Assessment Add(v1::Assessment::Source source, const std::string& level, int64_t seconds) {
    v1::Assessment a;
    a.set_level(level);
    a.set_source(source);
    a.mutable_assess_time()->set_seconds(seconds);
    return Must<v1::Assessment>([&](db::Tx& tx) {
      return AssessmentStore::Insert(tx, {"demo", "p"}, NewUuid(), "f", "1.1", a);
    });
  }
};

TEST_F(AssessmentStoreTest, HistoryIsKeptNewestFirst) {
  auto first = Add(v1::Assessment::SELF, "A1", 1700000000);
  auto second = Add(v1::Assessment::SELF, "A2", 1700000100);
  EXPECT_EQ(first.competence(), "frameworks/f/competences/1.1");
  EXPECT_EQ(first.assess_time().seconds(), 1700000000);
  auto page = Must<AssessmentPage>(
      [](db::Tx& tx) { return AssessmentStore::List(tx, {"demo", "p"}, {1, 0}); });
  ASSERT_EQ(page.assessments.size(), 1u);
  EXPECT_EQ(page.assessments[0].name(), second.name());
  auto next = Must<AssessmentPage>([&](db::Tx& tx) {
    return AssessmentStore::List(tx, {"demo", "p"}, {1, page.next_after_seq});
  });
  ASSERT_EQ(next.assessments.size(), 1u);
  EXPECT_EQ(next.assessments[0].name(), first.name());
  auto got = Must<v1::Assessment>([&](db::Tx& tx) {
    return AssessmentStore::Get(tx, {"demo", "p"}, first.name().substr(first.name().rfind('/') + 1));
  });
  EXPECT_EQ(got.level(), "A1");
}

TEST_F(AssessmentStoreTest, ProfileShowsLatestLevelPerSourceSideBySide) {
  Add(v1::Assessment::SELF, "A1", 1700000000);
  Add(v1::Assessment::SELF, "A2", 1700000200);
  Add(v1::Assessment::MANAGER, "A1", 1700000100);
  // An older assessment recorded later does not replace the current one.
  Add(v1::Assessment::MANAGER, "A2", 1600000000);
  auto profile = Must<v1::CompetenceProfile>(
      [](db::Tx& tx) { return AssessmentStore::Profile(tx, {"demo", "p"}); });
  ASSERT_EQ(profile.competences_size(), 1);
  const auto& c = profile.competences(0);
  EXPECT_EQ(c.competence(), "frameworks/f/competences/1.1");
  EXPECT_EQ(c.self().level(), "A2");
  EXPECT_EQ(c.manager().level(), "A1");
  EXPECT_FALSE(c.has_peer());
  EXPECT_FALSE(c.has_evidence());
}

TEST_F(AssessmentStoreTest, UnknownLevelIsRefusedByTheDatabase) {
  v1::Assessment a;
  a.set_level("Z9");
  a.set_source(v1::Assessment::SELF);
  absl::Status s = InTx([&](db::Tx& tx) {
    return AssessmentStore::Insert(tx, {"demo", "p"}, "x", "f", "1.1", a).status();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace valohub::competence
