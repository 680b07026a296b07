// The learning journeys through the gateway, with the real competence and learning services
// and PostgreSQL: units with every Annex I element, the catalogue, cross-institution
// enrolment, completion to a signed Open Badge, its independent verification (Python, sharing
// no code with the service), revocation, the evidence reaching the competence profile through
// the outbox, also across an outage of the competence service, and a 1,000-person cohort.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <pqxx/pqxx>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "tests/support/hub_processes.h"
#include "tests/support/json_body.h"

namespace valohub::testing {
namespace {

namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

// A unit with every Annex I element and the optional ones.
json::object FullUnit(const std::string& title) {
  return json::object{
      {"title", title},
      {"description", "Designing assessment for competence-based vocational education."},
      {"awardingBody", "Provider University of Applied Sciences"},
      {"country", "FI"},
      {"region", "FI-18"},
      {"learningOutcomes", json::array{"designs competence-based assessment",
                                       "gives feedback that supports learning"}},
      {"workload", json::object{{"ects", 2.0}, {"hours", 54.0}}},
      {"eqfLevel", 6},
      {"assessmentType", "PORTFOLIO"},
      {"participationMode", "ONLINE"},
      {"pacing", "SELF_PACED"},
      {"qualityAssurance", "Reviewed under the provider's audited quality system (FINEEC 2024)"},
      {"prerequisites", "Teaching qualification"},
      {"languages", json::array{"fi", "en"}},
      {"stackability", json::object{{"stackable", true}, {"description", "Part of 10 ECTS"}}},
      {"durationDays", 42},
      {"alignments", json::array{json::object{{"competence", "frameworks/f/competences/1.1"},
                                              {"targetLevel", "B1"}},
                                 json::object{{"competence", "frameworks/f/competences/1.2"},
                                              {"targetLevel", "A1"}}}},
      {"achievement", json::object{{"criteriaNarrative", "A portfolio of three assessment plans"},
                                   {"imageUri", "https://provider.example.fi/badges/assess.png"}}}};
}

class LearningE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hub_ = std::make_unique<HubProcesses>(std::vector<std::string>{"--rate-limit-per-second=0"});
    http_ = std::make_unique<HttpClient>(hub_->http_port());
    op_ = {{"Authorization", "Bearer " + hub_->OperatorToken()}};
    Must("POST", "/v1/institutions?institutionId=prov",
         R"({"displayName":"Provider UAS","kind":"UNIVERSITY_OF_APPLIED_SCIENCES","businessId":"0112038-9","region":"FI-18"})");
    Must("POST", "/v1/institutions?institutionId=other",
         R"({"displayName":"Other College","kind":"VET_PROVIDER","businessId":"0737546-2","region":"FI-11"})");
    Must("POST", "/v1/institutions?institutionId=third",
         R"({"displayName":"Third College","kind":"VET_PROVIDER","businessId":"1572860-0","region":"FI-01"})");
    Must("POST", "/v1/institutions/other/people?personId=t1",
         R"({"displayName":"Teacher One","roles":["TEACHER"]})");
    Must("POST", "/v1/institutions/prov/people?personId=pm",
         R"({"displayName":"Provider Manager","roles":["MANAGER"]})");
    Must("POST", "/v1/frameworks?frameworkId=f",
         R"({"displayName":"Framework F","levels":[{"code":"A1","title":"a"},{"code":"B1","title":"b"}],"items":[{"code":"1","kind":"AREA","title":"Area"},{"code":"1.1","kind":"COMPETENCE","parentCode":"1","title":"Assessment","alignments":[{"targetUri":"http://data.europa.eu/esco/skill/abc","targetTitle":"assess students","relation":"EXACT_MATCH"}]},{"code":"1.2","kind":"COMPETENCE","parentCode":"1","title":"Feedback"}]})");
    Must("POST", "/v1/frameworks/f:publish", "{}");
    provider_ = Bearer(hub_->Claims("padmin", "prov", {"INSTITUTION_ADMIN"}));
    teacher_ = Bearer(hub_->Claims("t1", "other", {"TEACHER"}, "t1"));
  }

