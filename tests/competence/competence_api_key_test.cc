// API keys of institution systems: shown once, verified, revoked; who may create them.
#include "tests/competence/service_fixture.h"

namespace valohub::competence {
namespace {

using Stub = v1::CompetenceService::Stub;

TEST_F(CompetenceServiceTest, ApiKeysAreShownOnceVerifiedAndRevoked) {
  CreateInstitution("demo", "0112038-9");
  CreateInstitution("other", "0737546-2");
  As admin{"admin", "demo", "INSTITUTION_ADMIN", ""};
  As service{"gateway", "", "SERVICE", ""};
  v1::CreateApiKeyRequest create;
  create.set_parent("institutions/demo");
  create.mutable_api_key()->set_display_name("HR system");
  create.mutable_api_key()->add_roles("INSTITUTION_ADMIN");
  v1::ApiKey key;
  ASSERT_TRUE(CallAs(admin, &Stub::CreateApiKey, create, &key).ok());
  ASSERT_EQ(key.secret().rfind("vhk_", 0), 0u);
  EXPECT_EQ(key.state(), v1::ApiKey::ACTIVE);
  EXPECT_EQ(key.secret_prefix(), key.secret().substr(0, 12));

  v1::ListApiKeysRequest list;
  list.set_parent("institutions/demo");
  v1::ListApiKeysResponse listed;
  ASSERT_TRUE(CallAs(admin, &Stub::ListApiKeys, list, &listed).ok());
  ASSERT_EQ(listed.api_keys_size(), 1);
  EXPECT_EQ(listed.api_keys(0).secret(), "");
  EXPECT_EQ(CallAs({"a", "other", "INSTITUTION_ADMIN", ""}, &Stub::ListApiKeys, list, &listed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::VerifyApiKeyRequest verify;
  verify.set_secret(key.secret());
  v1::VerifyApiKeyResponse verified;
  ASSERT_TRUE(CallAs(service, &Stub::VerifyApiKey, verify, &verified).ok());
  EXPECT_EQ(verified.institution(), "demo");
  EXPECT_EQ(verified.api_key(), key.name());
  ASSERT_EQ(verified.roles_size(), 1);
  EXPECT_EQ(CallAs(admin, &Stub::VerifyApiKey, verify, &verified).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::VerifyApiKeyRequest wrong = verify;
  wrong.set_secret(key.secret().substr(0, key.secret().size() - 2) + "xx");
  EXPECT_EQ(CallAs(service, &Stub::VerifyApiKey, wrong, &verified).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  v1::RevokeApiKeyRequest revoke;
  revoke.set_name(key.name());
  v1::ApiKey revoked;
  ASSERT_TRUE(CallAs(admin, &Stub::RevokeApiKey, revoke, &revoked).ok());
  EXPECT_EQ(revoked.state(), v1::ApiKey::REVOKED);
  EXPECT_TRUE(revoked.has_revoke_time());
  EXPECT_EQ(CallAs(service, &Stub::VerifyApiKey, verify, &verified).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(CompetenceServiceTest, ApiKeyRolesAndCreatorsAreLimited) {
  CreateInstitution("demo", "0112038-9");
  v1::CreateApiKeyRequest create;
  create.set_parent("institutions/demo");
  create.mutable_api_key()->set_display_name("LMS");
  create.mutable_api_key()->add_roles("HUB_OPERATOR");
  v1::ApiKey key;
  grpc::Status s = CallAs({"admin", "demo", "INSTITUTION_ADMIN", ""}, &Stub::CreateApiKey, create, &key);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolationFields(s), std::vector<std::string>{"api_key.roles[0]"});
  create.mutable_api_key()->set_roles(0, "MANAGER");
  EXPECT_EQ(CallAs({"t", "demo", "TEACHER", "p"}, &Stub::CreateApiKey, create, &key).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CallAs({"m", "demo", "MANAGER", "p"}, &Stub::CreateApiKey, create, &key).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A retry with the same request id does not show the secret again.
  create.set_request_id("key-1");
  As admin{"admin", "demo", "INSTITUTION_ADMIN", ""};
  ASSERT_TRUE(CallAs(admin, &Stub::CreateApiKey, create, &key).ok());
  EXPECT_FALSE(key.secret().empty());
  v1::ApiKey again;
  ASSERT_TRUE(CallAs(admin, &Stub::CreateApiKey, create, &again).ok());
  EXPECT_EQ(again.name(), key.name());
  EXPECT_EQ(again.secret(), "");
}


}  // namespace
}  // namespace valohub::competence
