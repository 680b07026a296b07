#include "services/competence/development_need_store.h"

#include "services/competence/framework_store.h"
#include "services/competence/institution_store.h"
#include "services/competence/person_store.h"
#include "tests/competence/store_fixture.h"

namespace valohub::competence {
namespace {

class DevelopmentNeedStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    SeedPersonAndPublishedFramework();
  }
};

TEST_F(DevelopmentNeedStoreTest, InsertGetListUpdateDelete) {
  v1::DevelopmentNeed need;
  need.set_priority(v1::HIGH);
  need.set_description("Haluan oppia käyttämään digitaalisia arviointityökaluja.");
  auto created = Must<v1::DevelopmentNeed>([&](db::Tx& tx) {
    return DevelopmentNeedStore::Insert(tx, {"demo", "p"}, "n1", "f", "1.1", need);
  });
  EXPECT_EQ(created.name(), "institutions/demo/people/p/developmentNeeds/n1");
  EXPECT_EQ(created.competence(), "frameworks/f/competences/1.1");
  EXPECT_EQ(created.description(), need.description());
  auto list = Must<DevelopmentNeedPage>(
      [](db::Tx& tx) { return DevelopmentNeedStore::List(tx, {"demo", "p"}, {10, 0}); });
  ASSERT_EQ(list.needs.size(), 1u);
  v1::DevelopmentNeed changed = created;
  changed.set_priority(v1::LOW);
  auto updated = Must<v1::DevelopmentNeed>([&](db::Tx& tx) {
    return DevelopmentNeedStore::Update(tx, {"demo", "p"}, "n1", 1, "f", "1.1", changed);
  });
  EXPECT_EQ(updated.priority(), v1::LOW);
  EXPECT_EQ(InTx([&](db::Tx& tx) {
              return DevelopmentNeedStore::Update(tx, {"demo", "p"}, "n1", 1, "f", "1.1", changed)
                  .status();
            }).code(),
            absl::StatusCode::kAborted);
  EXPECT_TRUE(InTx([](db::Tx& tx) { return DevelopmentNeedStore::Delete(tx, {"demo", "p"}, "n1", 2); }).ok());
  EXPECT_EQ(InTx([](db::Tx& tx) {
              return DevelopmentNeedStore::Get(tx, {"demo", "p"}, "n1").status();
            }).code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace valohub::competence
