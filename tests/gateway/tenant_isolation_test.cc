// Generated from the route table: every HTTP route is called as an anonymous client, as each role
// of a foreign institution, and as a teacher asking for a colleague's data. No such call may
// succeed on the victim's data, leak it, or change it.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <boost/json.hpp>
#include <functional>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gateway/route_table.h"
#include "tests/support/hub_processes.h"

namespace valohub::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kSecretEmail[] = "victim.person@secret.example";

class TenantIsolationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The quality service's gate: units are reviewed and approved as in production.
    hub_ = std::make_unique<HubProcesses>(std::vector<std::string>{"--rate-limit-per-second=0"},
                                          std::vector<std::string>{"--development-mode"});
    http_ = std::make_unique<HttpClient>(hub_->http_port());
    Headers op = {{"Authorization", "Bearer " + hub_->OperatorToken()}};
    auto must = [&](const std::string& method, const std::string& target,
                    const std::string& body) {
      auto r = http_->Send(method, target, body, op);
      EXPECT_EQ(r.status, 200) << method << " " << target << ": " << r.body;
      return r;
    };
    must("POST", "/v1/institutions?institutionId=victim",
         R"({"displayName":"Victim College","kind":"VET_PROVIDER","businessId":"0112038-9","region":"FI-11"})");
    must("POST", "/v1/institutions?institutionId=attacker",
         R"({"displayName":"Attacker College","kind":"VET_PROVIDER","businessId":"0737546-2","region":"FI-18"})");
    victim_person_ = Id(must("POST", "/v1/institutions/victim/people?personId=victim-person",
                             absl::StrCat(R"({"displayName":"Victim Person","email":")", kSecretEmail,
                                          R"(","externalId":"VICTIM-1","roles":["TEACHER"]})")));
    colleague_ = Id(must("POST", "/v1/institutions/victim/people?personId=colleague",
                         R"({"displayName":"Colleague","roles":["TEACHER"]})"));
    attacker_person_ = Id(must("POST", "/v1/institutions/attacker/people?personId=intruder",
                               R"({"displayName":"Intruder","roles":["TEACHER","MANAGER"]})"));
    must("POST", "/v1/institutions?institutionId=panel",
         R"({"displayName":"Review Panel","kind":"VET_PROVIDER","businessId":"2000001-6","region":"FI-01"})");
    for (const char* r : {"r1", "r2"}) {
      must("POST", absl::StrCat("/v1/institutions/panel/people?personId=", r),
           R"({"displayName":"Reviewer","roles":["TEACHER"]})");
    }
    must("POST", "/v1/frameworks?frameworkId=f",
         R"({"displayName":"F","levels":[{"code":"A1","title":"a"}],"items":[{"code":"1","kind":"AREA","title":"Area"},{"code":"1.1","kind":"COMPETENCE","parentCode":"1","title":"C"}]})");
    must("POST", "/v1/frameworks/f:publish", "{}");
    assessment_ = Id(must("POST", "/v1/institutions/victim/people/victim-person/assessments",
                          R"({"competence":"frameworks/f/competences/1.1","level":"A1","source":"SELF","note":"secret note"})"));
    need_ = Id(must("POST", "/v1/institutions/victim/people/victim-person/developmentNeeds",
                    R"({"competence":"frameworks/f/competences/1.1","priority":"HIGH","description":"secret need"})"));
    // Learning data: a draft nobody else may see, and a credential of the victim person.
    const std::string unit =
        R"({"title":"TITLE","awardingBody":"Victim","country":"FI","learningOutcomes":["o"],)"
        R"("workload":{"ects":1},"eqfLevel":5,"assessmentType":"PROJECT","participationMode":"ONLINE",)"
        R"("pacing":"SELF_PACED","qualityAssurance":"internal","alignments":[{"competence":"frameworks/f/competences/1.1","targetLevel":"A1"}],)"
        R"("achievement":{"criteriaNarrative":"criteria"}})";
    auto titled = [&](const std::string& title) {
      std::string u = unit;
      return u.replace(u.find("TITLE"), 5, title);
    };
    must("POST", "/v1/institutions/victim/units?unitId=secret-draft", titled("secret draft unit"));
    must("POST", "/v1/institutions/victim/units?unitId=pub", titled("Public unit"));
    must("POST", "/v1/institutions/victim/units/pub:submit", "{}");
    const std::string pub_review = OpenReview("institutions/victim/units/pub");
    must("POST", "/v1/" + pub_review + ":assignReviewers",
         R"({"reviewers":["institutions/panel/people/r1","institutions/panel/people/r2"]})");
    std::string scores = R"({"scores":[)";
    for (const char* c : {"RELEVANCE", "VALID_ASSESSMENT", "TRANSPARENCY", "LEARNER_CENTRED",
                          "RECOGNITION", "LEARNING_PATHWAYS"}) {
      absl::StrAppend(&scores, scores.back() == '[' ? "" : ",", R"({"criterion":")", c,
                      R"(","score":4,"comment":"ok"})");
    }
    scores += "]}";
    for (const char* r : {"r1", "r2"}) {
      Headers reviewer = {{"Authorization",
                           "Bearer " + hub_->Token(hub_->Claims(r, "panel", {"REVIEWER"}, r))}};
      EXPECT_EQ(http_->Send("POST", "/v1/" + pub_review + ":submitScorecard", scores, reviewer).status,
                200);
    }
    must("POST", "/v1/" + pub_review + ":decide", R"({"outcome":"APPROVED"})");
    must("POST", "/v1/institutions/victim/units/pub:publish", "{}");
    // The secret draft in review: its review holds a snapshot with the secret title.
    must("POST", "/v1/institutions/victim/units/secret-draft:submit", "{}");
    review_ = OpenReview("institutions/victim/units/secret-draft").substr(8);
    // The units' quality labels follow the quality service's feed; wait for it, so that the
    // snapshots before and after the attack do not differ by the feed catching up.
    Headers op2 = {{"Authorization", "Bearer " + hub_->OperatorToken()}};
    for (int i = 0; i < 100; ++i) {
      if (http_->Send("GET", "/v1/institutions/victim/units/secret-draft", "", op2)
              .body.find(R"("quality":{"status":"IN_REVIEW")") != std::string::npos) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    enrolment_ = Id(must("POST", "/v1/institutions/victim/units/pub/enrolments",
                         R"({"person":"institutions/victim/people/victim-person"})"));
    auto completed = must("POST", "/v1/institutions/victim/units/pub/enrolments/" + enrolment_ + ":complete",
                          R"({"result":{"value":"secret result"}})");
    const std::string credential = JsonString(completed.body, "credential");
    credential_ = credential.substr(credential.rfind('/') + 1);
    // The completion's evidence reaches the victim's profile through the outbox relay, after the
    // call has answered; wait for it, so that the snapshots do not differ by its arrival.
    for (int i = 0; i < 300; ++i) {
      if (http_->Send("GET", "/v1/institutions/victim/people/victim-person/assessments", "", op2)
              .body.find(R"("source":"EVIDENCE")") != std::string::npos) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_NE(http_->Send("GET", "/v1/institutions/victim/people/victim-person/assessments", "", op2)
                  .body.find(R"("source":"EVIDENCE")"),
              std::string::npos)
        << "the completion's evidence did not reach the competence profile";
  }

  // The body without the embedded JSON documents (credentials, JWKs): protobuf prints their
  // members in no fixed order. What they say is covered by the JWT and the etags beside them.
  static std::string WithoutJsonDocuments(const std::string& body) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(body, ec);
    if (ec) return body;
    std::function<void(boost::json::value&)> strip = [&](boost::json::value& x) {
      if (x.is_object()) {
        x.as_object().erase("credential");
        x.as_object().erase("publicJwk");
        for (auto& member : x.as_object()) strip(member.value());
      } else if (x.is_array()) {
        for (auto& item : x.as_array()) strip(item);
      }
    };
    strip(v);
    return boost::json::serialize(v);
  }

  std::string OpenReview(const std::string& unit) {
    Headers op = {{"Authorization", "Bearer " + hub_->OperatorToken()}};
    HttpResult r = http_->Send("GET", "/v1/reviews?state=OPEN&unit=" + unit, "", op);
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(r.body, ec);
    if (ec || !v.is_object() || !v.as_object().contains("reviews")) return "";
    const auto& reviews = v.as_object().at("reviews").as_array();
    return reviews.empty() ? "" : std::string(reviews[0].as_object().at("name").as_string());
  }

  static std::string Id(const HttpResult& r) {
    std::string name = JsonString(r.body, "name");
    return name.substr(name.rfind('/') + 1);
  }

  // Everything an operator sees of the victim, to compare before and after.
  std::string Snapshot() {
    Headers op = {{"Authorization", "Bearer " + hub_->OperatorToken()}};
    std::string out;
    for (const char* target :
         {"/v1/institutions/victim", "/v1/institutions/victim/people?pageSize=1000",
          "/v1/institutions/victim/people/victim-person/assessments",
          "/v1/institutions/victim/people/victim-person/developmentNeeds", "/v1/frameworks/f",
          "/v1/institutions?pageSize=1000", "/v1/institutions/victim/units?pageSize=1000",
          "/v1/institutions/victim/units/pub/enrolments?pageSize=1000",
          "/v1/institutions/victim/people/victim-person/credentials", "/v1/issuers/victim/keys",
          "/v1/reviews?unit=institutions/victim/units/secret-draft",
          "/v1/institutions/victim/units/pub/quality",
          "/v1/auditEvents?unit=institutions/victim/units/pub"}) {
      auto r = http_->Send("GET", target, "", op);
      absl::StrAppend(&out, target, " ", r.status, " ", WithoutJsonDocuments(r.body), "\n");
    }
    return out;
  }

  // The route's path with every variable filled with the victim's resources.
  std::string Target(const gateway::Route& route) {
    const std::map<std::string, std::string> ids = {
        {"institutions", "victim"},      {"people", victim_person_},
        {"assessments", assessment_},    {"developmentNeeds", need_},
        {"frameworks", "f"},             {"competences", "1.1"},
        {"units", "secret-draft"},       {"enrolments", enrolment_},
        {"credentials", credential_},    {"issuers", "victim"},
        {"status-lists", "1"},           {"reviews", review_},
        {"qualityModels", "national"}};
    std::vector<std::string> parts;
    const auto& segments = route.path.segments();
    for (size_t i = 0; i < segments.size(); ++i) {
      if (segments[i].kind == gateway::PathTemplate::Segment::kLiteral) {
        parts.push_back(segments[i].literal);
      } else {
        auto it = i > 0 ? ids.find(segments[i - 1].literal) : ids.end();
        parts.push_back(it == ids.end() ? "x" : it->second);
      }
    }
    std::string target = "/" + absl::StrJoin(parts, "/");
    if (!route.path.verb().empty()) target += ":" + route.path.verb();
    return target;
  }

  std::unique_ptr<HubProcesses> hub_;
  std::unique_ptr<HttpClient> http_;
  std::string victim_person_, colleague_, attacker_person_, assessment_, need_, enrolment_,
      credential_, review_;
};