  Headers Bearer(const gateway::TokenClaims& c) {
    return {{"Authorization", "Bearer " + hub_->Token(c)}};
  }

  HttpResult Must(const std::string& method, const std::string& target, const std::string& body,
                  const Headers& headers = {}) {
    HttpResult r = http_->Send(method, target, body, headers.empty() ? op_ : headers);
    EXPECT_EQ(r.status, 200) << method << " " << target << ": " << r.body;
    return r;
  }

  // Creates, submits and publishes a unit of the provider.
  json::object Publish(const std::string& id, const json::object& unit) {
    Must("POST", "/v1/institutions/prov/units?unitId=" + id, json::serialize(unit), provider_);
    Must("POST", "/v1/institutions/prov/units/" + id + ":submit", "{}", provider_);
    return ParseObject(Must("POST", "/v1/institutions/prov/units/" + id + ":publish", "{}", provider_).body);
  }

  // Runs the independent verifier; its exit code.
  int PythonVerify(const std::string& jwt, const std::string& flag) {
    const std::string file = hub_->dir() + "/credential.jwt";
    std::ofstream(file) << jwt;
    const std::string cmd = absl::StrCat(
        "/usr/bin/python3 ", SOURCE_DIR, "/tests/learning/verify_credential.py --jwt-file ", file,
        " --jwks-url ", hub_->public_base_url(), "/v1/issuers/prov/jwks ", flag, " > ",
        hub_->dir(), "/verify.out 2>&1");
    int rc = std::system(cmd.c_str());
    std::ifstream out(hub_->dir() + "/verify.out");
    std::string text((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
    last_verifier_output_ = text;
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  }

  // EVIDENCE assessments of a person, as the competence service has them.
  int EvidenceCount(const std::string& person) {
    HttpResult r = http_->Send("GET", "/v1/institutions/" + person + "/assessments?pageSize=1000",
                               "", op_);
    int n = 0;
    json::object body = ParseObject(r.body);
    if (!body.contains("assessments")) return 0;
    for (const auto& a : body["assessments"].as_array()) {
      if (StringMember(a.as_object(), "source") == "EVIDENCE") ++n;
    }
    return n;
  }

  bool WaitForEvidence(const std::string& person, int n, int seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
      if (EvidenceCount(person) >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  std::unique_ptr<HubProcesses> hub_;
  std::unique_ptr<HttpClient> http_;
  Headers op_, provider_, teacher_;
  std::string last_verifier_output_;
};

TEST_F(LearningE2eTest, UnitsStateEveryAnnexIElementAndMissingOnesAreNamed) {
  HttpResult created = Must("POST", "/v1/institutions/prov/units?unitId=u1",
                            json::serialize(FullUnit("Assessment design")), provider_);
  json::object unit = ParseObject(created.body);
  EXPECT_EQ(StringMember(unit, "state"), "DRAFT");
  EXPECT_EQ(StringMember(unit, "providerDisplayName"), "Provider UAS");
  const auto& alignment = unit["alignments"].as_array()[0].as_object();
  EXPECT_EQ(StringMember(alignment, "competenceTitle"), "Assessment");
  EXPECT_EQ(alignment.at("escoUris").as_array()[0].as_string(),
            "http://data.europa.eu/esco/skill/abc");

  // A draft may leave elements out (except its title), but submitting it is refused with
  // FAILED_PRECONDITION naming each missing element, and it stays a draft. Here the development
  // gate checks locally; the quality service's automatic checks do the same (tests/quality).
  json::object untitled = FullUnit("Untitled");
  untitled.erase("title");
  HttpResult no_title = http_->Send("POST", "/v1/institutions/prov/units?unitId=incomplete",
                                    json::serialize(untitled), provider_);
  EXPECT_EQ(no_title.status, 400) << no_title.body;
  EXPECT_NE(no_title.body.find("\"unit.title\""), std::string::npos) << no_title.body;
  EXPECT_EQ(http_->Send("GET", "/v1/institutions/prov/units/incomplete", "", provider_).status, 404);
  const std::vector<std::pair<const char*, const char*>> mandatory = {
      {"awardingBody", "unit.awarding_body"},
      {"country", "unit.country"},
      {"learningOutcomes", "unit.learning_outcomes"},
      {"workload", "unit.workload"},
      {"eqfLevel", "unit.eqf_level"},
      {"assessmentType", "unit.assessment_type"},
      {"participationMode", "unit.participation_mode"},
      {"pacing", "unit.pacing"},
      {"qualityAssurance", "unit.quality_assurance"},
      {"alignments", "unit.alignments"},
      {"achievement", "unit.achievement.criteria_narrative"}};
  for (const auto& [json_name, field] : mandatory) {
    json::object u = FullUnit("Incomplete");
    u.erase(json_name);
    if (std::string(json_name) == "country") u.erase("region");
    Must("POST", "/v1/institutions/prov/units?unitId=incomplete", json::serialize(u), provider_);
    HttpResult r = http_->Send("POST", "/v1/institutions/prov/units/incomplete:submit", "{}",
                               provider_);
    EXPECT_EQ(r.status, 400) << json_name << ": " << r.body;
    EXPECT_NE(r.body.find(std::string("\"") + field + "\""), std::string::npos)
        << json_name << ": " << r.body;
    EXPECT_NE(r.body.find("AUTOMATIC_CHECKS_FAILED"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("\"code\":9"), std::string::npos) << r.body;  // FAILED_PRECONDITION
    EXPECT_EQ(StringMember(ParseObject(Must("GET", "/v1/institutions/prov/units/incomplete", "", provider_).body),
                  "state"),
              "DRAFT");
    Must("DELETE", "/v1/institutions/prov/units/incomplete", "", provider_);
  }

  // Alignments are checked against the competence service.
  json::object bad = FullUnit("Bad alignment");
  bad["alignments"] = json::array{json::object{{"competence", "frameworks/f/competences/9.9"},
                                               {"targetLevel", "B1"}}};
  HttpResult r = http_->Send("POST", "/v1/institutions/prov/units", json::serialize(bad), provider_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("unit.alignments[0].competence"), std::string::npos) << r.body;
  bad["alignments"] = json::array{json::object{{"competence", "frameworks/f/competences/1.1"},
                                               {"targetLevel", "Z9"}}};
  r = http_->Send("POST", "/v1/institutions/prov/units", json::serialize(bad), provider_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("unit.alignments[0].target_level"), std::string::npos) << r.body;

  // Another institution's provider cannot touch the unit; a teacher cannot publish.
  Headers stranger = Bearer(hub_->Claims("x", "third", {"INSTITUTION_ADMIN"}));
  EXPECT_EQ(http_->Send("PATCH", "/v1/institutions/prov/units/u1?updateMask=title",
                        R"({"title":"Mine now"})", stranger).status, 403);
  EXPECT_EQ(http_->Send("POST", "/v1/institutions/prov/units/u1:submit", "{}", stranger).status, 403);
  EXPECT_EQ(http_->Send("DELETE", "/v1/institutions/prov/units/u1", "", stranger).status, 403);
  Headers own_teacher = Bearer(hub_->Claims("pt", "prov", {"TEACHER"}, "pt"));
  EXPECT_EQ(http_->Send("POST", "/v1/institutions/prov/units/u1:submit", "{}", own_teacher).status, 403);

  // Lifecycle: publishing needs review first; editing a published unit makes a new version.
  r = http_->Send("POST", "/v1/institutions/prov/units/u1:publish", "{}", provider_);
  EXPECT_EQ(r.status, 400) << r.body;  // FAILED_PRECONDITION: not in review
  EXPECT_NE(r.body.find("WRONG_UNIT_STATE"), std::string::npos) << r.body;
  Must("POST", "/v1/institutions/prov/units/u1:submit", "{}", provider_);
  EXPECT_EQ(http_->Send("PATCH", "/v1/institutions/prov/units/u1?updateMask=title",
                        R"({"title":"Changed in review"})", provider_).status, 400);
  json::object published =
      ParseObject(Must("POST", "/v1/institutions/prov/units/u1:publish", "{}", provider_).body);
  EXPECT_EQ(StringMember(published, "state"), "PUBLISHED");
  json::object v2 = ParseObject(Must("PATCH", "/v1/institutions/prov/units/u1?updateMask=title",
                               R"({"title":"Assessment design, 2nd edition"})", provider_).body);
  EXPECT_EQ(v2["version"].as_int64(), 2);
  EXPECT_EQ(StringMember(v2, "state"), "DRAFT");
  EXPECT_EQ(v2["publishedVersion"].as_int64(), 1);
  // The catalogue still shows version 1, and enrolments take it.
  json::object catalogue = ParseObject(Must("GET", "/v1/catalogue/units", "", {{"X-None", "1"}}).body);
  ASSERT_EQ(catalogue["units"].as_array().size(), 1u);
  EXPECT_EQ(StringMember(catalogue["units"].as_array()[0].as_object(), "title"), "Assessment design");
  json::object enrolment = ParseObject(
      Must("POST", "/v1/institutions/prov/units/u1/enrolments?enrolmentId=e1", "{}", teacher_).body);
  EXPECT_EQ(enrolment["unitVersion"].as_int64(), 1);
  // A stale etag is refused and changes nothing.
  r = http_->Send("PATCH", "/v1/institutions/prov/units/u1?updateMask=title",
                  R"({"title":"Stale","etag":"\"v1\""})", provider_);
  EXPECT_EQ(r.status, 409) << r.body;
  // A version in review goes back to draft to be changed, then to review again.
  Must("POST", "/v1/institutions/prov/units/u1:submit", "{}", provider_);
  json::object back = ParseObject(Must("POST", "/v1/institutions/prov/units/u1:returnToDraft", "{}", provider_).body);
  EXPECT_EQ(StringMember(back, "state"), "DRAFT");
  Must("PATCH", "/v1/institutions/prov/units/u1?updateMask=title",
       R"({"title":"Assessment design, 2nd edition"})", provider_);
  // Version 2 is published; the enrolment keeps version 1, and so does its credential.
  Must("POST", "/v1/institutions/prov/units/u1:submit", "{}", provider_);
  json::object p2 = ParseObject(Must("POST", "/v1/institutions/prov/units/u1:publish", "{}", provider_).body);
  EXPECT_EQ(p2["publishedVersion"].as_int64(), 2);
  catalogue = ParseObject(Must("GET", "/v1/catalogue/units", "", {{"X-None", "1"}}).body);
  ASSERT_EQ(catalogue["units"].as_array().size(), 1u);
  EXPECT_EQ(StringMember(catalogue["units"].as_array()[0].as_object(), "title"),
            "Assessment design, 2nd edition");
  json::object done = ParseObject(Must("POST", "/v1/institutions/prov/units/u1/enrolments/e1:complete",
                                 R"({"result":{"value":"pass"}})", provider_).body);
  EXPECT_EQ(done["unitVersion"].as_int64(), 1);
  json::object credential = ParseObject(Must("GET", "/v1/" + StringMember(done, "credential"), "", teacher_).body);
  EXPECT_EQ(credential["unitVersion"].as_int64(), 1);
  EXPECT_EQ(StringMember(credential["credential"].as_object(), "name"), "Assessment design");
  // Version 1 stays readable for the provider, as SUPERSEDED.
  json::object v1 = ParseObject(Must("GET", "/v1/institutions/prov/units/u1?version=1", "", provider_).body);
  EXPECT_EQ(StringMember(v1, "state"), "SUPERSEDED");
  // Retiring takes the published version out of the catalogue, also with a newer draft pending.
  Must("PATCH", "/v1/institutions/prov/units/u1?updateMask=title", R"({"title":"Third"})", provider_);
  json::object retired = ParseObject(Must("POST", "/v1/institutions/prov/units/u1:retire", "{}", provider_).body);
  EXPECT_EQ(StringMember(retired, "state"), "DRAFT");
  EXPECT_EQ(retired["publishedVersion"].as_int64(), 0);
  catalogue = ParseObject(Must("GET", "/v1/catalogue/units", "", {{"X-None", "1"}}).body);
  EXPECT_EQ(catalogue["units"].as_array().size(), 0u);
  EXPECT_EQ(http_->Send("POST", "/v1/institutions/prov/units/u1:retire", "{}", provider_).status, 400);
}

TEST_F(LearningE2eTest, ARetriedCreateWithTheSameRequestIdCreatesOnce) {
  const std::string body = json::serialize(FullUnit("Retried"));
  HttpResult first = Must("POST", "/v1/institutions/prov/units?requestId=r-1", body, provider_);
  HttpResult again = Must("POST", "/v1/institutions/prov/units?requestId=r-1", body, provider_);
  EXPECT_EQ(StringMember(ParseObject(first.body), "name"), StringMember(ParseObject(again.body), "name"));
  json::object list = ParseObject(Must("GET", "/v1/institutions/prov/units", "", provider_).body);
  EXPECT_EQ(list["units"].as_array().size(), 1u);
  Publish("u2", FullUnit("Other"));
  HttpResult e1 = Must("POST", "/v1/institutions/prov/units/u2/enrolments?requestId=q-1", "{}", teacher_);
  HttpResult e2 = Must("POST", "/v1/institutions/prov/units/u2/enrolments?requestId=q-1", "{}", teacher_);
  EXPECT_EQ(StringMember(ParseObject(e1.body), "name"), StringMember(ParseObject(e2.body), "name"));
}

TEST_F(LearningE2eTest, CatalogueSearchesPublishedUnitsWithFilters) {
  Publish("assess", FullUnit("Assessment design"));
  json::object swedish = FullUnit("Handledning på arbetsplatsen");
  swedish["languages"] = json::array{"sv"};
  swedish["participationMode"] = "ON_SITE";
  swedish["pacing"] = "SCHEDULED";
  swedish["eqfLevel"] = 5;
  swedish["workload"] = json::object{{"hours", 135.0}};  // 5 ECTS
  swedish["learningOutcomes"] = json::array{"handleder studerande i arbetslivet"};
  swedish["alignments"] = json::array{json::object{{"competence", "frameworks/f/competences/1.2"},
                                                   {"targetLevel", "B1"}}};
  Publish("mentor", swedish);
  Must("POST", "/v1/institutions/prov/units?unitId=draft",
       json::serialize(FullUnit("Unpublished draft")), provider_);

  auto titles = [&](const std::string& query) {
    HttpResult r = http_->Send("GET", "/v1/catalogue/units" + query, "");  // anonymous
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    std::vector<std::string> out;
    json::object body = ParseObject(r.body);
    if (!body.contains("units")) return out;
    for (const auto& u : body["units"].as_array()) out.push_back(StringMember(u.as_object(), "title"));
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(titles(""), (V{"Assessment design", "Handledning på arbetsplatsen"}));
  EXPECT_EQ(titles("?query=designs"), (V{"Assessment design"}));
  EXPECT_EQ(titles("?query=handleder"), (V{"Handledning på arbetsplatsen"}));
  EXPECT_EQ(titles("?competence=frameworks/f/competences/1.1"), (V{"Assessment design"}));
  EXPECT_EQ(titles("?eqfLevel=5"), (V{"Handledning på arbetsplatsen"}));
  EXPECT_EQ(titles("?minEcts=4&maxEcts=6"), (V{"Handledning på arbetsplatsen"}));
  EXPECT_EQ(titles("?maxEcts=3"), (V{"Assessment design"}));
  EXPECT_EQ(titles("?minEcts=1.5&maxEcts=2.5"), (V{"Assessment design"}));
  EXPECT_EQ(titles("?language=sv"), (V{"Handledning på arbetsplatsen"}));
  EXPECT_EQ(titles("?participationMode=ONLINE&pacing=SELF_PACED"), (V{"Assessment design"}));
  EXPECT_EQ(titles("?provider=institutions/third"), V{});
  // Pages.
  HttpResult first = http_->Send("GET", "/v1/catalogue/units?pageSize=1", "");
  std::string token = StringMember(ParseObject(first.body), "nextPageToken");
  ASSERT_FALSE(token.empty()) << first.body;
  EXPECT_EQ(titles("?pageSize=1&pageToken=" + token), (V{"Handledning på arbetsplatsen"}));
  // Bad filters are refused.
  EXPECT_EQ(http_->Send("GET", "/v1/catalogue/units?eqfLevel=9", "").status, 400);
  EXPECT_EQ(http_->Send("GET", "/v1/catalogue/units?minEcts=5&maxEcts=1", "").status, 400);
  // Retired units leave the catalogue.
  Must("POST", "/v1/institutions/prov/units/mentor:retire", "{}", provider_);
  EXPECT_EQ(titles(""), (V{"Assessment design"}));
}

TEST_F(LearningE2eTest, CompletionIssuesABadgeThatVerifiesIndependentlyAndRevocationShows) {
  Publish("u1", FullUnit("Assessment design"));
  // A teacher of another institution enrols in the provider's unit.
  json::object enrolment =
      ParseObject(Must("POST", "/v1/institutions/prov/units/u1/enrolments?enrolmentId=e1", "{}", teacher_).body);
  EXPECT_EQ(StringMember(enrolment, "person"), "institutions/other/people/t1");
  EXPECT_EQ(StringMember(enrolment, "state"), "ENROLLED");
  EXPECT_EQ(http_->Send("POST", "/v1/institutions/prov/units/u1/enrolments", "{}", teacher_).status,
            409);  // enrolled already

  const std::string completion =
      R"({"result":{"value":"pass"},"evidence":[{"uri":"https://portfolio.example.fi/t1","name":"Portfolio"}]})";
  // The teacher cannot complete their own enrolment, nor can another institution's provider.
  EXPECT_EQ(http_->Send("POST", "/v1/institutions/prov/units/u1/enrolments/e1:complete", completion,
                        teacher_).status, 403);
  Headers stranger = Bearer(hub_->Claims("x", "third", {"INSTITUTION_ADMIN"}));
  EXPECT_EQ(http_->Send("POST", "/v1/institutions/prov/units/u1/enrolments/e1:complete", completion,
                        stranger).status, 403);
  EXPECT_EQ(http_->Send("POST", "/v1/institutions/prov/units/u1/enrolments/e1:complete",
                        R"({"result":{}})", provider_).status, 400);

  json::object completed = ParseObject(Must("POST", "/v1/institutions/prov/units/u1/enrolments/e1:complete",
                                      completion, provider_).body);
  EXPECT_EQ(StringMember(completed, "state"), "COMPLETED");
  const std::string credential_name = StringMember(completed, "credential");
  ASSERT_FALSE(credential_name.empty()) << json::serialize(completed);

  // The holder reads the credential; it is an OpenBadgeCredential VC-JWT.
  json::object credential = ParseObject(Must("GET", "/v1/" + credential_name, "", teacher_).body);
  const std::string jwt = StringMember(credential, "jwt");
  const json::object& vc = credential["credential"].as_object();
  EXPECT_EQ(vc.at("type").as_array()[1].as_string(), "OpenBadgeCredential");
  EXPECT_EQ(StringMember(vc, "iss"), hub_->public_base_url() + "/v1/issuers/prov");
  EXPECT_EQ(StringMember(vc.at("issuer").as_object(), "name"), "Provider UAS");
  const auto& achievement = vc.at("credentialSubject").as_object().at("achievement").as_object();
  EXPECT_EQ(StringMember(achievement.at("criteria").as_object(), "narrative"),
            "A portfolio of three assessment plans");
  EXPECT_NE(json::serialize(achievement.at("alignment")).find("http://data.europa.eu/esco/skill/abc"),
            std::string::npos);
  EXPECT_EQ(StringMember(vc.at("evidence").as_array()[0].as_object(), "id"), "https://portfolio.example.fi/t1");
  EXPECT_EQ(StringMember(vc.at("credentialStatus").as_object(), "type"), "BitstringStatusListEntry");

  // Public documents, no authentication.
  json::object profile = ParseObject(Must("GET", "/v1/issuers/prov", "", {{"X-None", "1"}}).body);
  EXPECT_EQ(StringMember(profile, "name"), "Provider UAS");
  json::object jwks = ParseObject(Must("GET", "/v1/issuers/prov/jwks", "", {{"X-None", "1"}}).body);
  ASSERT_EQ(jwks["keys"].as_array().size(), 1u);
  EXPECT_EQ(StringMember(jwks["keys"].as_array()[0].as_object(), "alg"), "RS256");
  EXPECT_EQ(jwks["keys"].as_array()[0].as_object().count("d"), 0u);  // never the private part

  // Independent verification: signature with the published key, status bit 0.
  EXPECT_EQ(PythonVerify(jwt, "--expect-valid"), 0) << last_verifier_output_;
  json::object verified = ParseObject(Must("POST", "/v1/credentials:verify",
                                     json::serialize(json::object{{"jwt", jwt}}), {{"X-None", "1"}}).body);
  EXPECT_TRUE(verified["valid"].as_bool()) << json::serialize(verified);

  // A tampered credential fails on its signature, here and independently.
  // (The payload is changed, still valid JSON: the name of the achievement.)
  const size_t dot1 = jwt.find('.'), dot2 = jwt.rfind('.');
  std::string payload;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(jwt.substr(dot1 + 1, dot2 - dot1 - 1), &payload));
  const size_t at = payload.find("Assessment design");
  ASSERT_NE(at, std::string::npos);
  payload.replace(at, 17, "Assessment Design");
  std::string encoded;
  absl::WebSafeBase64Escape(payload, &encoded);
  const std::string tampered = jwt.substr(0, dot1 + 1) + encoded + jwt.substr(dot2);
  json::object bad = ParseObject(Must("POST", "/v1/credentials:verify",
                                json::serialize(json::object{{"jwt", tampered}}), {{"X-None", "1"}}).body);
  EXPECT_FALSE(bad["valid"].as_bool());
  EXPECT_NE(json::serialize(bad).find("BAD_SIGNATURE"), std::string::npos) << json::serialize(bad);
  EXPECT_EQ(PythonVerify(tampered, ""), 1) << last_verifier_output_;

  // The person's competence profile gains the evidence, one assessment per aligned competence.
  EXPECT_TRUE(WaitForEvidence("other/people/t1", 2, 20));
  EXPECT_EQ(EvidenceCount("other/people/t1"), 2);

  // Only the issuer revokes; a reason is required.
  EXPECT_EQ(http_->Send("POST", "/v1/" + credential_name + ":revoke", R"({"reason":"x"})", stranger).status, 403);
  EXPECT_EQ(http_->Send("POST", "/v1/" + credential_name + ":revoke", "{}", provider_).status, 400);
  json::object revoked = ParseObject(Must("POST", "/v1/" + credential_name + ":revoke",
                                    R"({"reason":"assessment found to be plagiarised"})", provider_).body);
  EXPECT_TRUE(revoked["revoked"].as_bool());
  EXPECT_EQ(PythonVerify(jwt, "--expect-revoked"), 0) << last_verifier_output_;
  json::object after = ParseObject(Must("POST", "/v1/credentials:verify",
                                  json::serialize(json::object{{"jwt", jwt}}), {{"X-None", "1"}}).body);
  EXPECT_FALSE(after["valid"].as_bool());
  const std::string checks = json::serialize(after["checks"]);
  EXPECT_NE(checks.find("REVOKED"), std::string::npos) << checks;
  EXPECT_EQ(checks.find("BAD_SIGNATURE"), std::string::npos) << checks;  // the signature still holds

  // Key rotation keeps the old key published: the revoked credential still has a valid signature,
  // and new credentials use the new key.
  json::object rotated = ParseObject(Must("POST", "/v1/issuers/prov:rotateKey", R"({"algorithm":"EdDSA"})",
                                    provider_).body);
  EXPECT_EQ(StringMember(rotated, "algorithm"), "EdDSA");
  jwks = ParseObject(Must("GET", "/v1/issuers/prov/jwks", "", {{"X-None", "1"}}).body);
  EXPECT_EQ(jwks["keys"].as_array().size(), 2u);
  EXPECT_EQ(http_->Send("POST", "/v1/issuers/prov:rotateKey", "{}", stranger).status, 403);
}

TEST_F(LearningE2eTest, EvidenceWrittenDuringACompetenceOutageArrivesOnceAfterIt) {
  Publish("u1", FullUnit("Assessment design"));
  Must("POST", "/v1/institutions/prov/units/u1/enrolments?enrolmentId=e1", "{}", teacher_);
  hub_->StopCompetence();
  // The completion is acknowledged while the competence service is down.
  Must("POST", "/v1/institutions/prov/units/u1/enrolments/e1:complete", R"({"result":{"value":"pass"}})",
       provider_);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  {
    pqxx::connection conn(hub_->database());
    pqxx::work tx(conn);
    pqxx::row r = tx.exec1("SELECT count(*), max(attempts) FROM learning.outbox WHERE delivered_time IS NULL");
    EXPECT_EQ(r[0].as<int>(), 2);
    EXPECT_GE(r[1].as<int>(), 1) << "the relay should have tried and scheduled a retry";
  }
  hub_->StartCompetence();
  EXPECT_TRUE(WaitForEvidence("other/people/t1", 2, 60));
  EXPECT_EQ(EvidenceCount("other/people/t1"), 2);

  // A duplicate delivery (the relay sends again as if the acknowledgement had been lost)
  // changes nothing.
  {
    pqxx::connection conn(hub_->database());
    pqxx::work tx(conn);
    tx.exec("UPDATE learning.outbox SET delivered_time = NULL, next_attempt_time = now()");
    tx.commit();
  }
  for (int i = 0; i < 100; ++i) {
    pqxx::connection conn(hub_->database());
    pqxx::work tx(conn);
    if (tx.exec1("SELECT count(*) FROM learning.outbox WHERE delivered_time IS NULL")[0].as<int>() == 0) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(EvidenceCount("other/people/t1"), 2);
}

TEST_F(LearningE2eTest, AThousandPersonCohortCompletesInOneCall) {
  Publish("u1", FullUnit("Assessment design"));
  constexpr int kCohort = 1000;
  json::array people;
  for (int i = 0; i < kCohort; ++i) {
    people.push_back(json::object{{"externalId", absl::StrCat("C", i)},
                                  {"displayName", absl::StrCat("Cohort ", i)},
                                  {"roles", json::array{"TEACHER"}}});
  }
  json::object upserted = ParseObject(Must("POST", "/v1/institutions/other/people:batchUpsert",
                                     json::serialize(json::object{{"people", people}})).body);
  json::array requests;
  for (const auto& row : upserted["results"].as_array()) {
    const std::string person = StringMember(row.as_object(), "person");
    json::object e = ParseObject(Must("POST", "/v1/institutions/prov/units/u1/enrolments",
                                json::serialize(json::object{{"person", person}})).body);
    requests.push_back(json::object{{"name", StringMember(e, "name")}, {"result", json::object{{"value", "pass"}}}});
  }
  ASSERT_EQ(requests.size(), static_cast<size_t>(kCohort));
  json::object done = ParseObject(Must("POST", "/v1/institutions/prov/units/u1/enrolments:batchComplete",
                                 json::serialize(json::object{{"requests", requests}}), provider_).body);
  EXPECT_EQ(done["completedCount"].as_int64(), kCohort);
  EXPECT_EQ(done["failedCount"].as_int64(), 0);
  // Completing again: every row fails on its own, nothing changes.
  json::object again = ParseObject(Must("POST", "/v1/institutions/prov/units/u1/enrolments:batchComplete",
                                  json::serialize(json::object{{"requests", requests}}), provider_).body);
  EXPECT_EQ(again["failedCount"].as_int64(), kCohort);
  pqxx::connection conn(hub_->database());
  pqxx::work tx(conn);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM learning.credentials")[0].as<int>(), kCohort);
  EXPECT_EQ(tx.exec1("SELECT count(DISTINCT status_index) FROM learning.credentials")[0].as<int>(), kCohort);
  // The refused repeat took no status-list slots.
  EXPECT_EQ(tx.exec1("SELECT sum(next_index) FROM learning.status_lists")[0].as<int>(), kCohort);
}

}  // namespace
}  // namespace valohub::testing
