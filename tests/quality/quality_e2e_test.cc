// The quality journeys through the gateway, with the real competence, learning and quality
// services and PostgreSQL: a draft that fails the automatic checks, its review by two reviewers
// of other institutions, approval, publication with the public quality label, completion and
// the badge, participant feedback that flags the unit out of the catalogue while the issued
// credential still verifies, the refusals (conflict of interest, unassigned reviewers, the
// provider deciding on its own unit), the audit trail, and the quality service being down.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tests/support/hub_processes.h"
#include "tests/support/json_body.h"

namespace valohub::testing {
namespace {

namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

json::object Unit(const std::string& title) {
  return json::object{
      {"title", title},
      {"description", "Feedback conversations in workplace learning."},
      {"awardingBody", "Provider University of Applied Sciences"},
      {"country", "FI"},
      {"learningOutcomes", json::array{"guides a student's workplace learning with feedback"}},
      {"workload", json::object{{"ects", 1.0}}},
      {"eqfLevel", 6},
      {"assessmentType", "PORTFOLIO"},
      {"participationMode", "ONLINE"},
      {"pacing", "SELF_PACED"},
      {"qualityAssurance", "Reviewed under the national quality model"},
      {"languages", json::array{"fi"}},
      {"alignments", json::array{json::object{{"competence", "frameworks/f/competences/1.1"},
                                              {"targetLevel", "A1"}}}},
      {"achievement", json::object{{"criteriaNarrative", "Three recorded feedback conversations"}}}};
}

std::string Scorecard(int score) {
  json::array scores;
  for (const char* c : {"RELEVANCE", "VALID_ASSESSMENT", "TRANSPARENCY", "LEARNER_CENTRED",
                        "RECOGNITION", "LEARNING_PATHWAYS"}) {
    scores.push_back(json::object{{"criterion", c}, {"score", score},
                                  {"comment", std::string("Scored ") + c}});
  }
  return json::serialize(json::object{{"scores", scores}});
}

constexpr char kCompletion[] = R"({"result":{"value":"pass"}})";

class QualityE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The quality service's gate (development mode only for issuer keys); feedback flags a unit
    // from 5 ratings here, so that the test needs 5 participants rather than 10.
    hub_ = std::make_unique<HubProcesses>(std::vector<std::string>{"--rate-limit-per-second=0"},
                                          std::vector<std::string>{"--development-mode"},
                                          std::vector<std::string>{"--flag-min-ratings=5"});
    http_ = std::make_unique<HttpClient>(hub_->http_port());
    op_ = {{"Authorization", "Bearer " + hub_->OperatorToken()}};
    Must("POST", "/v1/institutions?institutionId=prov",
         R"({"displayName":"Provider UAS","kind":"UNIVERSITY_OF_APPLIED_SCIENCES","businessId":"0112038-9","region":"FI-18"})");
    Must("POST", "/v1/institutions?institutionId=third",
         R"({"displayName":"Third College","kind":"VET_PROVIDER","businessId":"1572860-0","region":"FI-01"})");
    for (int i = 1; i <= 6; ++i) {
      Must("POST", absl::StrCat("/v1/institutions/third/people?personId=t", i),
           R"({"displayName":"Teacher","roles":["TEACHER"]})");
    }
    // The reviewers, each a person of another institution than the provider.
    Must("POST", "/v1/institutions?institutionId=other",
         R"({"displayName":"Other College","kind":"VET_PROVIDER","businessId":"2000001-6","region":"FI-11"})");
    Must("POST", "/v1/institutions?institutionId=fourth",
         R"({"displayName":"Fourth UAS","kind":"UNIVERSITY_OF_APPLIED_SCIENCES","businessId":"2000002-4","region":"FI-19"})");
    Must("POST", "/v1/institutions/other/people?personId=r1",
         R"({"displayName":"Reviewer One","roles":["EDUCATION_DEVELOPER"]})");
    Must("POST", "/v1/institutions/fourth/people?personId=r2",
         R"({"displayName":"Reviewer Two","roles":["TEACHER"]})");
    Must("POST", "/v1/frameworks?frameworkId=f",
         R"({"displayName":"Framework F","levels":[{"code":"A1","title":"a"}],"items":[{"code":"1","kind":"AREA","title":"Area"},{"code":"1.1","kind":"COMPETENCE","parentCode":"1","title":"Feedback"}]})");
    Must("POST", "/v1/frameworks/f:publish", "{}");
    provider_ = Bearer(hub_->Claims("padmin", "prov", {"INSTITUTION_ADMIN"}));
    coordinator_ = Bearer(hub_->Claims("coord", "panel", {"QUALITY_COORDINATOR"}));
    reviewer1_ = Bearer(hub_->Claims("r1", "other", {"REVIEWER"}, "r1"));
    reviewer2_ = Bearer(hub_->Claims("r2", "fourth", {"REVIEWER"}, "r2"));
  }