TEST_F(TenantIsolationTest, NoRouteLeaksOrChangesAnotherInstitutionsData) {
  auto routes = gateway::RouteTable::Build(gateway::HubServices());
  ASSERT_TRUE(routes.ok());
  struct Caller {
    std::string label;
    Headers headers;
    bool same_institution;
  };
  auto bearer = [&](const gateway::TokenClaims& c) {
    return Headers{{"Authorization", "Bearer " + hub_->Token(c)}};
  };
  std::vector<Caller> callers = {
      {"anonymous", {}, false},
      {"attacker INSTITUTION_ADMIN", bearer(hub_->Claims("a1", "attacker", {"INSTITUTION_ADMIN"})), false},
      {"attacker MANAGER", bearer(hub_->Claims("a2", "attacker", {"MANAGER"}, attacker_person_)), false},
      {"attacker TEACHER", bearer(hub_->Claims("a3", "attacker", {"TEACHER"}, attacker_person_)), false},
      {"attacker TEACHER claiming the victim's person id",
       bearer(hub_->Claims("a4", "attacker", {"TEACHER"}, victim_person_)), false},
      {"colleague TEACHER", bearer(hub_->Claims("c1", "victim", {"TEACHER"}, colleague_)), true},
  };
  const std::string before = Snapshot();
  int calls = 0;
  for (const gateway::Route& route : routes->routes()) {
    const std::string target = Target(route);
    const bool under_victim = target.rfind("/v1/institutions/victim", 0) == 0;
    const bool about_victim_person =
        target.find("/people/" + victim_person_) != std::string::npos;
    const bool framework_read =
        route.http_method == "GET" && target.rfind("/v1/frameworks", 0) == 0;
    // Public by design: the catalogue, the issuers' documents, verification, quality models.
    const bool public_route =
        framework_read ||
        (route.http_method == "GET" && target.rfind("/v1/qualityModels", 0) == 0) ||
        (route.http_method == "GET" &&
         (target.rfind("/v1/catalogue", 0) == 0 || target.rfind("/v1/issuers", 0) == 0 ||
          target == "/v1/jwks")) ||
        target == "/v1/credentials:verify";
    // Open to other institutions by design: enrolling in a unit of another provider.
    const bool enrolment_create =
        route.http_method == "POST" && route.path.verb().empty() &&
        target.size() > 11 && target.compare(target.size() - 11, 11, "/enrolments") == 0;
    const std::string body = route.body.empty() ? "" : "{}";
    for (const Caller& caller : callers) {
      HttpResult r = http_->Send(route.http_method, target, body, caller.headers);
      ++calls;
      const std::string what = caller.label + " " + route.http_method + " " + target;
      EXPECT_EQ(r.body.find(kSecretEmail), std::string::npos) << what << " leaked: " << r.body;
      EXPECT_EQ(r.body.find("secret note"), std::string::npos) << what << " leaked: " << r.body;
      EXPECT_EQ(r.body.find("secret need"), std::string::npos) << what << " leaked: " << r.body;
      EXPECT_EQ(r.body.find("secret draft unit"), std::string::npos) << what << " leaked: " << r.body;
      EXPECT_EQ(r.body.find("secret result"), std::string::npos) << what << " leaked: " << r.body;
      if (public_route) continue;
      if (enrolment_create) {
        // The route's unit is a draft: no enrolment, whoever asks.
        EXPECT_NE(r.status, 200) << what << ": " << r.body;
        if (caller.headers.empty()) {
          EXPECT_EQ(r.status, 401) << what;
        }
        continue;
      }
      if (caller.same_institution) {
        if (about_victim_person) {
          EXPECT_EQ(r.status, 403) << what << ": " << r.body;
        }
        if (route.http_method != "GET") {
          EXPECT_NE(r.status, 200) << what << ": " << r.body;
        }
        continue;
      }
      if (under_victim || route.http_method != "GET") {
        int expected = caller.headers.empty() ? 401 : 403;
        EXPECT_EQ(r.status, expected) << what << ": " << r.body;
      } else {
        // Hub-wide lists (institutions) answer, but only with the caller's own data.
        EXPECT_TRUE(r.status == 200 || r.status == 401 || r.status == 403) << what;
        EXPECT_EQ(r.body.find("Victim College"), std::string::npos) << what << ": " << r.body;
      }
    }
  }
  EXPECT_GT(calls, 100);
  EXPECT_EQ(Snapshot(), before) << "a call changed the victim's data";
}

}  // namespace
}  // namespace valohub::testing
