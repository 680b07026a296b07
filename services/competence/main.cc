// The competence-profiles service process: reads its configuration, applies its migrations,
// serves until SIGTERM/SIGINT, then drains and exits 0.
#include <cstdio>
#include <thread>

#include "absl/synchronization/notification.h"

#include "absl/time/clock.h"
#include "services/competence/competence_grpc.h"
#include "services/competence/competence_migrations.h"
#include "services/runtime/db.h"
#include "services/runtime/executor.h"
#include "services/runtime/flags.h"
#include "services/runtime/logger.h"
#include "services/runtime/metrics.h"
#include "services/runtime/migrations.h"
#include "services/runtime/service_host.h"

extern char** environ;

int main(int argc, char** argv) {
  valohub::InstallTerminationHandling();
  valohub::Flags flags;
  const std::string* listen = flags.String("listen", "127.0.0.1:7101", "gRPC listen address",
                                           valohub::CheckHostPort);
  const std::string* metrics_listen = flags.String(
      "metrics-listen", "127.0.0.1:9101", "Prometheus /metrics listen address",
      valohub::CheckHostPort);
  const std::string* database = flags.String(
      "database", "", "libpq connection string of the hub's PostgreSQL", valohub::CheckNonEmpty);
  const int64_t* pool_size = flags.Int("db-pool-size", 8, 1, 256, "PostgreSQL connections");
  const int64_t* max_queue =
      flags.Int("max-queued-calls", 1000, 1, 1000000, "calls waiting for a worker before RESOURCE_EXHAUSTED");
  const int64_t* max_deadline_ms =
      flags.Int("max-deadline-ms", 30000, 10, 600000, "cap on a call's deadline");
  const int64_t* drain_ms =
      flags.Int("drain-timeout-ms", 10000, 0, 600000, "time in-flight calls get on shutdown");
  const bool* access_log = flags.Bool("access-log", true, "log every call (errors are always logged)");
  const int64_t* migrate_wait_ms = flags.Int(
      "migrate-wait-ms", 30000, 0, 600000, "how long to wait for PostgreSQL at start-up");

  valohub::Logger logger("competence");
  if (absl::Status s = flags.Parse(argc, argv, environ); !s.ok()) {
    std::fprintf(stderr, "competence: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  if (flags.help_requested()) {
    std::printf("competence service flags:\n%s", flags.Usage().c_str());
    return 0;
  }
  if (database->empty()) {
    std::fprintf(stderr, "competence: --database (VALOHUB_DATABASE) is required\n");
    return 2;
  }

  // SIGTERM/SIGINT are honoured from here on, also while start-up waits for PostgreSQL.
  absl::Notification stop;
  std::thread([&stop] {
    valohub::WaitForTerminationSignal();
    stop.Notify();
  }).detach();

  absl::Status migrated = valohub::ApplyMigrations(
      *database, "competence", valohub::competence::Migrations(), logger,
      absl::Now() + absl::Milliseconds(*migrate_wait_ms), &stop);
  if (migrated.code() == absl::StatusCode::kCancelled) {
    logger.Info("stopped before serving");
    return 0;
  }
  if (!migrated.ok()) {
    logger.Error(std::string(migrated.message()));
    return 1;
  }

  valohub::Metrics metrics("competence");
  valohub::db::PoolOptions pool_options;
  pool_options.conninfo = *database;
  pool_options.size = static_cast<int>(*pool_size);
  valohub::db::Pool pool(pool_options, valohub::competence::AllQueries(), &metrics);
  valohub::Executor executor(static_cast<int>(*pool_size), static_cast<int>(*max_queue));
  valohub::UnaryCalls calls(valohub::competence::kErrorDomainName, executor, logger, metrics,
                            absl::Milliseconds(*max_deadline_ms), *access_log);
  valohub::competence::CompetenceService service(pool);
  valohub::competence::CompetenceGrpc grpc_service(service, calls);

  valohub::ServiceHostOptions host_options;
  host_options.service_names = {valohub::competence::kServiceName};
  host_options.listen_address = *listen;
  host_options.metrics_address = *metrics_listen;
  host_options.drain_timeout = absl::Milliseconds(*drain_ms);
  valohub::ServiceHost host(host_options, logger, metrics, &pool);
  if (absl::Status s = host.Start({&grpc_service}); !s.ok()) {
    logger.Error(std::string(s.message()));
    return 1;
  }
  // Tests and the hub's start script read the bound port from this line.
  std::printf("competence listening on port %d metrics port %d\n", host.port(), metrics.port());
  std::fflush(stdout);
  stop.WaitForNotification();
  host.Shutdown();
  executor.Shutdown();
  return 0;
}
