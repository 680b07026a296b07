// The learning service as operators run it: production mode (no generated keys, the quality
// gate closed), key files, restarts and SIGTERM.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "services/jose/jws.h"
#include "tests/support/hub_processes.h"

namespace valohub::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kUnit[] =
    R"({"title":"Unit","awardingBody":"Provider","country":"FI","learningOutcomes":["o"],)"
    R"("workload":{"ects":1},"eqfLevel":5,"assessmentType":"PROJECT","participationMode":"ONLINE",)"
    R"("pacing":"SELF_PACED","qualityAssurance":"internal","alignments":[{"competence":"frameworks/f/competences/1.1","targetLevel":"A1"}],)"
    R"("achievement":{"criteriaNarrative":"criteria"}})";

class LearningProcessTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> learning_mode) {
    hub_ = std::make_unique<HubProcesses>(std::vector<std::string>{"--rate-limit-per-second=0"},
                                          std::move(learning_mode));
    http_ = std::make_unique<HttpClient>(hub_->http_port());
    op_ = {{"Authorization", "Bearer " + hub_->OperatorToken()}};
    Must("POST", "/v1/institutions?institutionId=prov",
         R"({"displayName":"Provider UAS","kind":"VET_PROVIDER","businessId":"0112038-9","region":"FI-18"})");
    Must("POST", "/v1/frameworks?frameworkId=f",
         R"({"displayName":"F","levels":[{"code":"A1","title":"a"}],"items":[{"code":"1","kind":"AREA","title":"Area"},{"code":"1.1","kind":"COMPETENCE","parentCode":"1","title":"C"}]})");
    Must("POST", "/v1/frameworks/f:publish", "{}");
    admin_ = {{"Authorization", "Bearer " + hub_->Token(hub_->Claims("a", "prov", {"INSTITUTION_ADMIN"}))}};
  }

  HttpResult Must(const std::string& method, const std::string& target, const std::string& body,
                  const Headers& headers = {}) {
    HttpResult r = http_->Send(method, target, body, headers.empty() ? op_ : headers);
    EXPECT_EQ(r.status, 200) << method << " " << target << ": " << r.body;
    return r;
  }

  std::unique_ptr<HubProcesses> hub_;
  std::unique_ptr<HttpClient> http_;
  Headers op_, admin_;
};

TEST_F(LearningProcessTest, WithoutAQualityServiceNothingIsPublishedAndTheGateSaysSo) {
  Start({"--quality-gate=closed"});  // production mode, no quality service to ask
  Must("POST", "/v1/institutions/prov/units?unitId=u1", kUnit, admin_);
  Must("POST", "/v1/institutions/prov/units/u1:submit", "{}", admin_);
  HttpResult r = http_->Send("POST", "/v1/institutions/prov/units/u1:publish", "{}", admin_);
  EXPECT_EQ(r.status, 400) << r.body;  // FAILED_PRECONDITION
  EXPECT_NE(r.body.find("QUALITY_GATE_CLOSED"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("quality approval"), std::string::npos) << r.body;
  EXPECT_NE(Must("GET", "/v1/institutions/prov/units/u1", "", admin_).body.find("\"IN_REVIEW\""),
            std::string::npos);
  EXPECT_NE(http_->Send("GET", "/v1/catalogue/units", "").body.find("\"units\":[]"),
            std::string::npos);
}

TEST_F(LearningProcessTest, ProductionKeysComeFromPrivateFilesOnly) {
  Start({});
  // No key is generated: the operator names a key file.
  HttpResult r = http_->Send("POST", "/v1/issuers/prov:rotateKey", "{}", admin_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("key_id"), std::string::npos) << r.body;
  r = http_->Send("POST", "/v1/issuers/prov:rotateKey", R"({"keyId":"k1"})", admin_);
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_NE(r.body.find("ISSUER_KEY_FILE_MISSING"), std::string::npos) << r.body;

  const std::string dir = hub_->dir() + "/issuer-keys";
  mkdir(dir.c_str(), 0700);
  mkdir((dir + "/prov").c_str(), 0700);
  const std::string path = dir + "/prov/k1.pem";
  std::ofstream(path) << *jose::Signer::GeneratePem("EdDSA");
  chmod(path.c_str(), 0644);
  r = http_->Send("POST", "/v1/issuers/prov:rotateKey", R"({"keyId":"k1"})", admin_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("ISSUER_KEY_FILE_EXPOSED"), std::string::npos) << r.body;
  chmod(path.c_str(), 0600);
  r = Must("POST", "/v1/issuers/prov:rotateKey", R"({"keyId":"k1"})", admin_);
  EXPECT_NE(r.body.find("\"algorithm\":\"EdDSA\""), std::string::npos) << r.body;
  HttpResult jwks = Must("GET", "/v1/issuers/prov/jwks", "", {{"X-None", "1"}});
  EXPECT_NE(jwks.body.find("\"crv\":\"Ed25519\""), std::string::npos) << jwks.body;
  EXPECT_EQ(jwks.body.find("\"d\""), std::string::npos) << jwks.body;
  // The same key is never activated twice.
  EXPECT_EQ(http_->Send("POST", "/v1/issuers/prov:rotateKey", R"({"keyId":"k1"})", admin_).status, 409);
}

TEST_F(LearningProcessTest, TheDevelopmentGateNeedsDevelopmentMode) {
  const std::string cmd = absl::StrCat(LEARNING_BINARY,
                                       " --database=x --issuer-key-dir=/tmp/none "
                                       "--quality-gate=development-approve-all 2>/dev/null");
  int rc = std::system(cmd.c_str());
  EXPECT_TRUE(WIFEXITED(rc));
  EXPECT_EQ(WEXITSTATUS(rc), 2);
}

TEST_F(LearningProcessTest, DataSurvivesARestartAndSigtermExitsCleanly) {
  Start({"--development-mode", "--quality-gate=development-approve-all"});
  Must("POST", "/v1/institutions/prov/units?unitId=u1", kUnit, admin_);
  const std::string before = Must("GET", "/v1/institutions/prov/units/u1", "", admin_).body;
  EXPECT_EQ(hub_->StopLearning(), 0);
  EXPECT_EQ(http_->Send("GET", "/v1/institutions/prov/units/u1", "", admin_).status, 503);
  hub_->StartLearning();
  HttpResult after;
  for (int i = 0; i < 50; ++i) {  // the gateway's channel reconnects
    after = http_->Send("GET", "/v1/institutions/prov/units/u1", "", admin_);
    if (after.status == 200) break;
    usleep(100000);
  }
  EXPECT_EQ(after.body, before);
}

}  // namespace
}  // namespace valohub::testing
