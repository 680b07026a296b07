// The hub through its front door: HTTP/JSON and gRPC via the gateway, against real processes
// and a real PostgreSQL.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/support/hub_processes.h"
#include "valohub/competence/v1/competence.grpc.pb.h"

namespace valohub::testing {
namespace {

namespace v1 = competence::v1;
using Headers = std::vector<std::pair<std::string, std::string>>;

class GatewayE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    hub_ = new HubProcesses(
        {"--max-body-bytes=65536", "--rate-limit-per-second=20", "--rate-limit-burst=300"});
    HttpClient client(hub_->http_port());
    Headers op = {{"Authorization", "Bearer " + hub_->OperatorToken()}};
    for (auto [id, business] : {std::pair{"demo", "0112038-9"}, std::pair{"other", "0737546-2"}}) {
      auto r = client.Send("POST", absl::StrCat("/v1/institutions?institutionId=", id),
                           absl::StrCat(R"({"displayName":"College )", id,
                                        R"(","kind":"VET_PROVIDER","businessId":")", business,
                                        R"(","region":"FI-11"})"),
                           op);
      ASSERT_EQ(r.status, 200) << r.body;
    }
  }
  static void TearDownTestSuite() {
    delete hub_;
    hub_ = nullptr;
  }

  Headers As(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
  Headers Operator() { return As(hub_->OperatorToken()); }
  Headers Admin(const std::string& institution) {
    return As(hub_->Token(hub_->Claims("admin-" + institution, institution, {"INSTITUTION_ADMIN"})));
  }
  std::string NewPerson(const std::string& external_id) {
    auto r = http_.Send("POST", "/v1/institutions/demo/people",
                        absl::StrCat(R"({"displayName":"Aino","externalId":")", external_id,
                                     R"(","roles":["TEACHER"]})"),
                        Admin("demo"));
    EXPECT_EQ(r.status, 200) << r.body;
    return JsonString(r.body, "name");
  }

  static HubProcesses* hub_;
  HttpClient http_{hub_->http_port()};
};

HubProcesses* GatewayE2eTest::hub_ = nullptr;

TEST_F(GatewayE2eTest, PeopleCrudWithEtagsAndIdempotentRetry) {
  auto created = http_.Send("POST", "/v1/institutions/demo/people?requestId=r-1",
                            R"({"displayName":"Aino","email":"aino@example.fi","externalId":"E-1"})",
                            Admin("demo"));
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.headers.count("x-request-id"), 1u);
  auto retry = http_.Send("POST", "/v1/institutions/demo/people?requestId=r-1",
                          R"({"displayName":"Aino","email":"aino@example.fi","externalId":"E-1"})",
                          Admin("demo"));
  EXPECT_EQ(retry.status, 200);
  EXPECT_EQ(retry.body, created.body);
  std::string name = JsonString(created.body, "name");
  std::string etag = JsonString(created.body, "etag");
  // Zero values are printed.
  EXPECT_NE(created.body.find("\"teachingField\":\"\""), std::string::npos) << created.body;

  auto patched = http_.Send("PATCH", "/v1/" + name + "?updateMask=teachingField",
                            absl::StrCat(R"({"teachingField":"ICT","etag":)",
                                         "\"\\\"v1\\\"\"", "}"),
                            Admin("demo"));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(JsonString(patched.body, "teachingField"), "ICT");
  auto stale = http_.Send("PATCH", "/v1/" + name + "?updateMask=teachingField",
                          R"({"teachingField":"Music","etag":"\"v1\""})", Admin("demo"));
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(JsonString(stale.body, "code"), "10");
  EXPECT_NE(etag, JsonString(patched.body, "etag"));

  EXPECT_EQ(http_.Send("GET", "/v1/" + name, "", Admin("demo")).status, 200);
  EXPECT_EQ(http_.Send("DELETE", "/v1/" + name, "", Admin("demo")).status, 200);
  auto gone = http_.Send("GET", "/v1/" + name, "", Admin("demo"));
  EXPECT_EQ(gone.status, 404);
  EXPECT_NE(gone.body.find("PERSON_NOT_FOUND"), std::string::npos);
}

