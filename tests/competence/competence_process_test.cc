// The competence service as a separate process: restarts keep data, health follows PostgreSQL
// without a restart, SIGTERM drains and exits 0, and replicas starting together migrate once.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/competence/store_fixture.h"
#include "tests/support/child_process.h"
#include "tests/support/hub_processes.h"
#include "valohub/competence/v1/competence.grpc.pb.h"

namespace valohub::competence {
namespace {

// A running valohub-competence process.
class ServiceProcess {
 public:
  explicit ServiceProcess(const std::string& conninfo)
      : process_(COMPETENCE_BINARY, {"--database=" + conninfo, "--listen=127.0.0.1:0",
                                     "--metrics-listen=127.0.0.1:0", "--db-pool-size=2"}) {}

  // Blocks until the process prints its port (or exits). Separate from starting, so that
  // several processes can be started at the same moment.
  int WaitForPort() {
    if (port_ == 0) {
      std::sscanf(process_.WaitForLine("competence listening on port").c_str(),
                  "competence listening on port %d metrics port %d", &port_, &metrics_port_);
    }
    return port_;
  }
  int metrics_port() const { return metrics_port_; }
  int Stop() { return process_.Stop(); }
  bool Alive() const { return process_.Alive(); }
  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  testing::ChildProcess process_;
  int port_ = 0;
  int metrics_port_ = 0;
};

grpc::health::v1::HealthCheckResponse::ServingStatus Health(const std::string& target) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::health::v1::HealthCheckRequest req;
  grpc::health::v1::HealthCheckResponse resp;
  if (!stub->Check(&ctx, req, &resp).ok()) return grpc::health::v1::HealthCheckResponse::UNKNOWN;
  return resp.status();
}

bool WaitForHealth(const std::string& target,
                   grpc::health::v1::HealthCheckResponse::ServingStatus want) {
  absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (absl::Now() < deadline) {
    if (Health(target) == want) return true;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return false;
}

std::unique_ptr<v1::CompetenceService::Stub> Stub(const ServiceProcess& p) {
  return v1::CompetenceService::NewStub(
      grpc::CreateChannel(p.target(), grpc::InsecureChannelCredentials()));
}

TEST(CompetenceProcessTest, DataSurvivesARestartAndSigtermExitsZero) {
  std::string db = testing::SharedCluster().CreateDatabase();
  std::string name;
  {
    ServiceProcess first(db);
    ASSERT_GT(first.WaitForPort(), 0);
    ASSERT_TRUE(WaitForHealth(first.target(), grpc::health::v1::HealthCheckResponse::SERVING));
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-valohub-subject", "op");
    ctx.AddMetadata("x-valohub-roles", "HUB_OPERATOR");
    v1::CreateInstitutionRequest req;
    *req.mutable_institution() = SampleInstitution();
    v1::Institution out;
    ASSERT_TRUE(Stub(first)->CreateInstitution(&ctx, req, &out).ok());
    name = out.name();
    EXPECT_EQ(first.Stop(), 0);
  }
  ServiceProcess second(db);
  ASSERT_GT(second.WaitForPort(), 0);
  grpc::ClientContext ctx;
  ctx.AddMetadata("x-valohub-subject", "op");
  ctx.AddMetadata("x-valohub-roles", "HUB_OPERATOR");
  v1::GetInstitutionRequest get;
  get.set_name(name);
  v1::Institution got;
  grpc::Status s = Stub(second)->GetInstitution(&ctx, get, &got);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(got.business_id(), "0112038-9");
}

TEST(CompetenceProcessTest, PrometheusMetricsCoverCallsPoolAndQueries) {
  std::string db = testing::SharedCluster().CreateDatabase();
  ServiceProcess service(db);
  ASSERT_GT(service.WaitForPort(), 0);
  ASSERT_TRUE(WaitForHealth(service.target(), grpc::health::v1::HealthCheckResponse::SERVING));
  grpc::ClientContext ctx;
  ctx.AddMetadata("x-valohub-subject", "op");
  ctx.AddMetadata("x-valohub-roles", "HUB_OPERATOR");
  v1::GetInstitutionRequest get;
  get.set_name("institutions/none");
  v1::Institution out;
  EXPECT_EQ(Stub(service)->GetInstitution(&ctx, get, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  testing::HttpClient http(service.metrics_port());
  auto r = http.Send("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  for (const char* text :
       {"valohub_rpc_requests_total{code=\"NOT_FOUND\",method=\"GetInstitution\",service=\"competence\"} 1",
        "valohub_rpc_duration_seconds_bucket", "valohub_db_pool_connections_in_use",
        "valohub_db_pool_waiters", "statement=\"institution_get\""}) {
    EXPECT_NE(r.body.find(text), std::string::npos) << text;
  }
}

TEST(CompetenceProcessTest, HealthFollowsPostgresWithoutARestart) {
  testing::PgCluster cluster;  // its own cluster: this test stops it
  std::string db = cluster.CreateDatabase();
  ServiceProcess service(db);
  ASSERT_GT(service.WaitForPort(), 0);
  ASSERT_TRUE(WaitForHealth(service.target(), grpc::health::v1::HealthCheckResponse::SERVING));
  cluster.Stop();
  EXPECT_TRUE(WaitForHealth(service.target(), grpc::health::v1::HealthCheckResponse::NOT_SERVING));
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    ctx.AddMetadata("x-valohub-subject", "op");
    ctx.AddMetadata("x-valohub-roles", "HUB_OPERATOR");
    v1::ListInstitutionsRequest req;
    v1::ListInstitutionsResponse resp;
    EXPECT_EQ(Stub(service)->ListInstitutions(&ctx, req, &resp).error_code(),
              grpc::StatusCode::UNAVAILABLE);
  }
  cluster.Start();
  EXPECT_TRUE(WaitForHealth(service.target(), grpc::health::v1::HealthCheckResponse::SERVING));
  EXPECT_TRUE(service.Alive());
  grpc::ClientContext ctx;
  ctx.AddMetadata("x-valohub-subject", "op");
  ctx.AddMetadata("x-valohub-roles", "HUB_OPERATOR");
  v1::ListInstitutionsRequest req;
  v1::ListInstitutionsResponse resp;
  EXPECT_TRUE(Stub(service)->ListInstitutions(&ctx, req, &resp).ok());
}

TEST(CompetenceProcessTest, SigtermWhileWaitingForPostgresStopsCleanly) {
  // No PostgreSQL there: start-up keeps retrying (for 30 s by default) until told to stop.
  testing::ChildProcess service(COMPETENCE_BINARY,
                                {"--database=host=/nonexistent port=1 user=x dbname=x",
                                 "--listen=127.0.0.1:0", "--metrics-listen=127.0.0.1:0"});
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(service.Stop(), 0);
}

TEST(CompetenceProcessTest, TwoReplicasStartingTogetherMigrateOnce) {
  std::string db = testing::SharedCluster().CreateDatabase();
  ServiceProcess a(db), b(db);
  EXPECT_GT(a.WaitForPort(), 0);
  EXPECT_GT(b.WaitForPort(), 0);
  pqxx::connection conn(db);
  pqxx::nontransaction txn(conn);
  auto r = txn.exec("SELECT version, count(*) FROM competence.schema_migrations GROUP BY version");
  ASSERT_GE(r.size(), 1u);
  for (const auto& row : r) EXPECT_EQ(row[1].as<int>(), 1) << "version " << row[0].c_str();
}

}  // namespace
}  // namespace valohub::competence
