#include "gateway/jwt_verifier.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/time/clock.h"
#include "gateway/jwt_signer.h"
#include "services/runtime/status.h"
#include "tests/support/test_keys.h"

namespace valohub::gateway {
namespace {

class JwtVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/valohub-jwks-XXXXXX";
    int fd = mkstemp(tmpl);
    close(fd);
    path_ = tmpl;
    signer_ = *JwtSigner::FromPem(testing::NewPrivateKeyPem("EC"), "k1");
    Write(signer_->Jwks());
    JwtOptions options;
    options.jwks_path = path_;
    options.issuer = "https://issuer.test";
    options.audience = "valohub";
    options.reload_interval = absl::ZeroDuration();
    verifier_ = *JwtVerifier::Create(options);
  }
  void TearDown() override { unlink(path_.c_str()); }

  void Write(const std::string& jwks) {
    std::ofstream out(path_, std::ios::trunc);
    out << jwks;
  }

  TokenClaims Claims() {
    TokenClaims c;
    c.issuer = "https://issuer.test";
    c.audience = "valohub";
    c.subject = "user-1";
    c.institution = "demo";
    c.person = "p1";
    c.roles = {"TEACHER", "MENTOR"};
    c.not_before = absl::Now();
    c.expires = absl::Now() + absl::Hours(1);
    return c;
  }

  std::string Reason(const std::string& token) {
    auto p = verifier_->Verify(token, absl::Now());
    EXPECT_FALSE(p.ok());
    EXPECT_EQ(p.status().code(), absl::StatusCode::kUnauthenticated);
    return ErrorReason(p.status());
  }

  std::string path_;
  std::unique_ptr<JwtSigner> signer_;
  std::unique_ptr<JwtVerifier> verifier_;
};

TEST_F(JwtVerifierTest, ValidEs256TokenGivesThePrincipal) {
  auto p = verifier_->Verify(*signer_->Sign(Claims()), absl::Now());
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->subject, "user-1");
  EXPECT_EQ(p->institution, "demo");
  EXPECT_EQ(p->person, "p1");
  EXPECT_EQ(p->roles, (std::set<std::string>{"MENTOR", "TEACHER"}));
}

TEST_F(JwtVerifierTest, Rs256AndEdDsaVerifyAfterTheJwksChanges) {
  auto rsa = *JwtSigner::FromPem(testing::NewPrivateKeyPem("RSA"), "r1");
  auto ed = *JwtSigner::FromPem(testing::NewPrivateKeyPem("ED25519"), "e1");
  EXPECT_EQ(rsa->alg(), "RS256");
  EXPECT_EQ(Reason(*rsa->Sign(Claims())), "BAD_SIGNATURE");  // not published yet
  Write(rsa->Jwks());
  EXPECT_TRUE(verifier_->Verify(*rsa->Sign(Claims()), absl::Now()).ok());
  // The old key is gone from the file, so its tokens stop verifying.
  EXPECT_EQ(Reason(*signer_->Sign(Claims())), "BAD_SIGNATURE");
  Write(ed->Jwks());
  EXPECT_TRUE(verifier_->Verify(*ed->Sign(Claims()), absl::Now()).ok());
}

TEST_F(JwtVerifierTest, ClaimsAreChecked) {
  TokenClaims c = Claims();
  c.audience = "someone-else";
  EXPECT_EQ(Reason(*signer_->Sign(c)), "WRONG_AUDIENCE");
  c = Claims();
  c.issuer = "https://evil.test";
  EXPECT_EQ(Reason(*signer_->Sign(c)), "WRONG_ISSUER");
  c = Claims();
  c.expires = absl::Now() - absl::Minutes(5);
  EXPECT_EQ(Reason(*signer_->Sign(c)), "TOKEN_EXPIRED");
  c.expires = absl::Now() - absl::Seconds(30);  // within the clock skew
  EXPECT_TRUE(verifier_->Verify(*signer_->Sign(c), absl::Now()).ok());
  c = Claims();
  c.not_before = absl::Now() + absl::Minutes(5);
  EXPECT_EQ(Reason(*signer_->Sign(c)), "TOKEN_NOT_YET_VALID");
  c = Claims();
  c.subject = "";
  EXPECT_EQ(Reason(*signer_->Sign(c)), "MALFORMED_TOKEN");
  // SERVICE is the hub services' own role: no token from outside carries it.
  c = Claims();
  c.roles = {"TEACHER", "SERVICE"};
  EXPECT_EQ(Reason(*signer_->Sign(c)), "RESERVED_ROLE");
}

