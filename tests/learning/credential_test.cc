#include "services/learning/credential.h"

#include <gtest/gtest.h>

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <boost/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "services/jose/jws.h"

namespace valohub::learning {
namespace {

namespace json = boost::json;

class CredentialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    unit_.set_title("Assessment design");
    unit_.set_version(3);
    unit_.set_awarding_body("Provider UAS");
    unit_.set_country("FI");
    unit_.add_learning_outcomes("designs assessment");
    unit_.mutable_workload()->set_ects(2);
    unit_.set_eqf_level(6);
    unit_.set_assessment_type(v1::PORTFOLIO);
    unit_.set_participation_mode(v1::ONLINE);
    unit_.set_pacing(v1::SELF_PACED);
    unit_.set_quality_assurance("internal QA");
    auto* a = unit_.add_alignments();
    a->set_competence("frameworks/f/competences/1.1");
    a->set_target_level("B1");
    a->set_competence_title("Assessment");
    a->set_framework_title("F");
    a->add_esco_uris("http://data.europa.eu/esco/skill/abc");
    unit_.mutable_achievement()->set_criteria_narrative("a portfolio");
    completion_.mutable_result()->set_value("pass");
    auto* e = completion_.add_evidence();
    e->set_uri("https://portfolio.example.fi/1");
    in_.base_url = "https://hub.example.fi";
    in_.provider_id = "prov";
    in_.provider_name = "Provider UAS";
    in_.unit_id = "u1";
    in_.unit = &unit_;
    in_.holder_institution = "other";
    in_.holder_person = "p1";
    in_.credential_uuid = "0b0e3d52-7c2f-4a47-9a3c-4c3d7e3e0d11";
    in_.issue_time = absl::FromUnixSeconds(1796000000);
    in_.status_list = 2;
    in_.status_index = 77;
    in_.completion = &completion_;
  }
  v1::Unit unit_;
  v1::CompleteEnrolmentRequest completion_;
  CredentialInput in_;
};

TEST_F(CredentialTest, ClaimsAreAnOpenBadgeCredentialWithTheJwtClaimsAtTheTop) {
  json::object c = json::parse(BuildCredentialClaims(in_)).as_object();
  EXPECT_EQ(c.at("type").as_array()[1].as_string(), "OpenBadgeCredential");
  EXPECT_EQ(c.at("iss").as_string(), "https://hub.example.fi/v1/issuers/prov");
  EXPECT_EQ(c.at("issuer").as_object().at("id").as_string(), c.at("iss").as_string());
  EXPECT_EQ(c.at("jti").as_string(), "urn:uuid:0b0e3d52-7c2f-4a47-9a3c-4c3d7e3e0d11");
  EXPECT_EQ(c.at("id").as_string(), c.at("jti").as_string());
  EXPECT_EQ(c.at("nbf").as_int64(), 1796000000);
  EXPECT_EQ(c.at("validFrom").as_string(), "2026-11-30T00:53:20Z");
  EXPECT_EQ(c.at("sub").as_string(), c.at("credentialSubject").as_object().at("id").as_string());
  const auto& status = c.at("credentialStatus").as_object();
  EXPECT_EQ(status.at("statusListIndex").as_string(), "77");
  EXPECT_EQ(status.at("statusListCredential").as_string(),
            "https://hub.example.fi/v1/issuers/prov/status-lists/2");
  const auto& achievement = c.at("credentialSubject").as_object().at("achievement").as_object();
  EXPECT_EQ(achievement.at("criteria").as_object().at("narrative").as_string(), "a portfolio");
  EXPECT_EQ(achievement.at("alignment").as_array().size(), 2u);  // the competence and ESCO
  EXPECT_EQ(achievement.at("alignment").as_array()[1].as_object().at("targetUrl").as_string(),
            "http://data.europa.eu/esco/skill/abc");
  EXPECT_EQ(achievement.at("euMicroCredential").as_object().at("eqfLevel").as_int64(), 6);
  EXPECT_EQ(c.at("evidence").as_array()[0].as_object().at("id").as_string(),
            "https://portfolio.example.fi/1");
}

TEST_F(CredentialTest, ParsesWhatItBuildsAndRefusesWhatItDoesNot) {
  const std::string claims = BuildCredentialClaims(in_);
  const std::string header = JwsHeader("RS256", Kid(in_.base_url, "prov", "k1"));
  auto parsed = ParseCredentialClaims(header, claims);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->kid, "https://hub.example.fi/v1/issuers/prov#k1");
  EXPECT_EQ(parsed->status_index, 77);
  EXPECT_EQ(parsed->status_purpose, "revocation");
  EXPECT_FALSE(ParseCredentialClaims(R"({"alg":"RS256"})", claims).ok());  // no kid
  json::object c = json::parse(claims).as_object();
  c["iss"] = "https://evil.example/v1/issuers/prov";
  EXPECT_FALSE(ParseCredentialClaims(header, json::serialize(c)).ok());
  c = json::parse(claims).as_object();
  c["type"] = json::array{"VerifiableCredential"};
  EXPECT_FALSE(ParseCredentialClaims(header, json::serialize(c)).ok());
  EXPECT_FALSE(ParseCredentialClaims(header, "not json").ok());
}

TEST(JwsTest, SignsAndVerifiesWithEveryAllowedAlgorithmAndRejectsTampering) {
  for (const char* alg : {"RS256", "ES256", "EdDSA"}) {
    auto pem = jose::Signer::GeneratePem(alg);
    ASSERT_TRUE(pem.ok()) << alg;
    auto signer = jose::Signer::FromPem(*pem);
    ASSERT_TRUE(signer.ok()) << alg;
    EXPECT_EQ((*signer)->alg(), alg);
    auto token = (*signer)->Sign(JwsHeader(alg, "k"), R"({"a":1})");
    ASSERT_TRUE(token.ok());
    auto jws = jose::SplitCompact(*token, 65536);
    ASSERT_TRUE(jws.ok());
    json::object jwk = json::parse((*signer)->PublicJwk("k")).as_object();
    EXPECT_FALSE(jwk.contains("d")) << alg << ": the private part must never be in a JWK";
    EVP_PKEY* key = jose::PublicKeyFromJwk(jwk);
    ASSERT_NE(key, nullptr) << alg;
    EXPECT_TRUE(jose::VerifySignature(key, alg, jws->signed_part, jws->signature)) << alg;
    EXPECT_FALSE(jose::VerifySignature(key, alg, jws->signed_part + "x", jws->signature)) << alg;
    // A key is only used with its own algorithm.
    for (const char* other : {"RS256", "ES256", "EdDSA"}) {
      if (std::string(other) != alg) {
        EXPECT_FALSE(jose::VerifySignature(key, other, jws->signed_part, jws->signature));
      }
    }
    EVP_PKEY_free(key);
  }
  EXPECT_FALSE(jose::Signer::GeneratePem("HS256").ok());
  // ES256 is P-256 only: a key of another curve would sign what its JWK misdescribes.
  EVP_PKEY* p384 = EVP_EC_gen("P-384");
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, p384, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  EXPECT_FALSE(jose::Signer::FromPem(std::string(data, len)).ok());
  BIO_free(bio);
  EVP_PKEY_free(p384);
  EXPECT_FALSE(jose::SplitCompact("a.b", 100).ok());
}

}  // namespace
}  // namespace valohub::learning
