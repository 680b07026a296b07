#include "services/competence/framework_store.h"

#include "tests/competence/store_fixture.h"

namespace valohub::competence {
namespace {

using FrameworkStoreTest = StoreTest;

TEST_F(FrameworkStoreTest, InsertGetUpdateDelete) {
  v1::Framework f = SampleFramework();
  f.set_status(v1::DRAFT);
  auto created = Must<v1::Framework>([&](db::Tx& tx) { return FrameworkStore::Insert(tx, "f", f); });
  EXPECT_EQ(created.name(), "frameworks/f");
  EXPECT_EQ(created.items_size(), 2);
  EXPECT_FALSE(created.has_publish_time());
  auto got = Must<v1::Framework>([](db::Tx& tx) { return FrameworkStore::Get(tx, "f"); });
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());

  v1::Framework published = got;
  published.set_status(v1::PUBLISHED);
  auto after = Must<v1::Framework>(
      [&](db::Tx& tx) { return FrameworkStore::Update(tx, "f", 1, published); });
  EXPECT_EQ(after.status(), v1::PUBLISHED);
  EXPECT_TRUE(after.has_publish_time());
  EXPECT_EQ(InTx([&](db::Tx& tx) { return FrameworkStore::Update(tx, "f", 1, published).status(); })
                .code(),
            absl::StatusCode::kAborted);
  EXPECT_TRUE(InTx([](db::Tx& tx) { return FrameworkStore::Delete(tx, "f", 2); }).ok());
  EXPECT_EQ(InTx([](db::Tx& tx) { return FrameworkStore::Get(tx, "f").status(); }).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(FrameworkStoreTest, CaseIdentifierIsUnique) {
  Must<v1::Framework>([](db::Tx& tx) { return FrameworkStore::Insert(tx, "f", SampleFramework()); });
  EXPECT_EQ(InTx([](db::Tx& tx) {
              return FrameworkStore::Insert(tx, "g", SampleFramework()).status();
            }).code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(FrameworkStoreTest, CheckReportsCompetencesAndLevels) {
  v1::Framework f = SampleFramework();
  f.set_status(v1::PUBLISHED);
  Must<v1::Framework>([&](db::Tx& tx) { return FrameworkStore::Insert(tx, "f", f); });
  auto ok = Must<CompetenceCheck>([](db::Tx& tx) { return FrameworkStore::Check(tx, "f", "1.1", "A2"); });
  EXPECT_TRUE(ok.framework_exists && ok.competence_exists && ok.level_exists);
  EXPECT_EQ(ok.status, v1::PUBLISHED);
  auto area = Must<CompetenceCheck>([](db::Tx& tx) { return FrameworkStore::Check(tx, "f", "1", "B1"); });
  EXPECT_FALSE(area.competence_exists);  // areas are not assessable
  EXPECT_FALSE(area.level_exists);
  auto none = Must<CompetenceCheck>([](db::Tx& tx) { return FrameworkStore::Check(tx, "x", "1.1", "A1"); });
  EXPECT_FALSE(none.framework_exists);
}

TEST_F(FrameworkStoreTest, ListPages) {
  for (int i = 0; i < 3; ++i) {
    v1::Framework f = SampleFramework();
    f.set_case_identifier("5f0c9a3e-1b2c-4d5e-8f90-01234567890" + std::to_string(i));
    f.set_status(v1::DRAFT);
    Must<v1::Framework>([&](db::Tx& tx) { return FrameworkStore::Insert(tx, "f" + std::to_string(i), f); });
  }
  auto page = Must<FrameworkPage>([](db::Tx& tx) { return FrameworkStore::List(tx, {2, 0}, true); });
  EXPECT_EQ(page.frameworks.size(), 2u);
  auto rest = Must<FrameworkPage>([&](db::Tx& tx) { return FrameworkStore::List(tx, {2, page.next_after_seq}, true); });
  ASSERT_EQ(rest.frameworks.size(), 1u);
  EXPECT_EQ(rest.frameworks[0].name(), "frameworks/f2");
  // The samples are drafts: hidden from a public list.
  auto published = Must<FrameworkPage>([](db::Tx& tx) { return FrameworkStore::List(tx, {10, 0}, false); });
  EXPECT_TRUE(published.frameworks.empty());
}

}  // namespace
}  // namespace valohub::competence