TEST_F(JwtVerifierTest, ForgedAndDisallowedTokensFail) {
  std::string token = *signer_->Sign(Claims());
  // Swap the payload for one with more roles, keeping the signature.
  std::string forged_payload;
  absl::WebSafeBase64Escape(
      R"({"iss":"https://issuer.test","aud":"valohub","sub":"user-1","exp":9999999999,"valohub_roles":["HUB_OPERATOR"]})",
      &forged_payload);
  size_t first = token.find('.'), second = token.rfind('.');
  std::string forged = token.substr(0, first + 1) + forged_payload + token.substr(second);
  EXPECT_EQ(Reason(forged), "BAD_SIGNATURE");

  std::string none_header, payload;
  absl::WebSafeBase64Escape(R"({"alg":"none","typ":"JWT"})", &none_header);
  absl::WebSafeBase64Escape(R"({"iss":"https://issuer.test","aud":"valohub","sub":"x","exp":9999999999})", &payload);
  EXPECT_EQ(Reason(none_header + "." + payload + "."), "ALGORITHM_NOT_ALLOWED");
  std::string hs_header;
  absl::WebSafeBase64Escape(R"({"alg":"HS256","typ":"JWT","kid":"k1"})", &hs_header);
  EXPECT_EQ(Reason(hs_header + "." + payload + ".c2ln"), "ALGORITHM_NOT_ALLOWED");
  // An ES256 header over a key of another type never verifies.
  auto rsa = *JwtSigner::FromPem(testing::NewPrivateKeyPem("RSA"), "k1");
  EXPECT_EQ(Reason(*rsa->Sign(Claims())), "BAD_SIGNATURE");
  for (const char* junk : {"", "a.b", "a.b.c.d", "!!!.???.***", "e30.e30.e30"}) {
    EXPECT_FALSE(verifier_->Verify(junk, absl::Now()).ok()) << junk;
  }
}

TEST_F(JwtVerifierTest, CachedTokensStillExpireAndFollowKeyRotation) {
  std::string token = *signer_->Sign(Claims());
  ASSERT_TRUE(verifier_->Verify(token, absl::Now()).ok());
  ASSERT_TRUE(verifier_->Verify(token, absl::Now()).ok());  // from the cache
  auto later = verifier_->Verify(token, absl::Now() + absl::Hours(2));
  EXPECT_EQ(ErrorReason(later.status()), "TOKEN_EXPIRED");
  token = *signer_->Sign(Claims());
  ASSERT_TRUE(verifier_->Verify(token, absl::Now()).ok());
  auto other = *JwtSigner::FromPem(testing::NewPrivateKeyPem("EC"), "k2");
  Write(other->Jwks());  // k1 is withdrawn
  EXPECT_EQ(Reason(token), "BAD_SIGNATURE");
}

TEST_F(JwtVerifierTest, BrokenJwksFileKeepsThePreviousKeys) {
  Write("{ this is not json");
  EXPECT_TRUE(verifier_->Verify(*signer_->Sign(Claims()), absl::Now()).ok());
  EXPECT_FALSE(JwtVerifier::ParseJwks("[]").ok());
  EXPECT_TRUE(JwtVerifier::ParseJwks(R"({"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]})").ok());
}

}  // namespace
}  // namespace valohub::gateway