  Headers Bearer(const gateway::TokenClaims& c) {
    return {{"Authorization", "Bearer " + hub_->Token(c)}};
  }
  Headers Teacher(int i) {
    const std::string id = absl::StrCat("t", i);
    return Bearer(hub_->Claims(id, "third", {"TEACHER"}, id));
  }

  HttpResult Must(const std::string& method, const std::string& target, const std::string& body,
                  const Headers& headers = {}) {
    HttpResult r = http_->Send(method, target, body, headers.empty() ? op_ : headers);
    EXPECT_EQ(r.status, 200) << method << " " << target << ": " << r.body;
    return r;
  }

  // The unit's one OPEN review, as the coordinator sees it.
  std::string OpenReview(const std::string& unit) {
    json::object list = ParseObject(
        Must("GET", "/v1/reviews?unit=" + unit + "&state=OPEN", "", coordinator_).body);
    if (!list.contains("reviews") || list["reviews"].as_array().empty()) return "";
    return StringMember(list["reviews"].as_array()[0].as_object(), "name");
  }

  // Submits, reviews (two reviewers, score 4) and approves the provider's unit `id`.
  void Approve(const std::string& id) {
    Must("POST", "/v1/institutions/prov/units/" + id + ":submit", "{}", provider_);
    const std::string review = OpenReview("institutions/prov/units/" + id);
    ASSERT_FALSE(review.empty());
    Must("POST", "/v1/" + review + ":assignReviewers",
         R"({"reviewers":["institutions/other/people/r1","institutions/fourth/people/r2"]})",
         coordinator_);
    Must("POST", "/v1/" + review + ":submitScorecard", Scorecard(4), reviewer1_);
    Must("POST", "/v1/" + review + ":submitScorecard", Scorecard(4), reviewer2_);
    Must("POST", "/v1/" + review + ":decide", R"({"outcome":"APPROVED"})", coordinator_);
  }

  bool InCatalogue(const std::string& title) {
    return http_->Send("GET", "/v1/catalogue/units", "").body.find(title) != std::string::npos;
  }

  std::unique_ptr<HubProcesses> hub_;
  std::unique_ptr<HttpClient> http_;
  Headers op_, provider_, coordinator_, reviewer1_, reviewer2_;
};

