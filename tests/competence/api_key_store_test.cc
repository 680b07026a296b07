#include "services/competence/api_key_store.h"

#include "services/competence/institution_store.h"
#include "tests/competence/store_fixture.h"

namespace valohub::competence {
namespace {

using ApiKeyStoreTest = StoreTest;

TEST_F(ApiKeyStoreTest, InsertListFindRevoke) {
  Must<v1::Institution>(
      [](db::Tx& tx) { return InstitutionStore::Insert(tx, "demo", SampleInstitution()); });
  v1::ApiKey key;
  key.set_display_name("HR");
  key.add_roles("INSTITUTION_ADMIN");
  key.add_roles("MANAGER");
  const std::string hash(32, '\x07');
  auto created = Must<v1::ApiKey>([&](db::Tx& tx) {
    return ApiKeyStore::Insert(tx, "demo", "k1", key, hash, "vhk_k1");
  });
  EXPECT_EQ(created.name(), "institutions/demo/apiKeys/k1");
  EXPECT_EQ(created.roles_size(), 2);
  EXPECT_EQ(created.state(), v1::ApiKey::ACTIVE);
  auto stored = Must<StoredApiKey>([](db::Tx& tx) { return ApiKeyStore::Find(tx, "k1"); });
  EXPECT_EQ(stored.secret_sha256, hash);
  EXPECT_FALSE(stored.revoked);
  EXPECT_EQ(stored.institution_id, "demo");
  auto page = Must<ApiKeyPage>([](db::Tx& tx) { return ApiKeyStore::List(tx, "demo", {10, 0}); });
  ASSERT_EQ(page.keys.size(), 1u);
  auto revoked = Must<v1::ApiKey>([](db::Tx& tx) { return ApiKeyStore::Revoke(tx, "demo", "k1"); });
  EXPECT_EQ(revoked.state(), v1::ApiKey::REVOKED);
  auto again = Must<v1::ApiKey>([](db::Tx& tx) { return ApiKeyStore::Revoke(tx, "demo", "k1"); });
  EXPECT_EQ(again.revoke_time().SerializeAsString(), revoked.revoke_time().SerializeAsString());
  EXPECT_TRUE(Must<StoredApiKey>([](db::Tx& tx) { return ApiKeyStore::Find(tx, "k1"); }).revoked);
  EXPECT_EQ(InTx([](db::Tx& tx) { return ApiKeyStore::Find(tx, "nope").status(); }).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(InTx([](db::Tx& tx) { return ApiKeyStore::Revoke(tx, "demo", "nope").status(); }).code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace valohub::competence
