#include "services/competence/person_store.h"

#include "services/competence/institution_store.h"
#include "tests/competence/store_fixture.h"

namespace valohub::competence {
namespace {

class PersonStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Must<v1::Institution>(
        [](db::Tx& tx) { return InstitutionStore::Insert(tx, "demo", SampleInstitution()); });
  }
};

TEST_F(PersonStoreTest, InsertGetUpdateDelete) {
  auto p = Must<v1::Person>(
      [](db::Tx& tx) { return PersonStore::Insert(tx, {"demo", "p1"}, SamplePerson("HR-1")); });
  EXPECT_EQ(p.name(), "institutions/demo/people/p1");
  EXPECT_EQ(p.employment_start_date(), "2020-08-01");
  ASSERT_EQ(p.roles_size(), 1);
  EXPECT_EQ(p.roles(0), v1::TEACHER);
  auto got = Must<v1::Person>([](db::Tx& tx) { return PersonStore::Get(tx, {"demo", "p1"}); });
  EXPECT_EQ(got.SerializeAsString(), p.SerializeAsString());

  v1::Person changed = got;
  changed.add_roles(v1::MENTOR);
  changed.set_employment_start_date("");
  auto updated =
      Must<v1::Person>([&](db::Tx& tx) { return PersonStore::Update(tx, {"demo", "p1"}, 1, changed); });
  EXPECT_EQ(updated.roles_size(), 2);
  EXPECT_EQ(updated.employment_start_date(), "");
  EXPECT_EQ(InTx([&](db::Tx& tx) {
              return PersonStore::Update(tx, {"demo", "p1"}, 1, changed).status();
            }).code(),
            absl::StatusCode::kAborted);
  EXPECT_TRUE(InTx([](db::Tx& tx) { return PersonStore::Delete(tx, {"demo", "p1"}, 0); }).ok());
  EXPECT_EQ(InTx([](db::Tx& tx) { return PersonStore::CheckExists(tx, {"demo", "p1"}); }).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(PersonStoreTest, ExternalIdIsUniqueWithinInstitution) {
  Must<v1::Person>(
      [](db::Tx& tx) { return PersonStore::Insert(tx, {"demo", "p1"}, SamplePerson("HR-1")); });
  absl::Status s = InTx(
      [](db::Tx& tx) { return PersonStore::Insert(tx, {"demo", "p2"}, SamplePerson("HR-1")).status(); });
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  // People without an external id do not collide.
  for (const char* id : {"p3", "p4"}) {
    Must<v1::Person>(
        [&](db::Tx& tx) { return PersonStore::Insert(tx, {"demo", id}, SamplePerson("")); });
  }
}

TEST_F(PersonStoreTest, UpsertInsertsNewAndUpdatesKnownExternalIds) {
  Must<v1::Person>(
      [](db::Tx& tx) { return PersonStore::Insert(tx, {"demo", "old"}, SamplePerson("HR-1")); });
  std::vector<PersonUpsert> rows;
  for (int i = 0; i < 2500; ++i) {  // crosses a chunk boundary
    v1::Person p = SamplePerson("HR-" + std::to_string(i + 1));
    p.set_display_name("Person " + std::to_string(i));
    rows.push_back({i, "new-" + std::to_string(i), p});
  }
  auto outcomes = Must<std::vector<PersonUpsertOutcome>>(
      [&](db::Tx& tx) { return PersonStore::Upsert(tx, "demo", rows); });
  ASSERT_EQ(outcomes.size(), 2500u);
  int created = 0;
  for (const auto& o : outcomes) {
    if (o.index == 0) {
      EXPECT_EQ(o.person_id, "old");
      EXPECT_FALSE(o.created);
    }
    created += o.created;
  }
  EXPECT_EQ(created, 2499);
  auto old = Must<v1::Person>([](db::Tx& tx) { return PersonStore::Get(tx, {"demo", "old"}); });
  EXPECT_EQ(old.display_name(), "Person 0");
  EXPECT_EQ(old.etag(), "\"v2\"");
}

TEST_F(PersonStoreTest, ListIsStableWhileRowsArrive) {
  for (int i = 0; i < 5; ++i) {
    Must<v1::Person>([&](db::Tx& tx) {
      return PersonStore::Insert(tx, {"demo", "p" + std::to_string(i)}, SamplePerson(""));
    });
  }
  auto first = Must<PersonPage>([](db::Tx& tx) { return PersonStore::List(tx, "demo", {3, 0}); });
  ASSERT_EQ(first.people.size(), 3u);
  Must<v1::Person>([](db::Tx& tx) { return PersonStore::Insert(tx, {"demo", "late"}, SamplePerson("")); });
  auto second = Must<PersonPage>(
      [&](db::Tx& tx) { return PersonStore::List(tx, "demo", {3, first.next_after_seq}); });
  ASSERT_EQ(second.people.size(), 3u);
  EXPECT_EQ(second.people[0].name(), "institutions/demo/people/p3");
  EXPECT_EQ(second.people[2].name(), "institutions/demo/people/late");
}

}  // namespace
}  // namespace valohub::competence