TEST_F(QualityE2eTest, FromIncompleteDraftThroughReviewBadgeAndFeedbackToAFlag) {
  const std::string unit = "institutions/prov/units/u1";
  // A draft may be incomplete; submitting it runs the automatic checks, which name the
  // missing workload, and the draft stays a draft.
  json::object draft = Unit("Workplace feedback");
  draft.erase("workload");
  Must("POST", "/v1/institutions/prov/units?unitId=u1", json::serialize(draft), provider_);
  HttpResult failed = http_->Send("POST", "/v1/" + unit + ":submit", "{}", provider_);
  EXPECT_EQ(failed.status, 400) << failed.body;
  EXPECT_NE(failed.body.find("AUTOMATIC_CHECKS_FAILED"), std::string::npos) << failed.body;
  EXPECT_NE(failed.body.find("unit.workload"), std::string::npos) << failed.body;
  EXPECT_NE(failed.body.find("Annex I: notional workload"), std::string::npos) << failed.body;
  EXPECT_EQ(StringMember(ParseObject(Must("GET", "/v1/" + unit, "", provider_).body), "state"), "DRAFT");
  json::object sent_back = ParseObject(Must("GET", "/v1/reviews?unit=" + unit, "", provider_).body);
  ASSERT_EQ(sent_back["reviews"].as_array().size(), 1u);
  const json::object& first = sent_back["reviews"].as_array()[0].as_object();
  EXPECT_EQ(StringMember(first, "state"), "CHANGES_REQUESTED");
  EXPECT_EQ(StringMember(first.at("decision").as_object(), "decidedBy"), "automatic-checks");

  // Fixed and resubmitted: an open review of a frozen snapshot.
  Must("PATCH", "/v1/" + unit + "?updateMask=workload", R"({"workload":{"ects":1}})", provider_);
  json::object submitted = ParseObject(Must("POST", "/v1/" + unit + ":submit", "{}", provider_).body);
  EXPECT_EQ(StringMember(submitted, "state"), "IN_REVIEW");
  HttpResult early = http_->Send("POST", "/v1/" + unit + ":publish", "{}", provider_);
  EXPECT_EQ(early.status, 400) << early.body;
  EXPECT_NE(early.body.find("NOT_QUALITY_APPROVED"), std::string::npos) << early.body;
  const std::string review = OpenReview(unit);
  ASSERT_FALSE(review.empty());
  json::object open = ParseObject(Must("GET", "/v1/" + review, "", coordinator_).body);
  EXPECT_EQ(open["snapshot"].as_object()["workload"].as_object()["ects"].to_number<double>(), 1.0);
  EXPECT_EQ(StringMember(open, "model"), "qualityModels/national");

  // Reviewers: never of the providing institution, at least two.
  HttpResult conflict = http_->Send(
      "POST", "/v1/" + review + ":assignReviewers",
      R"({"reviewers":["institutions/other/people/r1","institutions/prov/people/pm"]})",
      coordinator_);
  EXPECT_EQ(conflict.status, 400) << conflict.body;
  EXPECT_NE(conflict.body.find("REVIEWER_CONFLICT_OF_INTEREST"), std::string::npos);
  EXPECT_NE(conflict.body.find("must not belong to the institution that provides the unit"),
            std::string::npos) << conflict.body;
  HttpResult unknown = http_->Send(
      "POST", "/v1/" + review + ":assignReviewers",
      R"({"reviewers":["institutions/other/people/r1","institutions/fourth/people/nobody"]})",
      coordinator_);
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_NE(unknown.body.find("institutions/fourth/people/nobody does not exist"), std::string::npos)
      << unknown.body;
  HttpResult one = http_->Send("POST", "/v1/" + review + ":assignReviewers",
                               R"({"reviewers":["institutions/other/people/r1"]})", coordinator_);
  EXPECT_NE(one.body.find("TOO_FEW_REVIEWERS"), std::string::npos) << one.body;
  EXPECT_EQ(http_->Send("POST", "/v1/" + review + ":assignReviewers",
                        R"({"reviewers":["institutions/other/people/r1","institutions/fourth/people/r2"]})",
                        provider_).status, 403);
  Must("POST", "/v1/" + review + ":assignReviewers",
       R"({"reviewers":["institutions/other/people/r1","institutions/fourth/people/r2"]})",
       coordinator_);

  // Only an assigned reviewer scores; a scorecard scores every reviewer criterion.
  Headers stranger = Bearer(hub_->Claims("rx", "third", {"REVIEWER"}, "rx"));
  HttpResult not_assigned = http_->Send("POST", "/v1/" + review + ":submitScorecard", Scorecard(5),
                                        stranger);
  EXPECT_EQ(not_assigned.status, 403);
  EXPECT_NE(not_assigned.body.find("NOT_ASSIGNED"), std::string::npos) << not_assigned.body;
  EXPECT_EQ(http_->Send("GET", "/v1/" + review, "", stranger).status, 403);
  EXPECT_EQ(http_->Send("POST", "/v1/" + review + ":submitScorecard",
                        R"({"scores":[{"criterion":"RELEVANCE","score":4,"comment":"ok"}]})",
                        reviewer1_).status, 400);
  HttpResult too_early = http_->Send("POST", "/v1/" + review + ":decide",
                                     R"({"outcome":"APPROVED"})", coordinator_);
  EXPECT_NE(too_early.body.find("SCORECARDS_MISSING"), std::string::npos) << too_early.body;
  Must("POST", "/v1/" + review + ":submitScorecard", Scorecard(4), reviewer1_);
  Must("POST", "/v1/" + review + ":submitScorecard", Scorecard(5), reviewer2_);

  // The provider cannot approve its own unit, not even its own quality coordinator.
  EXPECT_EQ(http_->Send("POST", "/v1/" + review + ":decide", R"({"outcome":"APPROVED"})",
                        provider_).status, 403);
  HttpResult own = http_->Send("POST", "/v1/" + review + ":decide", R"({"outcome":"APPROVED"})",
                               Bearer(hub_->Claims("pc", "prov", {"QUALITY_COORDINATOR"})));
  EXPECT_EQ(own.status, 403);
  EXPECT_NE(own.body.find("OWN_UNIT"), std::string::npos) << own.body;
  // The provider reads the scores and comments, not who gave them.
  json::object blind = ParseObject(Must("GET", "/v1/" + review, "", provider_).body);
  EXPECT_EQ(blind["scorecards"].as_array().size(), 2u);
  EXPECT_EQ(json::serialize(blind).find("institutions/other/people/r1"), std::string::npos);

  json::object decided = ParseObject(
      Must("POST", "/v1/" + review + ":decide", R"({"outcome":"APPROVED"})", coordinator_).body);
  EXPECT_EQ(StringMember(decided, "state"), "APPROVED");
  EXPECT_FALSE(StringMember(decided.at("decision").as_object(), "validUntil").empty());

  // Published, with its public quality label in the catalogue.
  json::object published = ParseObject(Must("POST", "/v1/" + unit + ":publish", "{}", provider_).body);
  EXPECT_EQ(StringMember(published, "state"), "PUBLISHED");
  json::object catalogue = ParseObject(http_->Send("GET", "/v1/catalogue/units", "").body);
  ASSERT_EQ(catalogue["units"].as_array().size(), 1u);
  const json::object& label = catalogue["units"].as_array()[0].as_object().at("quality").as_object();
  EXPECT_EQ(StringMember(label, "status"), "APPROVED");
  EXPECT_EQ(StringMember(label, "model"), "qualityModels/national");
  EXPECT_EQ(label.at("modelVersion").to_number<int>(), 1);
  EXPECT_FALSE(StringMember(label, "decisionTime").empty());
  EXPECT_FALSE(StringMember(label, "validUntil").empty());

  // Teachers of a third institution enrol and complete; badges are issued.
  std::vector<std::string> credentials;
  for (int i = 1; i <= 6; ++i) {
    Must("POST", absl::StrCat("/v1/", unit, "/enrolments?enrolmentId=e", i), "{}", Teacher(i));
  }
  for (int i = 1; i <= 5; ++i) {
    json::object done = ParseObject(Must("POST", absl::StrCat("/v1/", unit, "/enrolments/e", i, ":complete"),
                                   kCompletion, provider_).body);
    credentials.push_back(StringMember(done, "credential"));
  }
  const std::string jwt = StringMember(ParseObject(Must("GET", "/v1/" + credentials[0], "", Teacher(1)).body), "jwt");
  ASSERT_FALSE(jwt.empty());

  // Feedback: once per completed enrolment, by its participant only.
  const std::string low = R"({"ratings":{"relevance":2,"clarity":1,"assessment":2,"workload":2},"comment":"Too much work for one credit"})";
  EXPECT_EQ(http_->Send("POST", "/v1/" + unit + "/enrolments/e6:feedback", low, Teacher(6)).status,
            400);  // not completed
  EXPECT_EQ(http_->Send("POST", "/v1/" + unit + "/enrolments/e1:feedback", low, Teacher(2)).status,
            403);
  EXPECT_EQ(http_->Send("POST", "/v1/" + unit + "/enrolments/e1:feedback",
                        R"({"ratings":{"relevance":6,"clarity":1,"assessment":2,"workload":2}})",
                        Teacher(1)).status, 400);
  Must("POST", "/v1/" + unit + "/enrolments/e1:feedback", low, Teacher(1));
  EXPECT_EQ(http_->Send("POST", "/v1/" + unit + "/enrolments/e1:feedback", low, Teacher(1)).status,
            409);
  // Fewer than 5 ratings: nothing is shown.
  json::object few = ParseObject(Must("GET", "/v1/" + unit + "/feedbackSummary", "", provider_).body);
  EXPECT_TRUE(few["suppressed"].as_bool());
  EXPECT_EQ(json::serialize(few).find("Too much work"), std::string::npos);
  EXPECT_EQ(http_->Send("GET", "/v1/" + unit + "/feedbackSummary", "", Teacher(1)).status, 403);
  for (int i = 2; i <= 4; ++i) {
    Must("POST", absl::StrCat("/v1/", unit, "/enrolments/e", i, ":feedback"), low, Teacher(i));
  }
  EXPECT_TRUE(InCatalogue("Workplace feedback"));
  Must("POST", "/v1/" + unit + "/enrolments/e5:feedback", low, Teacher(5));

  // The fifth low rating flags the unit: it needs a new review and leaves the catalogue.
  json::object summary = ParseObject(Must("GET", "/v1/" + unit + "/feedbackSummary", "", reviewer1_).body);
  EXPECT_FALSE(summary["suppressed"].as_bool());
  EXPECT_EQ(summary["ratingCount"].to_number<int>(), 5);
  EXPECT_LT(summary["mean"].to_number<double>(), 3.0);
  EXPECT_EQ(summary["comments"].as_array().size(), 5u);
  EXPECT_EQ(json::serialize(summary).find("t1"), std::string::npos);
  EXPECT_EQ(StringMember(ParseObject(Must("GET", "/v1/" + unit + "/quality", "", provider_).body), "status"),
            "FLAGGED");
  bool left = false;
  for (int i = 0; i < 100 && !left; ++i) {
    left = !InCatalogue("Workplace feedback");
    if (!left) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(left) << "a flagged unit must leave the catalogue";
  // No new enrolment or badge while it is flagged; the ones issued still verify.
  Must("POST", "/v1/institutions/third/people?personId=t7", R"({"displayName":"Late","roles":["TEACHER"]})");
  HttpResult late = http_->Send("POST", "/v1/" + unit + "/enrolments?enrolmentId=e7", "{}",
                                Bearer(hub_->Claims("t7", "third", {"TEACHER"}, "t7")));
  EXPECT_EQ(late.status, 400) << late.body;
  EXPECT_NE(late.body.find("UNIT_NOT_IN_CATALOGUE"), std::string::npos) << late.body;
  HttpResult blocked = http_->Send("POST", "/v1/" + unit + "/enrolments/e6:complete", kCompletion,
                                   provider_);
  EXPECT_EQ(blocked.status, 400) << blocked.body;
  EXPECT_NE(blocked.body.find("UNIT_NOT_APPROVED"), std::string::npos) << blocked.body;
  json::object verified = ParseObject(Must("POST", "/v1/credentials:verify",
                                     json::serialize(json::object{{"jwt", jwt}}), {{"X-None", "1"}}).body);
  EXPECT_TRUE(verified["valid"].as_bool()) << json::serialize(verified);

  // The audit trail: every step, with who and when; reviewers stay anonymous to the provider.
  json::object audit = ParseObject(Must("GET", "/v1/auditEvents?unit=" + unit, "", op_).body);
  std::string actions;
  for (const auto& e : audit["events"].as_array()) {
    const json::object& o = e.as_object();
    absl::StrAppend(&actions, StringMember(o, "action"), ":", StringMember(o, "actor"), " ");
    EXPECT_FALSE(StringMember(o, "time").empty());
  }
  for (const char* expected :
       {"REVIEW_CREATED:padmin", "AUTOMATIC_CHECKS_FAILED:automatic-checks",
        "REVIEWERS_ASSIGNED:coord", "SCORECARD_SUBMITTED:r1", "SCORECARD_SUBMITTED:r2",
        "REVIEW_DECIDED:coord", "UNIT_FLAGGED:feedback-threshold"}) {
    EXPECT_NE(actions.find(expected), std::string::npos) << expected << " in " << actions;
  }
  const std::string provider_audit =
      Must("GET", "/v1/auditEvents?unit=" + unit, "", provider_).body;
  EXPECT_EQ(provider_audit.find("\"r1\""), std::string::npos) << provider_audit;
  EXPECT_EQ(http_->Send("GET", "/v1/auditEvents?unit=" + unit, "", Teacher(1)).status, 403);

  // A re-review of the published version clears the flag and brings it back.
  Approve("u1");
  bool back = false;
  for (int i = 0; i < 100 && !back; ++i) {
    back = InCatalogue("Workplace feedback");
    if (!back) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(back);
  Must("POST", "/v1/" + unit + "/enrolments/e6:complete", kCompletion, provider_);
}

TEST_F(QualityE2eTest, ReturningAUnitToDraftOrDeletingItWithdrawsItsReview) {
  Must("POST", "/v1/institutions/prov/units?unitId=u1", json::serialize(Unit("Unit one")), provider_);
  Must("POST", "/v1/institutions/prov/units/u1:submit", "{}", provider_);
  const std::string review = OpenReview("institutions/prov/units/u1");
  ASSERT_FALSE(review.empty());
  Must("POST", "/v1/" + review + ":assignReviewers",
       R"({"reviewers":["institutions/other/people/r1","institutions/fourth/people/r2"]})",
       coordinator_);
  Must("POST", "/v1/" + review + ":submitScorecard", Scorecard(4), reviewer1_);
  // Another institution cannot return it; the provider can.
  HttpResult foreign = http_->Send("POST", "/v1/institutions/prov/units/u1:returnToDraft", "{}",
                                   Bearer(hub_->Claims("x", "third", {"INSTITUTION_ADMIN"})));
  EXPECT_EQ(foreign.status, 403) << foreign.body;
  EXPECT_EQ(StringMember(ParseObject(Must("GET", "/v1/" + review, "", coordinator_).body), "state"),
            "OPEN");
  Must("POST", "/v1/institutions/prov/units/u1:returnToDraft", "{}", provider_);
  EXPECT_EQ(StringMember(ParseObject(Must("GET", "/v1/institutions/prov/units/u1", "", provider_).body), "state"),
            "DRAFT");
  EXPECT_EQ(StringMember(ParseObject(Must("GET", "/v1/" + review, "", coordinator_).body), "state"),
            "WITHDRAWN");
  EXPECT_EQ(StringMember(ParseObject(Must("GET", "/v1/institutions/prov/units/u1/quality", "", provider_).body),
                         "status"),
            "NOT_REVIEWED");
  HttpResult late = http_->Send("POST", "/v1/" + review + ":submitScorecard", Scorecard(4), reviewer2_);
  EXPECT_EQ(late.status, 400) << late.body;
  EXPECT_NE(late.body.find("REVIEW_CLOSED"), std::string::npos) << late.body;
  HttpResult decide =
      http_->Send("POST", "/v1/" + review + ":decide", R"({"outcome":"APPROVED"})", coordinator_);
  EXPECT_EQ(decide.status, 400) << decide.body;
  EXPECT_NE(decide.body.find("REVIEW_CLOSED"), std::string::npos) << decide.body;
  EXPECT_NE(Must("GET", "/v1/auditEvents?review=" + review, "", coordinator_).body.find("returned to draft by the provider"),
            std::string::npos);

  // Deleting a unit in review withdraws its review too.
  Must("POST", "/v1/institutions/prov/units/u1:submit", "{}", provider_);
  const std::string second = OpenReview("institutions/prov/units/u1");
  ASSERT_FALSE(second.empty());
  ASSERT_NE(second, review);
  Must("DELETE", "/v1/institutions/prov/units/u1", "", provider_);
  EXPECT_EQ(StringMember(ParseObject(Must("GET", "/v1/" + second, "", coordinator_).body), "state"),
            "WITHDRAWN");
  EXPECT_EQ(OpenReview("institutions/prov/units/u1"), "");
}

TEST_F(QualityE2eTest, WithTheQualityServiceDownNothingIsSubmittedPublishedOrIssued) {
  Must("POST", "/v1/institutions/prov/units?unitId=u1", json::serialize(Unit("Unit one")), provider_);
  Must("POST", "/v1/institutions/prov/units?unitId=u2", json::serialize(Unit("Unit two")), provider_);
  Must("POST", "/v1/institutions/prov/units?unitId=u3", json::serialize(Unit("Unit three")), provider_);
  Approve("u1");
  Must("POST", "/v1/institutions/prov/units/u3:submit", "{}", provider_);
  ASSERT_EQ(hub_->StopQuality(), 0);

  HttpResult publish = http_->Send("POST", "/v1/institutions/prov/units/u1:publish", "{}", provider_);
  EXPECT_EQ(publish.status, 503) << publish.body;
  EXPECT_NE(publish.body.find("QUALITY_SERVICE_UNAVAILABLE"), std::string::npos) << publish.body;
  EXPECT_EQ(StringMember(ParseObject(Must("GET", "/v1/institutions/prov/units/u1", "", provider_).body), "state"),
            "IN_REVIEW");
  EXPECT_FALSE(InCatalogue("Unit one"));
  HttpResult submit = http_->Send("POST", "/v1/institutions/prov/units/u2:submit", "{}", provider_);
  EXPECT_EQ(submit.status, 503) << submit.body;
  // Its review cannot be withdrawn, so the unit in review stays in review, and is not deleted.
  HttpResult back = http_->Send("POST", "/v1/institutions/prov/units/u3:returnToDraft", "{}", provider_);
  EXPECT_EQ(back.status, 503) << back.body;
  EXPECT_NE(back.body.find("QUALITY_SERVICE_UNAVAILABLE"), std::string::npos) << back.body;
  HttpResult gone = http_->Send("DELETE", "/v1/institutions/prov/units/u3", "", provider_);
  EXPECT_EQ(gone.status, 503) << gone.body;
  EXPECT_NE(gone.body.find("QUALITY_SERVICE_UNAVAILABLE"), std::string::npos) << gone.body;
  EXPECT_EQ(StringMember(ParseObject(Must("GET", "/v1/institutions/prov/units/u3", "", provider_).body), "state"),
            "IN_REVIEW");
  EXPECT_EQ(StringMember(ParseObject(Must("GET", "/v1/institutions/prov/units/u2", "", provider_).body), "state"),
            "DRAFT");

  hub_->StartQuality();
  Must("POST", "/v1/institutions/prov/units/u1:publish", "{}", provider_);
  EXPECT_TRUE(InCatalogue("Unit one"));
  Must("POST", "/v1/institutions/prov/units/u1/enrolments?enrolmentId=e1", "{}", Teacher(1));
  ASSERT_EQ(hub_->StopQuality(), 0);
  HttpResult complete = http_->Send("POST", "/v1/institutions/prov/units/u1/enrolments/e1:complete",
                                    kCompletion, provider_);
  EXPECT_EQ(complete.status, 503) << complete.body;
  EXPECT_EQ(StringMember(ParseObject(Must("GET", "/v1/institutions/prov/units/u1/enrolments/e1", "", provider_).body),
                "state"),
            "ENROLLED");
  hub_->StartQuality();
}

}  // namespace
}  // namespace valohub::testing
