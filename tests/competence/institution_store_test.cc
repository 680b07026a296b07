#include "services/competence/institution_store.h"

#include "services/runtime/etag.h"
#include "services/competence/person_store.h"
#include "tests/competence/store_fixture.h"

namespace valohub::competence {
namespace {

using InstitutionStoreTest = StoreTest;

TEST_F(InstitutionStoreTest, InsertGetUpdateDelete) {
  auto created = Must<v1::Institution>(
      [](db::Tx& tx) { return InstitutionStore::Insert(tx, "demo", SampleInstitution()); });
  EXPECT_EQ(created.name(), "institutions/demo");
  EXPECT_EQ(created.etag(), MakeEtag(1));
  EXPECT_GT(created.create_time().seconds(), 0);

  auto got = Must<v1::Institution>([](db::Tx& tx) { return InstitutionStore::Get(tx, "demo"); });
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());

  v1::Institution changed = got;
  changed.set_display_name("Renamed");
  auto updated = Must<v1::Institution>(
      [&](db::Tx& tx) { return InstitutionStore::Update(tx, "demo", 1, changed); });
  EXPECT_EQ(updated.display_name(), "Renamed");
  EXPECT_EQ(updated.etag(), MakeEtag(2));

  EXPECT_EQ(InTx([&](db::Tx& tx) {
              return InstitutionStore::Update(tx, "demo", 1, changed).status();
            }).code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(InTx([&](db::Tx& tx) { return InstitutionStore::Delete(tx, "demo", 1, false); }).code(),
            absl::StatusCode::kAborted);
  EXPECT_TRUE(InTx([&](db::Tx& tx) { return InstitutionStore::Delete(tx, "demo", 2, false); }).ok());
  EXPECT_EQ(InTx([](db::Tx& tx) { return InstitutionStore::Get(tx, "demo").status(); }).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(InstitutionStoreTest, DuplicatesAreAlreadyExists) {
  Must<v1::Institution>(
      [](db::Tx& tx) { return InstitutionStore::Insert(tx, "a", SampleInstitution()); });
  EXPECT_EQ(InTx([](db::Tx& tx) {
              return InstitutionStore::Insert(tx, "a", SampleInstitution("0737546-2")).status();
            }).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(InTx([](db::Tx& tx) {
              return InstitutionStore::Insert(tx, "b", SampleInstitution()).status();
            }).code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(InstitutionStoreTest, ListPagesInInsertionOrder) {
  const char* ids[] = {"a", "b", "c"};
  const char* business[] = {"0112038-9", "0737546-2", "1572860-0"};
  for (int i = 0; i < 3; ++i) {
    Must<v1::Institution>([&](db::Tx& tx) {
      return InstitutionStore::Insert(tx, ids[i], SampleInstitution(business[i]));
    });
  }
  auto first = Must<InstitutionPage>(
      [](db::Tx& tx) { return InstitutionStore::List(tx, Page{2, 0}); });
  ASSERT_EQ(first.institutions.size(), 2u);
  EXPECT_EQ(first.institutions[0].name(), "institutions/a");
  ASSERT_NE(first.next_after_seq, 0);
  auto second = Must<InstitutionPage>(
      [&](db::Tx& tx) { return InstitutionStore::List(tx, Page{2, first.next_after_seq}); });
  ASSERT_EQ(second.institutions.size(), 1u);
  EXPECT_EQ(second.institutions[0].name(), "institutions/c");
  EXPECT_EQ(second.next_after_seq, 0);
}

TEST_F(InstitutionStoreTest, DeleteWithPeopleNeedsForce) {
  Must<v1::Institution>(
      [](db::Tx& tx) { return InstitutionStore::Insert(tx, "a", SampleInstitution()); });
  Must<v1::Person>(
      [](db::Tx& tx) { return PersonStore::Insert(tx, {"a", "p"}, SamplePerson("HR-1")); });
  EXPECT_TRUE(Must<bool>([](db::Tx& tx) { return InstitutionStore::HasPeople(tx, "a"); }));
  EXPECT_EQ(InTx([](db::Tx& tx) { return InstitutionStore::Delete(tx, "a", 0, false); }).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(InTx([](db::Tx& tx) { return InstitutionStore::Delete(tx, "a", 0, true); }).ok());
  EXPECT_EQ(InTx([](db::Tx& tx) { return PersonStore::Get(tx, {"a", "p"}).status(); }).code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace valohub::competence