TEST_F(GatewayE2eTest, PaginationOverHttp) {
  for (int i = 0; i < 5; ++i) NewPerson(absl::StrCat("PAGE-", i));
  std::string token;
  std::set<std::string> names;
  int rows = 0, pages = 0;
  do {
    auto r = http_.Send("GET", "/v1/institutions/demo/people?pageSize=2&pageToken=" + token, "",
                        Admin("demo"));
    ASSERT_EQ(r.status, 200) << r.body;
    token = JsonString(r.body, "nextPageToken");
    std::string people = JsonString(r.body, "people");
    for (size_t at = people.find("institutions/demo/people/"); at != std::string::npos;
         at = people.find("institutions/demo/people/", at + 1)) {
      names.insert(people.substr(at, people.find('"', at) - at));
      ++rows;
    }
    ++pages;
  } while (!token.empty() && pages < 100);
  EXPECT_GE(pages, 3);
  EXPECT_GE(names.size(), 5u);
  EXPECT_EQ(static_cast<int>(names.size()), rows) << "a row was repeated";
  EXPECT_EQ(http_.Send("GET", "/v1/institutions/demo/people?pageSize=-1", "", Admin("demo")).status,
            400);
}

TEST_F(GatewayE2eTest, GatewayErrorsAreJsonStatuses) {
  auto unknown = http_.Send("GET", "/v1/nowhere", "", Operator());
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.headers["content-type"], "application/json");
  EXPECT_NE(unknown.body.find("UNKNOWN_PATH"), std::string::npos);
  auto wrong = http_.Send("PUT", "/v1/institutions/demo", "{}", Operator());
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.headers["allow"], "GET, PATCH, DELETE");
  auto malformed = http_.Send("POST", "/v1/institutions", "{nope", Operator());
  EXPECT_EQ(malformed.status, 400);
  EXPECT_NE(malformed.body.find("MALFORMED_BODY"), std::string::npos);
  auto param = http_.Send("GET", "/v1/institutions?colour=blue", "", Operator());
  EXPECT_EQ(param.status, 400);
  EXPECT_NE(param.body.find("colour"), std::string::npos);
  auto type = http_.Send("POST", "/v1/institutions", "x", {{"Content-Type", "text/plain"},
                                                           {"Authorization", "Bearer " + hub_->OperatorToken()}});
  EXPECT_EQ(type.status, 415);
  auto big = http_.Send("POST", "/v1/institutions", std::string(70000, ' '), Operator());
  EXPECT_EQ(big.status, 413);
  EXPECT_NE(big.body.find("\"code\""), std::string::npos);
}

TEST_F(GatewayE2eTest, BackendErrorsMapToCanonicalHttpCodes) {
  auto invalid = http_.Send("POST", "/v1/institutions/demo/people", R"({"email":"x"})", Admin("demo"));
  EXPECT_EQ(invalid.status, 400);
  EXPECT_NE(invalid.body.find("fieldViolations"), std::string::npos);
  EXPECT_NE(invalid.body.find("person.display_name"), std::string::npos);
  NewPerson("DUP-1");
  auto dup = http_.Send("POST", "/v1/institutions/demo/people",
                        R"({"displayName":"B","externalId":"DUP-1"})", Admin("demo"));
  EXPECT_EQ(dup.status, 409);
  auto missing = http_.Send("GET", "/v1/institutions/demo/people/nobody", "", Admin("demo"));
  EXPECT_EQ(missing.status, 404);
  auto precondition = http_.Send("DELETE", "/v1/institutions/demo", "", Operator());
  EXPECT_EQ(precondition.status, 400);  // FAILED_PRECONDITION: it has people
  auto foreign = http_.Send("GET", "/v1/institutions/demo/people/nobody", "", Admin("other"));
  EXPECT_EQ(foreign.status, 403);
  auto anonymous = http_.Send("GET", "/v1/institutions/demo/people", "");
  EXPECT_EQ(anonymous.status, 401);
  // A thousand-row import cannot finish in 2 ms: DEADLINE_EXCEEDED is 504.
  std::string rows;
  for (int i = 0; i < 1000; ++i) {
    absl::StrAppend(&rows, i ? "," : "", R"({"displayName":"P","externalId":"T-)", i, "\"}");
  }
  auto timeout = http_.Send("POST", "/v1/institutions/demo/people:batchUpsert",
                            "{\"people\":[" + rows + "]}",
                            {{"Authorization", "Bearer " + hub_->OperatorToken()},
                             {"X-Timeout-Ms", "2"}});
  EXPECT_EQ(timeout.status, 504) << timeout.body;
}

TEST_F(GatewayE2eTest, BadTokensAreUnauthenticated) {
  auto claims = hub_->Claims("u", "demo", {"INSTITUTION_ADMIN"});
  auto expired = claims;
  expired.not_before = absl::Now() - absl::Hours(3);
  expired.expires = absl::Now() - absl::Hours(2);
  auto wrong_audience = claims;
  wrong_audience.audience = "elsewhere";
  for (const std::string& token :
       {hub_->Token(expired), hub_->Token(wrong_audience), std::string("not.a.token"),
        hub_->Token(claims).substr(0, hub_->Token(claims).size() - 4) + "AAAA"}) {
    auto r = http_.Send("GET", "/v1/institutions/demo", "", As(token));
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(r.headers.count("www-authenticate"), 1u);
  }
  auto basic = http_.Send("GET", "/v1/institutions/demo", "", {{"Authorization", "Basic eDp5"}});
  EXPECT_EQ(basic.status, 401);
}

TEST_F(GatewayE2eTest, UnsafeHeaderValuesCannotReachGrpcMetadata) {
  // gRPC aborts on metadata outside printable ASCII; such request ids are replaced.
  auto r = http_.Send("GET", "/v1/frameworks", "", {{"X-Request-Id", "caf\xc3\xa9\tid"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.headers["x-request-id"], "caf\xc3\xa9\tid");
  auto claims = hub_->Claims("k\xc3\xa4ytt\xc3\xa4j\xc3\xa4", "demo", {"INSTITUTION_ADMIN"});
  auto unsafe = http_.Send("GET", "/v1/institutions/demo", "", As(hub_->Token(claims)));
  EXPECT_EQ(unsafe.status, 401);
  EXPECT_NE(unsafe.body.find("UNSUPPORTED_CLAIMS"), std::string::npos);
  EXPECT_EQ(http_.Send("GET", "/healthz").status, 200);  // still up
}

TEST_F(GatewayE2eTest, IdentityHeadersFromClientsAreIgnored) {
  std::string me = NewPerson("SELF-1");
  std::string my_id = me.substr(me.rfind('/') + 1);
  std::string teacher = hub_->Token(hub_->Claims("t", "demo", {"TEACHER"}, my_id));
  auto escalate = http_.Send("GET", "/v1/institutions/demo/people", "",
                             {{"Authorization", "Bearer " + teacher},
                              {"x-valohub-roles", "HUB_OPERATOR"},
                              {"x-valohub-institution", "demo"}});
  EXPECT_EQ(escalate.status, 403) << escalate.body;
  EXPECT_EQ(http_.Send("GET", "/v1/" + me, "", As(teacher)).status, 200);
}

TEST_F(GatewayE2eTest, CorsPreflightAndHealth) {
  auto preflight = http_.Send("OPTIONS", "/v1/institutions/demo/people", "",
                              {{"Origin", "https://app.example.fi"},
                               {"Access-Control-Request-Method", "POST"},
                               {"Access-Control-Request-Headers", "authorization,content-type"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.headers["access-control-allow-origin"], "https://app.example.fi");
  EXPECT_EQ(preflight.headers["access-control-allow-credentials"], "true");
  EXPECT_NE(preflight.headers["access-control-allow-methods"].find("POST"), std::string::npos);
  auto evil = http_.Send("OPTIONS", "/v1/institutions/demo/people", "",
                         {{"Origin", "https://evil.example"},
                          {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(evil.status, 403);
  EXPECT_EQ(evil.headers.count("access-control-allow-origin"), 0u);
  auto simple = http_.Send("GET", "/v1/frameworks", "", {{"Origin", "https://app.example.fi"}});
  EXPECT_EQ(simple.status, 200);
  EXPECT_EQ(simple.headers["access-control-allow-origin"], "https://app.example.fi");
  EXPECT_EQ(http_.Send("GET", "/healthz").status, 200);
  EXPECT_EQ(http_.Send("GET", "/readyz").status, 200);
  auto openapi = http_.Send("GET", "/openapi.json");
  EXPECT_EQ(openapi.status, 200);
  EXPECT_EQ(JsonString(openapi.body, "openapi"), "3.0.3");
  EXPECT_NE(openapi.body.find("/v1/institutions/{institution}/people/{person}"), std::string::npos);
}

TEST_F(GatewayE2eTest, NativeGrpcThroughTheGateway) {
  std::string me = NewPerson("GRPC-1");
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(hub_->grpc_port()),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::CompetenceService::NewStub(channel);
  v1::GetPersonRequest req;
  req.set_name(me);
  v1::Person person;
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + hub_->Token(hub_->Claims("a", "demo", {"INSTITUTION_ADMIN"})));
    ctx.AddMetadata("x-request-id", "grpc-req-1");
    grpc::Status s = stub->GetPerson(&ctx, req, &person);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(person.name(), me);
    auto id = ctx.GetServerInitialMetadata().find("x-request-id");
    ASSERT_NE(id, ctx.GetServerInitialMetadata().end());
    EXPECT_EQ(std::string(id->second.data(), id->second.size()), "grpc-req-1");
  }
  {
    grpc::ClientContext ctx;  // anonymous, pretending to be an operator
    ctx.AddMetadata("x-valohub-roles", "HUB_OPERATOR");
    ctx.AddMetadata("x-valohub-subject", "root");
    EXPECT_EQ(stub->GetPerson(&ctx, req, &person).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + hub_->Token(hub_->Claims("a", "other", {"INSTITUTION_ADMIN"})));
    EXPECT_EQ(stub->GetPerson(&ctx, req, &person).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer expired.bad.token");
    EXPECT_EQ(stub->GetPerson(&ctx, req, &person).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  {
    grpc::GenericStub generic(channel);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::Slice empty("");
    grpc::ByteBuffer in(&empty, 1), out;
    grpc::Status status;
    bool done = false;
    absl::Mutex mu;
    generic.UnaryCall(&ctx, "/not.a.Service/Method", grpc::StubOptions(), &in, &out,
                      [&](grpc::Status s) {
                        absl::MutexLock lock(&mu);
                        status = s;
                        done = true;
                      });
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(&done));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
  {
    // An empty response message (google.protobuf.Empty) passes through as well.
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + hub_->Token(hub_->Claims("a", "demo", {"INSTITUTION_ADMIN"})));
    v1::DeletePersonRequest del;
    del.set_name(me);
    google::protobuf::Empty empty_response;
    grpc::Status s = stub->DeletePerson(&ctx, del, &empty_response);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
}

TEST_F(GatewayE2eTest, RateLimitGives429WithRetryAfter) {
  std::string token = hub_->Token(hub_->Claims("busy-client", "demo", {"INSTITUTION_ADMIN"}));
  HttpResult limited;
  int ok = 0;
  for (int i = 0; i < 400 && limited.status != 429; ++i) {
    HttpResult r = http_.Send("GET", "/v1/institutions/demo", "", As(token));
    if (r.status == 429) limited = r;
    if (r.status == 200) ++ok;
  }
  ASSERT_EQ(limited.status, 429);
  EXPECT_GE(ok, 250);
  EXPECT_GE(std::stoi(limited.headers["retry-after"]), 1);
  EXPECT_NE(limited.body.find("RATE_LIMITED"), std::string::npos);
  // Another client is not affected.
  EXPECT_EQ(http_.Send("GET", "/v1/institutions/demo", "", Admin("demo")).status, 200);
}

TEST_F(GatewayE2eTest, ApiKeysForInstitutionSystems) {
  auto created = http_.Send("POST", "/v1/institutions/demo/apiKeys",
                            R"({"displayName":"HR system","roles":["INSTITUTION_ADMIN"]})",
                            Admin("demo"));
  ASSERT_EQ(created.status, 200) << created.body;
  std::string secret = JsonString(created.body, "secret");
  std::string name = JsonString(created.body, "name");
  ASSERT_FALSE(secret.empty());
  EXPECT_EQ(http_.Send("GET", "/v1/institutions/demo/people", "", {{"X-Api-Key", secret}}).status,
            200);
  EXPECT_EQ(http_.Send("GET", "/v1/institutions/demo/people", "",
                       {{"Authorization", "ApiKey " + secret}})
                .status,
            200);
  EXPECT_EQ(http_.Send("GET", "/v1/institutions/other/people", "", {{"X-Api-Key", secret}}).status,
            403);
  auto listed = http_.Send("GET", "/v1/institutions/demo/apiKeys", "", Admin("demo"));
  EXPECT_EQ(listed.body.find(secret), std::string::npos) << "the secret is shown once";
  EXPECT_EQ(http_.Send("GET", "/v1/institutions/demo/people", "",
                       {{"X-Api-Key", secret.substr(0, secret.size() - 3) + "abc"}})
                .status,
            401);
  ASSERT_EQ(http_.Send("POST", "/v1/" + name + ":revoke", "{}", Admin("demo")).status, 200);
  auto revoked = http_.Send("GET", "/v1/institutions/demo/people", "", {{"X-Api-Key", secret}});
  EXPECT_EQ(revoked.status, 401);
  EXPECT_NE(revoked.body.find("INVALID_API_KEY"), std::string::npos);

  // The internal verification method is not reachable through the gateway.
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(hub_->grpc_port()),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::CompetenceService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + hub_->OperatorToken());
  v1::VerifyApiKeyRequest req;
  req.set_secret(secret);
  v1::VerifyApiKeyResponse resp;
  EXPECT_EQ(stub->VerifyApiKey(&ctx, req, &resp).error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(GatewayE2eTest, PrometheusMetricsAreServed) {
  http_.Send("GET", "/v1/frameworks");
  http_.Send("GET", "/v1/nowhere");
  HttpClient metrics(hub_->gateway_metrics_port());
  auto r = metrics.Send("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  for (const char* name :
       {"valohub_gateway_http_requests_total", "valohub_gateway_http_duration_seconds_bucket",
        "valohub_gateway_http_in_flight", "route=\"GET /v1/frameworks\"", "status=\"404\""}) {
    EXPECT_NE(r.body.find(name), std::string::npos) << name;
  }
}

// Last: it stops the competence service.
TEST_F(GatewayE2eTest, ZZServiceDownIs503) {
  hub_->StopCompetence();
  auto r = http_.Send("GET", "/v1/institutions/demo", "", Operator());
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(http_.Send("GET", "/readyz").status, 503);
  hub_->StartCompetence();
  absl::Time until = absl::Now() + absl::Seconds(20);
  int status = 0;
  while (absl::Now() < until && (status = http_.Send("GET", "/readyz").status) != 200) {
    absl::SleepFor(absl::Milliseconds(200));
  }
  EXPECT_EQ(status, 200);
  EXPECT_EQ(http_.Send("GET", "/v1/institutions/demo", "", Operator()).status, 200);
}

}  // namespace
}  // namespace valohub::testing

namespace valohub::testing {
namespace {

TEST(GatewayStartupTest, UnknownBackendNameStopsStartUp) {
  ChildProcess gateway(GATEWAY_BINARY,
                       {"--backends=valohub.nothing.v1.Nope=127.0.0.1:1", "--jwks=/dev/null",
                        "--issuer=x", "--http-listen=127.0.0.1:0", "--grpc-listen=127.0.0.1:0",
                        "--metrics-listen=127.0.0.1:0"});
  EXPECT_EQ(gateway.WaitForLine("gateway listening"), "");
  EXPECT_EQ(gateway.Stop(), 2);
}

}  // namespace
}  // namespace valohub::testing
